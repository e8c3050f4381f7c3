// JARVIS classical force-field inspired descriptors (CFID; Choudhary et al.,
// Phys. Rev. Materials 2, 083801 (2018)) as matminer's JarvisCFID (the
// paper's implementation), 1557 features:
//   438 chemical: mean over the distinct elements (unweighted, as matminer)
//       of the JARVIS element descriptor vectors (element_chem.json);
//     4 cell: log(volume per atom) rounded to 5 decimals, density (g/cm^3),
//       volume per atom (A^3), packing fraction (atomic radii);
//   378 charge: mean over the distinct elements of element_charges.json;
//   100 RDF: radial distribution to 10 A in 0.1 A bins (4 decimals);
//   179 + 179 ADF: bond-angle histograms (1..180 degrees) with the
//       element-pair cutoff and the second-shell cutoff;
//   179 DDF: dihedral-angle histogram with the first-shell cutoff;
//   100 NN: neighbour counts per 0.1 A bin divided by the number of sites.
// The structural parts follow matminer's code step by step (cutoff choice
// from the RDF's empty bins, supercell of >= 10 A per lattice vector with a
// single minimum image, angle keys rounded to 0.001 degree and weighted by
// occurrences / distinct centre atoms). The angle and dihedral loops over the
// supercell are evaluated from image 0 of each site and counted once per
// image where rounding cannot change the 0.001-degree key; the rest is
// recomputed per image, so the output is the full loop's bit for bit at a
// fraction of its cost (issue #14). Image-0 keys come from a polynomial acos
// (dihedrals: acos(c / hypot(s, c)) instead of atan2) in 2-wide SSE2 passes;
// the histograms keep 2-byte per-key tables reused per thread and sort the
// exact per-image adds once per structure. Only ordered structures: a partially
// occupied or mixed site is a per-record error (angles between fractional
// atoms have no meaning in this definition).
#ifndef IONSCREEN_LIB_DESCRIPTORS_JARVIS_CFID_JARVIS_CFID_H_
#define IONSCREEN_LIB_DESCRIPTORS_JARVIS_CFID_JARVIS_CFID_H_

#include <string>
#include <vector>

#include "Eigen/Dense"
#include "absl/status/statusor.h"

namespace ionscreen::descriptors::cfid {

// Python's round(x, digits) (exact decimal rounding, ties to even on the
// exact binary value).
double PyRound(double x, int digits);

// acos within 2.2e-8 rad on [-1, 1] (a polynomial, several times cheaper);
// decides angle keys only where they are far from a rounding edge.
double ApproxAcos(double x);

// An ordered periodic structure: lattice rows (A), Cartesian positions and
// atomic numbers.
struct Cell {
  Eigen::Matrix3d lattice;
  std::vector<Eigen::Vector3d> cart;
  std::vector<int> z;
};

// matminer's _clean_structure: a diagonal lattice entry that exceeds the
// atoms' Cartesian extent along that axis by more than 8 A is replaced by
// extent + 8 A (vacuum normalisation). Returns the new lattice and the
// (unwrapped) fractional coordinates.
void CleanCell(const Cell& in, Eigen::Matrix3d* lattice,
               std::vector<Eigen::Vector3d>* frac);

struct Distributions {
  std::vector<double> rdf;   // 100
  std::vector<double> nn;    // 100
  std::vector<double> adf1;  // 179
  std::vector<double> adf2;  // 179
  std::vector<double> ddf;   // 179
  double rcut = 0, rcut1 = 0, rcut2 = 0;  // A, for tests
};

// The structural parts for a cleaned cell (lattice rows, fractional
// coordinates as CleanCell returns them, atomic numbers). Errors (with the
// reason) where matminer's code would raise.
absl::StatusOr<Distributions> ComputeDistributions(
    const Eigen::Matrix3d& lattice, const std::vector<Eigen::Vector3d>& frac,
    const std::vector<int>& z);

}  // namespace ionscreen::descriptors::cfid

#endif  // IONSCREEN_LIB_DESCRIPTORS_JARVIS_CFID_JARVIS_CFID_H_
