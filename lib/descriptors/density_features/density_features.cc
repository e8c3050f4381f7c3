#include "lib/descriptors/density_features/density_features.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"
#include "lib/element/element.h"
#include "lib/voronoi/neighbors.h"

namespace ionscreen::descriptors {
namespace {
constexpr double kPi = 3.14159265358979323846;
}  // namespace

absl::StatusOr<std::vector<double>> ComputeDensityFeatures(
    const crystal::Crystal& c) {
  const double volume = std::abs(crystal::VolumeAngstrom3(c));
  double atoms = 0, r3 = 0;
  for (const crystal::Site& s : c.sites()) {
    for (const crystal::Occupant& o : s.occupants()) {
      const element::Element& e = element::Get(o.atomic_number());
      if (!std::isfinite(e.atomic_radius_angstrom)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "record ", c.id(), ": no atomic radius for ", e.symbol));
      }
      atoms += o.occupancy();
      r3 += o.occupancy() * std::pow(e.atomic_radius_angstrom, 3);
    }
  }
  // The engine rejects these records first; a direct library call must not
  // turn them into NaN.
  if (!(atoms > 0) || !(volume > 0)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "record ", c.id(), ": density needs atoms and a positive cell volume"));
  }
  return std::vector<double>{crystal::DensityGramPerCm3(c), volume / atoms,
                             4.0 * kPi * r3 / (3.0 * volume)};
}

namespace {

class DensityFeatures : public describe::Descriptor {
 public:
  std::vector<std::string> feature_labels() const override {
    return {"density_g_per_cm3", "volume_per_atom_angstrom3",
            "packing_fraction"};
  }
  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    return ComputeDensityFeatures(c);
  }
};

}  // namespace

IONSCREEN_REGISTER_DESCRIPTOR(
    density_features, "density_features",
    "density, volume per atom and packing fraction (matminer "
    "DensityFeatures; occupancy-weighted under disorder)",
    DensityFeatures);

}  // namespace ionscreen::descriptors
