#include "tools/common/mobile_flags.h"

#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "tools/common/tool_common.h"

ABSL_FLAG(std::string, mobile, "Li", "Mobile ion element.");
ABSL_FLAG(int32_t, mobile_valence, 1,
          "Valence of the mobile ion (> 0); neb-prep's vacancy charge.");

namespace ionscreen::tools {

absl::StatusOr<MobileIon> MobileIonFromFlags() {
  MobileIon ion;
  ASSIGN_OR_RETURN(ion.atomic_number,
                   ParseMobileFlag(absl::GetFlag(FLAGS_mobile)));
  ion.valence = absl::GetFlag(FLAGS_mobile_valence);
  if (ion.valence <= 0) {
    return UsageError(absl::StrCat("--mobile_valence must be positive, got ",
                                   ion.valence));
  }
  return ion;
}

}  // namespace ionscreen::tools
