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

struct BvseOptions {
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

// Minimum-energy path of the shortest mobile-mobile hop. Errors when the
// structure has fewer than one mobile site.
absl::StatusOr<HopPath> ComputeHopPath(const crystal::Crystal& c,
                                       const Grid& grid, double e_min_ev,
                                       const BvseOptions& options);

// Everything above for one structure.
absl::StatusOr<BvseResult> RunBvse(const crystal::Crystal& c,
                                   const BvseParams& params,
                                   const BvseOptions& options);

// Tab-separated summary: header line and one row per result ("NA" for a
// missing hop barrier).
std::string BvseTsvHeader();
std::string BvseTsvRow(const BvseResult& r);

}  // namespace ionscreen::bvse

#endif  // IONSCREEN_LIB_BVSE_BVSE_H_
