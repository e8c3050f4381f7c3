// matminer's ValenceOrbital features, shared by valence_orbital and meredig:
// the amount-weighted mean number of s, p, d, f valence electrons (Magpie
// Ns/Np/Nd/NfValence tables) and each divided by the mean total valence
// electrons (NValence).
#ifndef IONSCREEN_LIB_DESCRIPTORS_ELEMDATA_VALENCE_H_
#define IONSCREEN_LIB_DESCRIPTORS_ELEMDATA_VALENCE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/descriptors/elemdata/elemdata.h"

namespace ionscreen::elemdata {

struct ValenceTables {
  MagpieTable s, p, d, f, total;
};
absl::StatusOr<ValenceTables> LoadValenceTables(const std::string& dir,
                                                const std::string& param_name);

// Labels "avg s valence electrons", ..., "frac f valence electrons".
std::vector<std::string> ValenceOrbitalLabels();

// 8 values: avg s, p, d, f, then frac s, p, d, f. Error when a table lacks
// an element or the mean total valence is 0.
absl::StatusOr<std::vector<double>> ValenceOrbitalFeatures(
    const ValenceTables& t, const ElementAmounts& comp,
    const std::string& record_id);

}  // namespace ionscreen::elemdata

#endif  // IONSCREEN_LIB_DESCRIPTORS_ELEMDATA_VALENCE_H_
