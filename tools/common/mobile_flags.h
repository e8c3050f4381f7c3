// --mobile and --mobile_valence, defined once for the tools that move a
// mobile ion through a structure (bvse, neb-prep). simplify's --mobile only
// names which element to keep and has no valence, so it defines its own.
#ifndef IONSCREEN_TOOLS_COMMON_MOBILE_FLAGS_H_
#define IONSCREEN_TOOLS_COMMON_MOBILE_FLAGS_H_

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"

ABSL_DECLARE_FLAG(std::string, mobile);
ABSL_DECLARE_FLAG(int32_t, mobile_valence);

namespace ionscreen::tools {

struct MobileIon {
  int atomic_number = 3;
  int valence = 1;
};

// The mobile ion the flags name; an unknown element or a valence <= 0 is a
// usage error naming the flag.
absl::StatusOr<MobileIon> MobileIonFromFlags();

}  // namespace ionscreen::tools

#endif  // IONSCREEN_TOOLS_COMMON_MOBILE_FLAGS_H_
