// --max_sites and --max_volume_angstrom3 for the tools that read Crystal
// records (cif2proto, simplify, describe, bvse, rank, neb-prep): the limits
// of crystal::ValidateCrystal, raised (or lowered) per run.
#ifndef IONSCREEN_TOOLS_COMMON_CRYSTAL_LIMITS_H_
#define IONSCREEN_TOOLS_COMMON_CRYSTAL_LIMITS_H_

#include "absl/status/status.h"

namespace ionscreen::tools {

// Reads the two flags and installs them as crystal::DefaultValidationLimits.
// Call at the top of Run, before any thread. Non-positive values are usage
// errors.
absl::Status ApplyCrystalLimitFlags();

}  // namespace ionscreen::tools

#endif  // IONSCREEN_TOOLS_COMMON_CRYSTAL_LIMITS_H_
