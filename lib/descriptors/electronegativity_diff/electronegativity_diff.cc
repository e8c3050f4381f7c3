// Electronegativity difference (Deml et al. 2016; matminer
// ElectronegativityDiff): the amount-weighted mean Pauling electronegativity
// of the anions (oxidation state < 0) minus the electronegativity of each
// cation species (> 0); features are minimum, maximum, range, mean and
// std_dev of these differences weighted by the cation amounts (matminer's
// std_dev convention, see elemdata.h). Species with oxidation state 0 are
// ignored. A structure without both cations and anions, or without any
// oxidation states, is a per-record error by default (a stream must say why);
// not_ionic=zeros writes five zeros instead, as the paper's notebook did
// (its featurizer wrapper returned [0]*5 on matminer's ValueError: "not
// ionic" or "oxidation states have not been determined").
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/describe/descriptor.h"
#include "lib/descriptors/elemdata/elemdata.h"

namespace ionscreen::descriptors {
namespace {


class ElectronegativityDiff : public describe::Descriptor {
 public:
  ElectronegativityDiff() {
    schema().Choice("not_ionic", &not_ionic_zeros_,
                    {{"error", false}, {"zeros", true}}, "error")
        .Help("no cations, no anions or no oxidation states at all: error, "
              "or zeros (five zeros, the paper's treatment)");
  }
  std::vector<std::string> feature_labels() const override {
    return {"minimum EN difference", "maximum EN difference",
            "range EN difference", "mean EN difference",
            "std_dev EN difference"};
  }

  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    if (not_ionic_zeros_ && !AnyOxidationState(c)) return Zeros();
    ASSIGN_OR_RETURN(auto species,
                     elemdata::GetSpeciesAmounts(c, "electronegativity_diff"));
    std::vector<double> anion_x, anion_w, cation_x, cation_w;
    for (const auto& [sp, amount] : species) {
      if (sp.oxidation_state == 0) continue;
      double x = element::Get(sp.z).pauling_electronegativity;
      if (!std::isfinite(x)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "record ", c.id(), ": ", element::Get(sp.z).symbol,
            " has no Pauling electronegativity"));
      }
      if (sp.oxidation_state < 0) {
        anion_x.push_back(x);
        anion_w.push_back(amount);
      } else {
        cation_x.push_back(x);
        cation_w.push_back(amount);
      }
    }
    if (anion_x.empty() || cation_x.empty()) {
      if (not_ionic_zeros_) return Zeros();
      return absl::InvalidArgumentError(absl::StrCat(
          "record ", c.id(), ": not ionic (", anion_x.empty() ? "no anions" : "",
          anion_x.empty() && cation_x.empty() ? ", " : "",
          cation_x.empty() ? "no cations" : "",
          "); the electronegativity difference needs both"));
    }
    double mean_anion = elemdata::WeightedMean(anion_x, anion_w);
    std::vector<double> diff;
    for (double x : cation_x) diff.push_back(mean_anion - x);
    double lo = elemdata::Minimum(diff), hi = elemdata::Maximum(diff);
    return std::vector<double>{lo, hi, hi - lo,
                               elemdata::WeightedMean(diff, cation_w),
                               elemdata::MatminerStdDev(diff, cation_w)};
  }

 private:
  static std::vector<double> Zeros() { return std::vector<double>(5, 0.0); }
  // Only a wholly undecorated structure counts as "no oxidation states";
  // a partly decorated one stays an error (matminer's outcome there depends
  // on species order).
  static bool AnyOxidationState(const crystal::Crystal& c) {
    for (const auto& s : c.sites())
      for (const auto& o : s.occupants())
        if (o.has_oxidation_state()) return true;
    return false;
  }

  bool not_ionic_zeros_ = false;
};

}  // namespace

IONSCREEN_REGISTER_DESCRIPTOR(
    electronegativity_diff, "electronegativity_diff",
    "statistics of anion-cation electronegativity differences (Deml et al. "
    "2016; matminer ElectronegativityDiff); needs oxidation states",
    ElectronegativityDiff);

}  // namespace ionscreen::descriptors
