// Oxidation-state statistics (Deml et al. 2016; matminer OxidationStates):
// minimum, maximum, range and std_dev of the oxidation states of the species
// present, weighted by their occupancy-weighted amounts in the cell. std_dev
// is matminer's reliability-weighted form (elemdata::MatminerStdDev), which
// uses the amounts themselves: it depends on the cell size, as in matminer
// applied to a structure's composition (what the paper did).
#include <string>
#include <vector>

#include "lib/base/status_macros.h"
#include "lib/describe/descriptor.h"
#include "lib/descriptors/elemdata/elemdata.h"

namespace ionscreen::descriptors {
namespace {


class OxidationStats : public describe::Descriptor {
 public:
  std::vector<std::string> feature_labels() const override {
    return {"minimum oxidation state", "maximum oxidation state",
            "range oxidation state", "std_dev oxidation state"};
  }

  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    ASSIGN_OR_RETURN(auto species,
                     elemdata::GetSpeciesAmounts(c, "oxidation_stats"));
    std::vector<double> ox, w;
    for (const auto& [sp, amount] : species) {
      ox.push_back(sp.oxidation_state);
      w.push_back(amount);
    }
    double lo = elemdata::Minimum(ox), hi = elemdata::Maximum(ox);
    return std::vector<double>{lo, hi, hi - lo,
                               elemdata::MatminerStdDev(ox, w)};
  }
};

}  // namespace

IONSCREEN_REGISTER_DESCRIPTOR(
    oxidation_stats, "oxidation_stats",
    "min, max, range and std of the oxidation states (Deml et al. 2016; "
    "matminer OxidationStates); needs oxidation states",
    OxidationStats);

}  // namespace ionscreen::descriptors
