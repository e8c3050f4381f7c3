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

using describe::Params;
using describe::ParamSpec;

class ValenceOrbital : public describe::Descriptor {
 public:
  std::vector<ParamSpec> param_specs() const override {
    return {elemdata::DisorderParamSpec(),
            {"magpie_dir", elemdata::kDefaultMagpieDir,
             "directory of the Magpie *.table files"}};
  }
  absl::Status Configure(const Params& p) override {
    RETURN_IF_ERROR(elemdata::ParseDisorder(p, &refuse_disorder_));
    magpie_dir_ = describe::ParamOr(p, "magpie_dir", elemdata::kDefaultMagpieDir);
    ASSIGN_OR_RETURN(tables_,
                     elemdata::LoadValenceTables(magpie_dir_, "magpie_dir"));
    return absl::OkStatus();
  }
  Params EffectiveParams() const override {
    return {{"disorder", refuse_disorder_ ? "error" : "weighted"},
            {"magpie_dir", magpie_dir_}};
  }
  size_t dimension() const override { return 8; }
  std::vector<std::string> feature_labels() const override {
    return elemdata::ValenceOrbitalLabels();
  }
  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    if (refuse_disorder_) {
      RETURN_IF_ERROR(elemdata::RefuseDisorder(c, "valence_orbital"));
    }
    ASSIGN_OR_RETURN(elemdata::ElementAmounts comp,
                     elemdata::GetElementAmounts(c));
    return elemdata::ValenceOrbitalFeatures(tables_, comp, c.id());
  }

 private:
  bool refuse_disorder_ = false;
  std::string magpie_dir_ = elemdata::kDefaultMagpieDir;
  elemdata::ValenceTables tables_;
};

}  // namespace

IONSCREEN_REGISTER_DESCRIPTOR(
    valence_orbital, "valence_orbital",
    "mean s/p/d/f valence electrons and their fractions (Ward et al. 2016; "
    "matminer ValenceOrbital, Magpie tables)",
    ValenceOrbital);

}  // namespace ionscreen::descriptors
