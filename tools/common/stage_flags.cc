#include "tools/common/stage_flags.h"

#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "tools/common/tool_common.h"

ABSL_FLAG(bool, keep_going, false,
          "Skip input records that cannot be used (CIF blocks for cif2proto): "
          "one stderr line each naming the record and the reason, and a count "
          "at the end. Without it the first such record ends the run with an "
          "error naming it. A damaged stream is never skipped.");
ABSL_FLAG(bool, quiet, false,
          "No progress lines on stderr. Skipped records, their count and "
          "errors are still reported: nothing is dropped silently.");

namespace ionscreen::tools {

stream::SkipPolicy SkipPolicyFromFlags(const std::string& tool) {
  return SkipPolicyFor(tool, absl::GetFlag(FLAGS_keep_going));
}

stream::StageIo StageIoFromFlags(const std::string& tool,
                                 const std::string& input,
                                 const std::string& output) {
  return stream::StageIo{input, output, SkipPolicyFromFlags(tool)};
}

bool SkipSummaryWanted() {
  return absl::GetFlag(FLAGS_keep_going);
}

void SkipSummary(absl::string_view tool, absl::string_view counts) {
  if (!SkipSummaryWanted()) return;
  std::fprintf(stderr, "%s: %s\n", std::string(tool).c_str(),
               std::string(counts).c_str());
}

void SkipSummary(absl::string_view tool, const stream::StageCounts& counts) {
  SkipSummary(tool, absl::StrCat(counts.records_read, " records read, ",
                                 counts.records_written, " written, ",
                                 counts.records_skipped, " skipped"));
}

}  // namespace ionscreen::tools
