// Oxidation states from bond-valence sums: a re-implementation of pymatgen's
// BVAnalyzer (maximum a posteriori states: Gaussian likelihood of each site's
// bond-valence sum under ICSD statistics times the ICSD prior, then the most
// probable charge-neutral combination over symmetry-distinct sites), with the
// O'Keeffe & Brese (1991) element parameters. Ordered and disordered
// structures follow pymatgen's two code paths.
#ifndef IONSCREEN_LIB_OXIDATION_BOND_VALENCE_H_
#define IONSCREEN_LIB_OXIDATION_BOND_VALENCE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::oxidation {

struct BondValenceOptions {
  // spglib tolerances for grouping symmetry-equivalent sites (pymatgen's
  // SpacegroupAnalyzer defaults); symprec 0 turns symmetry off.
  double symprec_angstrom = 0.1;
  double angle_tolerance_deg = 5.0;
  double max_radius_angstrom = 4.0;
  int max_permutations = 100000;
  // Distances are multiplied by this; the paper's code used 1 (pymatgen's
  // default of 1.015 is meant for GGA-relaxed cells).
  double distance_scale_factor = 1.0;
};

// Bond-valence sum of site `i` (occupancy-weighted over occupant pairs):
// positive for cations, negative for anions.
absl::StatusOr<double> BondValenceSum(const crystal::Crystal& c, int i,
                                      const BondValenceOptions& options = {});

// Per site, per occupant (in the site's occupant order): an integer state.
// FailedPrecondition with the reason when no assignment is found.
absl::StatusOr<std::vector<std::vector<int>>> BondValenceStates(
    const crystal::Crystal& c, const BondValenceOptions& options = {});

}  // namespace ionscreen::oxidation

#endif  // IONSCREEN_LIB_OXIDATION_BOND_VALENCE_H_
