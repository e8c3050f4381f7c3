// Density features (matminer DensityFeatures): density (g/cm³), volume per
// atom (Å³) and packing fraction, sum of 4/3 π r³ over atoms with pymatgen's
// Element.atomic_radius (empirical) divided by the cell volume.
//
// Disorder ("weighted"): atoms are counted by occupancy, so the volume per
// atom is V / Σ occupancies and each occupant adds occ · 4/3 π r³. For an
// ordered structure this is matminer's definition exactly (matminer refuses
// disorder for the last two features).
#ifndef IONSCREEN_LIB_DESCRIPTORS_DENSITY_FEATURES_DENSITY_FEATURES_H_
#define IONSCREEN_LIB_DESCRIPTORS_DENSITY_FEATURES_DENSITY_FEATURES_H_

#include <vector>

#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::descriptors {

// {density_g_per_cm3, volume_per_atom_angstrom3, packing_fraction}; an error
// when an element has no tabulated atomic radius.
absl::StatusOr<std::vector<double>> ComputeDensityFeatures(
    const crystal::Crystal& c);

}  // namespace ionscreen::descriptors

#endif  // IONSCREEN_LIB_DESCRIPTORS_DENSITY_FEATURES_DENSITY_FEATURES_H_
