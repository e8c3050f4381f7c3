// Ewald energy descriptor ("ewald"): the electrostatic energy of the
// oxidation-state-decorated structure by Ewald summation, as pymatgen's
// EwaldSummation computes it (same screening η = π (N w / V²)^(1/3), real and
// reciprocal cutoffs from acc_factor, point-charge self term and the
// charged-cell correction; eV), per atom by default like matminer's
// EwaldEnergy. matminer passed accuracy=4 to EwaldSummation; the default here
// is pymatgen's own acc_factor=12 (converged to ~1e-12 relative).
//
// Disorder (weighted): a site's charge is sum_occupants occupancy ·
// oxidation state (pymatgen's compute_average_oxidation_state), and
// "per atom" divides by the occupancy-weighted number of atoms.
#ifndef IONSCREEN_LIB_DESCRIPTORS_EWALD_EWALD_H_
#define IONSCREEN_LIB_DESCRIPTORS_EWALD_EWALD_H_

#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::descriptors {

// pymatgen EwaldSummation.CONV_FACT = 1e10 e / (4π ε0): e²/Å in eV.
inline constexpr double kCoulombEvAngstrom = 14.39964547842567;

struct EwaldOptions {
  double acc_factor = 12.0;
  double eta = 0;             // 1/Å²; 0 = pymatgen's automatic choice
  double w = 0.70710678118654752;  // pymatgen's 1/sqrt(2)
};

struct EwaldEnergy {
  double real_ev = 0;
  double reciprocal_ev = 0;
  double point_ev = 0;
  double charged_cell_ev = 0;
  double total_ev = 0;
  double eta = 0;
};

// Error (naming the site) when an occupant has no oxidation state.
absl::StatusOr<EwaldEnergy> ComputeEwaldEnergy(const crystal::Crystal& c,
                                               const EwaldOptions& options = {});

}  // namespace ionscreen::descriptors

#endif  // IONSCREEN_LIB_DESCRIPTORS_EWALD_EWALD_H_
