// The two flags every record stage shares, defined once so their names and
// meaning are the same in all of them (docs/decisions.md, "One command-line
// shape"): --keep_going (the skip contract of lib/stream/record_stage.h) and
// --quiet. Linked by the stage mains only, so `records` does not list them.
#ifndef IONSCREEN_TOOLS_COMMON_STAGE_FLAGS_H_
#define IONSCREEN_TOOLS_COMMON_STAGE_FLAGS_H_

#include <string>

#include "absl/flags/declare.h"
#include "absl/strings/string_view.h"
#include "lib/stream/record_stage.h"

ABSL_DECLARE_FLAG(bool, keep_going);
ABSL_DECLARE_FLAG(bool, quiet);

namespace ionscreen::tools {

// The --keep_going contract of `tool` (SkipPolicyFor with --keep_going).
stream::SkipPolicy SkipPolicyFromFlags(const std::string& tool);

// A stage's main input (the positional argument, tools::Main), its output
// (each tool's own --output flag, whose help says what it holds) and its
// --keep_going contract.
stream::StageIo StageIoFromFlags(const std::string& tool,
                                 const std::string& input,
                                 const std::string& output);

// Whether a stage prints its closing "N done, M skipped" line: whenever
// --keep_going may have skipped something, --quiet or not (the count is
// part of the skip contract).
bool SkipSummaryWanted();

// With --keep_going, "tool: <counts>" on stderr: a stage's closing count of
// what it read, wrote and skipped.
void SkipSummary(absl::string_view tool, absl::string_view counts);
// The same with a stage's counts, said the one way: "N records read, M
// written, K skipped".
void SkipSummary(absl::string_view tool, const stream::StageCounts& counts);

}  // namespace ionscreen::tools

#endif  // IONSCREEN_TOOLS_COMMON_STAGE_FLAGS_H_
