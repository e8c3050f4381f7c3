// Valence orbital occupation (Ward et al. 2016; matminer ValenceOrbital with
// its defaults): mean s/p/d/f valence electrons over the occupancy-weighted
// composition and their fractions of the mean total valence.
#include <string>
#include <vector>

#include "lib/base/status_macros.h"
#include "lib/describe/descriptor.h"
#include "lib/descriptors/elemdata/elemdata.h"
#include "lib/descriptors/elemdata/valence.h"

namespace ionscreen::descriptors {
namespace {


class ValenceOrbital : public describe::Descriptor {
 public:
  ValenceOrbital() {
    schema().Path("magpie_dir", &magpie_dir_, elemdata::kDefaultMagpieDir)
        .Help("directory of the Magpie *.table files");
  }
  std::vector<std::string> feature_labels() const override {
    return elemdata::ValenceOrbitalLabels();
  }
  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    ASSIGN_OR_RETURN(elemdata::ElementAmounts comp,
                     elemdata::GetElementAmounts(c));
    return elemdata::ValenceOrbitalFeatures(tables_, comp, c.id());
  }

 private:
  absl::Status Configured() override {
    ASSIGN_OR_RETURN(tables_,
                     elemdata::LoadValenceTables(magpie_dir_, "magpie_dir"));
    return absl::OkStatus();
  }

  std::string magpie_dir_;
  elemdata::ValenceTables tables_;
};

}  // namespace

IONSCREEN_REGISTER_DESCRIPTOR(
    valence_orbital, "valence_orbital",
    "mean s/p/d/f valence electrons and their fractions (Ward et al. 2016; "
    "matminer ValenceOrbital, Magpie tables)",
    ValenceOrbital);

}  // namespace ionscreen::descriptors
