#include "tools/common/label_flags.h"

#include "absl/flags/flag.h"
#include "tools/common/tool_common.h"

ABSL_FLAG(std::string, labels, "",
          "Conductivity labels, CSV/TSV with an id / mp_id / ICSD id column "
          "and a value column (sigma in S/cm by default); A,B: several files, "
          "the first labelling a structure wins.");
ABSL_FLAG(std::string, label_duplicates, "average",
          "Label rows resolving to one structure: average (one label per "
          "structure, mean in log10 for sigma; the paper) | rows (each row a "
          "label)");

namespace ionscreen::tools {

absl::StatusOr<labels::Duplicates> LabelDuplicatesFlag() {
  return AsUsage(labels::ParseDuplicates(absl::GetFlag(FLAGS_label_duplicates)),
                 "--label_duplicates: ");
}

absl::StatusOr<labels::BelowBoundPolicy> ParseBelowBoundFlag(
    const std::string& value) {
  if (value == "bound") return labels::BelowBoundPolicy::kBound;
  if (value == "drop") return labels::BelowBoundPolicy::kDrop;
  return UsageError("--below_bound must be bound or drop");
}

}  // namespace ionscreen::tools
