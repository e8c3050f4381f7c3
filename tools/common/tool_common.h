// Plumbing shared by the ionscreen mains (never by libraries).
#ifndef IONSCREEN_TOOLS_COMMON_TOOL_COMMON_H_
#define IONSCREEN_TOOLS_COMMON_TOOL_COMMON_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "lib/stream/record_stage.h"
#include "lib/stream/stream.pb.h"

namespace ionscreen::tools {

inline constexpr char kVersion[] = "0.1.0";

// Parses flags, sets usage, ignores SIGPIPE (a closed pipe becomes a write
// error). Returns the positional arguments (argv[0] excluded).
std::vector<std::string> InitTool(int argc, char** argv, const char* usage);

// A whole main: InitTool, run(positional arguments), ReportAndExit.
//   int main(int argc, char** argv) {
//     return ionscreen::tools::Main(argc, argv, "bvse", kUsage, Run);
//   }
using RunFunction = absl::Status (*)(const std::vector<std::string>& args);
int Main(int argc, char** argv, const std::string& tool, const char* usage,
         RunFunction run);

// The same for a stage with one main input (the one convention,
// docs/decisions.md): run(MainInput(positional arguments)), so a stray
// second argument is a usage error in every such tool alike.
using InputRunFunction = absl::Status (*)(const std::string& input);
int Main(int argc, char** argv, const std::string& tool, const char* usage,
         InputRunFunction run);

// A provenance step: tool name, version and every flag whose value differs
// from its default ("--name=value"; absolute paths reduced to their base
// name so outputs do not depend on where a user keeps files).
stream::ProvenanceStep MakeProvenanceStep(const std::string& tool,
                                          const std::string& comment = "");

// Prints "tool: message" to stderr and returns the exit code for a status
// (0 ok, 2 a usage error (UsageError), 1 otherwise).
int ReportAndExit(const std::string& tool, const absl::Status& status);

// A usage error, the one way mains build them: InvalidArgument
// "usage: <message>", which ReportAndExit turns into exit code 2.
absl::Status UsageError(absl::string_view message);

// A flag value a library refused, as a usage error:
// "usage: <prefix><status message>" (OK stays OK).
absl::Status AsUsage(const absl::Status& status, absl::string_view prefix = "");
template <typename T>
absl::StatusOr<T> AsUsage(absl::StatusOr<T> value,
                          absl::string_view prefix = "") {
  if (!value.ok()) return AsUsage(value.status(), prefix);
  return value;
}

// The main input stream of a tool (the one convention, docs/decisions.md):
// the positional argument, or "-" (stdin) when there is none. More than one
// positional argument is a usage error.
absl::StatusOr<std::string> MainInput(const std::vector<std::string>& args);

// The --keep_going contract of a main: skip lines go to stderr as
// "tool: skipped <record>: <reason>".
stream::SkipPolicy SkipPolicyFor(const std::string& tool, bool keep_going);

// Atomic number of the element a --mobile flag names ("Li"); a bad symbol
// is a usage error ("usage: --mobile: ...").
absl::StatusOr<int> ParseMobileFlag(const std::string& symbol);

// Progress on stderr: records done / total, rate and time left. On a
// terminal it redraws one line a few times a second; into a log file (the
// workflow's) it writes a line every 30 s, so long jobs show they are alive
// without filling the log. `quiet` (the tools' --quiet) silences it.
class Progress {
 public:
  Progress(std::string what, int64_t total = -1, bool quiet = false);
  void Add(int64_t n = 1);
  void SetTotal(int64_t total) { total_ = total; }
  // Final line (on a terminal always; in a log only if the run took > 5 s).
  void Finish();

 private:
  std::string Line(double secs) const;
  std::string what_;
  int64_t total_;
  int64_t done_ = 0;
  bool enabled_;
  bool tty_;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace ionscreen::tools

#endif  // IONSCREEN_TOOLS_COMMON_TOOL_COMMON_H_
