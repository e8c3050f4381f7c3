// The label flags score, rank and place share, defined once so the three
// read labels the same way: --labels (files) and --label_duplicates (how
// rows that resolve to one structure combine), and the parsing of each
// tool's --below_bound (its default differs per tool, so the flag stays in
// the tool).
#ifndef IONSCREEN_TOOLS_COMMON_LABEL_FLAGS_H_
#define IONSCREEN_TOOLS_COMMON_LABEL_FLAGS_H_

#include <string>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "lib/labels/labels.h"

ABSL_DECLARE_FLAG(std::string, labels);
ABSL_DECLARE_FLAG(std::string, label_duplicates);

namespace ionscreen::tools {

// --label_duplicates as the labels library's policy; a bad value is a
// usage error.
absl::StatusOr<labels::Duplicates> LabelDuplicatesFlag();

// A --below_bound value: "bound" (a '<x' label taken as x) or "drop"; anything
// else is a usage error.
absl::StatusOr<labels::BelowBoundPolicy> ParseBelowBoundFlag(
    const std::string& value);

}  // namespace ionscreen::tools

#endif  // IONSCREEN_TOOLS_COMMON_LABEL_FLAGS_H_
