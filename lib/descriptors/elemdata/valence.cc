#include "lib/descriptors/elemdata/valence.h"

#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"

namespace ionscreen::elemdata {

absl::StatusOr<ValenceTables> LoadValenceTables(const std::string& dir,
                                                const std::string& param_name) {
  ValenceTables t;
  ASSIGN_OR_RETURN(t.s, LoadMagpieTable(dir, "NsValence", param_name));
  ASSIGN_OR_RETURN(t.p, LoadMagpieTable(dir, "NpValence", param_name));
  ASSIGN_OR_RETURN(t.d, LoadMagpieTable(dir, "NdValence", param_name));
  ASSIGN_OR_RETURN(t.f, LoadMagpieTable(dir, "NfValence", param_name));
  ASSIGN_OR_RETURN(t.total, LoadMagpieTable(dir, "NValence", param_name));
  return t;
}

std::vector<std::string> ValenceOrbitalLabels() {
  std::vector<std::string> out;
  for (const char* prop : {"avg", "frac"}) {
    for (const char* orb : {"s", "p", "d", "f"}) {
      out.push_back(absl::StrCat(prop, " ", orb, " valence electrons"));
    }
  }
  return out;
}

absl::StatusOr<std::vector<double>> ValenceOrbitalFeatures(
    const ValenceTables& t, const ElementAmounts& comp,
    const std::string& record_id) {
  std::vector<double> avg;
  for (const MagpieTable* table : {&t.s, &t.p, &t.d, &t.f}) {
    ASSIGN_OR_RETURN(std::vector<double> v,
                     TableValues(*table, comp.z, record_id));
    avg.push_back(WeightedMean(v, comp.amount));
  }
  ASSIGN_OR_RETURN(std::vector<double> total,
                   TableValues(t.total, comp.z, record_id));
  double mean_total = WeightedMean(total, comp.amount);
  if (!(mean_total > 0)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "record ", record_id,
        ": no valence electrons, valence fractions undefined"));
  }
  std::vector<double> out = avg;
  for (double a : avg) out.push_back(a / mean_total);
  return out;
}

}  // namespace ionscreen::elemdata
