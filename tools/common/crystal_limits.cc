#include "tools/common/crystal_limits.h"

#include <cstdint>

#include "absl/flags/flag.h"
#include "lib/crystal/crystal_util.h"
#include "tools/common/tool_common.h"

ABSL_FLAG(int64_t, max_sites, ionscreen::crystal::ValidationLimits{}.max_sites,
          "Records (or CIF blocks) with more sites are refused before any "
          "work (the largest MP/OBELiX cell has 688).");
ABSL_FLAG(double, max_volume_angstrom3,
          ionscreen::crystal::ValidationLimits{}.max_volume_angstrom3,
          "Records with a larger cell (Å³) are refused before any work (the "
          "largest corpus cell, an -40 variant, has 26,240 Å³).");

namespace ionscreen::tools {

absl::Status ApplyCrystalLimitFlags() {
  crystal::ValidationLimits limits;
  limits.max_sites = absl::GetFlag(FLAGS_max_sites);
  limits.max_volume_angstrom3 = absl::GetFlag(FLAGS_max_volume_angstrom3);
  if (limits.max_sites < 1 || !(limits.max_volume_angstrom3 > 0)) {
    return UsageError("--max_sites and --max_volume_angstrom3 must be positive");
  }
  crystal::SetDefaultValidationLimits(limits);
  return absl::OkStatus();
}

}  // namespace ionscreen::tools
