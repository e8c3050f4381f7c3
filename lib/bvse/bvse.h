// Bond valence site energy (BVSE) of a mobile test ion on a periodic grid,
// percolation barriers and the minimum-energy hop path.
//
// Energy of the test ion (atomic number Z_m, valence q_m > 0) at point r,
// summed over framework ions j within rcut (all periodic images), each
// weighted by its site occupancy (the formulas of BVlain/softBV):
//   counter-ions (q_j < 0):   D0/2 * ((exp(alpha (R_min - R)) - 1)^2 - 1)
//   like-charged (q_j > 0):   14.4 eV*A * q_j q_m / sqrt(n_j n_m) / R
//                               * erfc(R / (f (rc_j + rc_m))),  f = 0.74
// with softBV Morse parameters of the pair (Z_m, q_m)-(Z_j, q_j), principal
// quantum numbers n and covalent radii rc. Neutral occupants (q = 0) and
// all mobile-ion occupants are left out of the framework.
#ifndef IONSCREEN_LIB_BVSE_BVSE_H_
#define IONSCREEN_LIB_BVSE_BVSE_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/bvse/bvse.pb.h"
#include "lib/bvse/bvse_params.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::bvse {

// kBvlain: the formulas above on a periodic grid, exact union-find
// percolation (rank of the period lattice). kPaper: the authors'
// BVAnalysis.py (FALL-ML/materials-discovery), see ComputePaperEnergyGrid
// and ComputePaperPercolation.
enum class BvseModel { kBvlain, kPaper };

struct BvseOptions {
  BvseModel model = BvseModel::kBvlain;
  // kPaper: number of nearest sites (any species, from the 5x5x5 supercell)
  // that enter each grid point's sum, as the authors' KD-tree query.
  int paper_neighbors = 128;
  int mobile_atomic_number = 3;  // Li
  int mobile_valence = 1;
  double resolution_angstrom = 0.1;
  double rcut_angstrom = 10.0;
  int64_t max_grid_points = 20'000'000;
  double screening_factor = 0.74;
  // Threads for the energy grid; results are bitwise independent of it.
  int threads = 1;
  bool keep_grid = false;
  bool hop_path = false;
  // Extra radius (A) around the hop segment searched for the hop path.
  double hop_margin_angstrom = 2.0;
};

struct Grid {
  std::array<int, 3> n = {0, 0, 0};
  std::vector<double> energy_ev;  // index (i * n[1] + j) * n[2] + k
  size_t Index(int i, int j, int k) const {
    return (static_cast<size_t>(i) * n[1] + j) * n[2] + k;
  }
};

// Grid size along each lattice vector: ceil(|a_i| / resolution).
std::array<int, 3> GridShape(const crystal::Crystal& c,
                             double resolution_angstrom);

// BVSE energy on the grid. Errors (InvalidArgument / NotFound / OutOfRange)
// name the reason: no mobile ion, missing oxidation state, untabulated pair
// (named), grid above max_grid_points.
absl::StatusOr<Grid> ComputeEnergyGrid(const crystal::Crystal& c,
                                       const BvseParams& params,
                                       const BvseOptions& options);

struct PercolationBarriers {
  double e_min_ev = 0;
  std::array<double, 3> ea_ev = {0, 0, 0};  // 1D, 2D, 3D above e_min
};

// Exact percolation levels on the grid (26-neighbour connectivity, periodic):
// voxels are added in order of energy into a union-find that tracks each
// voxel's lattice offset from its root; a bond closing a loop with a non-zero
// offset adds a period vector to the component, and the component's
// dimensionality is the rank of its period vectors.
PercolationBarriers ComputePercolation(const Grid& grid);

// --- The authors' model (BVAnalysis.py), kept to reproduce their values ---

// Charge-balance factor that multiplies the cation-cation Coulomb term:
// qsum = -sum_anion / sum_cation, where each element contributes
// sum over its sites of q * occupancy / sqrt(n) (the mobile ion counts as a
// cation). Neutral occupants are left out.
absl::StatusOr<double> PaperChargeBalance(const crystal::Crystal& c,
                                          const BvseParams& params,
                                          const BvseOptions& options);

// n_i = floor(|a_i| / resolution) + 1 points at i / (n_i - 1): both the 0 and
// the 1 plane are on the grid (numpy linspace with the end point).
std::array<int, 3> PaperGridShape(const crystal::Crystal& c,
                                  double resolution_angstrom);

// Energy at each point of PaperGridShape from the options.paper_neighbors
// nearest sites (site + shift in {-2..2}^3): Morse sum to anion sites
// (r <= rcut) times 0.5 * D0 of the farthest anion site among them (the
// authors' loop keeps the last pair's D0), plus 14.4 * qsum * screened
// Coulomb to non-mobile cations with r_j < r < rcut (radii of
// paper_radii.tsv, screening 0.74 (r_m + r_j), charges q / sqrt(n)); a
// cation closer than its radius r_j resets the Coulomb sum to 300, to which
// the terms of farther cations are then added.
absl::StatusOr<Grid> ComputePaperEnergyGrid(const crystal::Crystal& c,
                                            const BvseParams& params,
                                            const BvseOptions& options);

// The authors' percolation: the grid (minus its minimum) tiled 2x2x2,
// thresholded at E < t, labelled with 26-connectivity without periodic
// wrap; a component's dimension is the number of axes its bounding box
// spans end to end. For d = 1, 2, 3 their bisection of t over [0, 20] eV
// (stop at width <= 0.01, 11 halvings) is reproduced exactly from the
// critical level (one union-find sweep): Ea_d is the bisection's upper end,
// a multiple of 20/2048 eV, or 20000 when it reaches 20 eV.
PercolationBarriers ComputePaperPercolation(const Grid& grid);

// The value their bisection returns when the predicate holds exactly for
// t > critical_ev.
double PaperBisection(double critical_ev);

// Minimum-energy path of the shortest mobile-mobile hop. Errors when the
// structure has fewer than one mobile site.
absl::StatusOr<HopPath> ComputeHopPath(const crystal::Crystal& c,
                                       const Grid& grid, double e_min_ev,
                                       const BvseOptions& options);

// FailedPrecondition when c carries states but is neutral where BVSE needs
// charges (issue 18: a CIF declaring every state 0 gave Ea = 0 silently): an
// occupant of the mobile element with state 0, or no occupant with a
// negative state (every anion at 0). Ok when some non-mobile occupant has no
// state (the grid names that error).
absl::Status CheckChargedInput(const crystal::Crystal& c,
                               const BvseOptions& options);

// Everything above for one structure (CheckChargedInput first).
absl::StatusOr<BvseResult> RunBvse(const crystal::Crystal& c,
                                   const BvseParams& params,
                                   const BvseOptions& options);

// Tab-separated summary: header line and one row per result ("NA" for a
// missing hop barrier).
std::string BvseTsvHeader();
std::string BvseTsvRow(const BvseResult& r);

}  // namespace ionscreen::bvse

#endif  // IONSCREEN_LIB_BVSE_BVSE_H_
