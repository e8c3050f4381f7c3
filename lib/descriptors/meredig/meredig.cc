// Meredig et al. 2014 composition features (matminer Meredig), 120 values:
// the atomic fraction of each element Z = 1..103; mean AtomicWeight, mean
// Column, mean Row, range and mean Number, range and mean AtomicRadius,
// range and mean Electronegativity (Magpie tables); then the 8 valence
// orbital features. Fractions and means use occupancy-weighted amounts.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/describe/descriptor.h"
#include "lib/descriptors/elemdata/elemdata.h"
#include "lib/descriptors/elemdata/valence.h"

namespace ionscreen::descriptors {
namespace {


// (statistic, Magpie table) in matminer's order.
const std::vector<std::pair<std::string, std::string>>& PropertyStats() {
  static const auto* stats = new std::vector<std::pair<std::string, std::string>>{
      {"mean", "AtomicWeight"},      {"mean", "Column"},
      {"mean", "Row"},               {"range", "Number"},
      {"mean", "Number"},            {"range", "AtomicRadius"},
      {"mean", "AtomicRadius"},      {"range", "Electronegativity"},
      {"mean", "Electronegativity"}};
  return *stats;
}

class Meredig : public describe::Descriptor {
 public:
  Meredig() {
    schema().Path("magpie_dir", &magpie_dir_, elemdata::kDefaultMagpieDir)
        .Help("directory of the Magpie *.table files");
  }
  std::vector<std::string> feature_labels() const override {
    std::vector<std::string> out;
    for (int z = 1; z <= element::kMaxAtomicNumber; ++z) {
      out.push_back(absl::StrCat(element::Get(z).symbol, " fraction"));
    }
    for (const auto& [stat, name] : PropertyStats()) {
      out.push_back(absl::StrCat(stat, " ", name));
    }
    for (const std::string& l : elemdata::ValenceOrbitalLabels()) out.push_back(l);
    return out;
  }
  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    ASSIGN_OR_RETURN(elemdata::ElementAmounts comp,
                     elemdata::GetElementAmounts(c));
    std::vector<double> out(element::kMaxAtomicNumber, 0.0);
    double total = 0;
    for (double a : comp.amount) total += a;
    for (size_t i = 0; i < comp.z.size(); ++i) {
      out[comp.z[i] - 1] = comp.amount[i] / total;
    }
    for (size_t k = 0; k < tables_.size(); ++k) {
      ASSIGN_OR_RETURN(std::vector<double> v,
                       elemdata::TableValues(tables_[k], comp.z, c.id()));
      out.push_back(PropertyStats()[k].first == "mean"
                        ? elemdata::WeightedMean(v, comp.amount)
                        : elemdata::Maximum(v) - elemdata::Minimum(v));
    }
    ASSIGN_OR_RETURN(std::vector<double> valence,
                     elemdata::ValenceOrbitalFeatures(valence_, comp, c.id()));
    out.insert(out.end(), valence.begin(), valence.end());
    return out;
  }

 private:
  absl::Status Configured() override {
    tables_.clear();
    for (const auto& [stat, name] : PropertyStats()) {
      ASSIGN_OR_RETURN(elemdata::MagpieTable t,
                       elemdata::LoadMagpieTable(magpie_dir_, name, "magpie_dir"));
      tables_.push_back(std::move(t));
    }
    ASSIGN_OR_RETURN(valence_,
                     elemdata::LoadValenceTables(magpie_dir_, "magpie_dir"));
    return absl::OkStatus();
  }

  std::string magpie_dir_;
  std::vector<elemdata::MagpieTable> tables_;
  elemdata::ValenceTables valence_;
};

}  // namespace

IONSCREEN_REGISTER_DESCRIPTOR(
    meredig, "meredig",
    "element fractions, property means/ranges and valence fractions, 120 "
    "features (Meredig et al. 2014; matminer Meredig, Magpie tables)",
    Meredig);

}  // namespace ionscreen::descriptors
