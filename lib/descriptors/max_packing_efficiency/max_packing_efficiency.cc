#include "lib/descriptors/max_packing_efficiency/max_packing_efficiency.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"
#include "lib/voronoi/neighbors.h"

namespace ionscreen::descriptors {
namespace {
constexpr double kPi = 3.14159265358979323846;
}  // namespace

double MaxPackingEfficiency(const voronoi::Tessellation& t,
                            double cell_volume_angstrom3) {
  double total = 0;
  for (const voronoi::Cell& c : t.cells) {
    double r = std::numeric_limits<double>::infinity();
    for (const voronoi::Face& f : c.faces) r = std::min(r, f.face_dist_angstrom);
    total += r * r * r;
  }
  return 4.0 / 3.0 * kPi * total / cell_volume_angstrom3;
}

namespace {

class MaxPackingEfficiencyDescriptor : public describe::Descriptor {
 public:
  std::vector<std::string> feature_labels() const override {
    return {"max_packing_efficiency"};
  }
  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    ASSIGN_OR_RETURN(const voronoi::Tessellation t,
                     voronoi::TessellateRecord(c, "max_packing_efficiency"));
    return std::vector<double>{
        MaxPackingEfficiency(t, std::abs(crystal::VolumeAngstrom3(c)))};
  }
};

}  // namespace

IONSCREEN_REGISTER_DESCRIPTOR(
    max_packing_efficiency, "max_packing_efficiency",
    "largest-sphere packing fraction from the Voronoi tessellation "
    "(matminer MaximumPackingEfficiency; Ward et al. 2017)",
    MaxPackingEfficiencyDescriptor);

}  // namespace ionscreen::descriptors
