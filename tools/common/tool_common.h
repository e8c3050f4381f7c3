// Plumbing shared by the ionscreen mains (never by libraries).
#ifndef IONSCREEN_TOOLS_COMMON_TOOL_COMMON_H_
#define IONSCREEN_TOOLS_COMMON_TOOL_COMMON_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "lib/stream/stream.pb.h"

namespace ionscreen::tools {

inline constexpr char kVersion[] = "0.1.0";

// Parses flags, sets usage, ignores SIGPIPE (a closed pipe becomes a write
// error). Returns the positional arguments (argv[0] excluded).
std::vector<std::string> InitTool(int argc, char** argv, const char* usage);

// A provenance step: tool name, version and every flag whose value differs
// from its default ("--name=value"; absolute paths reduced to their base
// name so outputs do not depend on where a user keeps files).
stream::ProvenanceStep MakeProvenanceStep(const std::string& tool,
                                          const std::string& comment = "");

// Prints "tool: message" to stderr and returns the exit code for a status
// (0 ok, 2 InvalidArgument from usage, 1 otherwise).
int ReportAndExit(const std::string& tool, const absl::Status& status);

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
