#include "tools/common/tool_common.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "lib/base/status_macros.h"
#include "lib/element/element.h"

namespace ionscreen::tools {

absl::Status UsageError(absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat("usage: ", message));
}

absl::Status AsUsage(const absl::Status& status, absl::string_view prefix) {
  if (status.ok()) return status;
  return UsageError(absl::StrCat(prefix, status.message()));
}

absl::StatusOr<std::string> MainInput(const std::vector<std::string>& args) {
  if (args.size() > 1) {
    return UsageError(absl::StrCat("at most one input stream, got ",
                                   args.size(), " arguments"));
  }
  return args.empty() ? std::string("-") : args[0];
}

stream::SkipPolicy SkipPolicyFor(const std::string& tool, bool keep_going) {
  stream::SkipPolicy policy;
  policy.keep_going = keep_going;
  policy.on_skip = [tool](const std::string& line) {
    std::fprintf(stderr, "%s: skipped %s\n", tool.c_str(), line.c_str());
  };
  return policy;
}

absl::StatusOr<int> ParseMobileFlag(const std::string& symbol) {
  ASSIGN_OR_RETURN(const element::Element* e,
                   AsUsage(element::BySymbol(symbol), "--mobile: "));
  return e->atomic_number;
}

std::vector<std::string> InitTool(int argc, char** argv, const char* usage) {
  signal(SIGPIPE, SIG_IGN);
  absl::SetProgramUsageMessage(usage);
  std::vector<char*> rest = absl::ParseCommandLine(argc, argv);
  std::vector<std::string> out;
  for (size_t i = 1; i < rest.size(); ++i) out.emplace_back(rest[i]);
  return out;
}

int Main(int argc, char** argv, const std::string& tool, const char* usage,
         RunFunction run) {
  const std::vector<std::string> args = InitTool(argc, argv, usage);
  return ReportAndExit(tool, run(args));
}

int Main(int argc, char** argv, const std::string& tool, const char* usage,
         InputRunFunction run) {
  const std::vector<std::string> args = InitTool(argc, argv, usage);
  absl::StatusOr<std::string> input = MainInput(args);
  return ReportAndExit(tool, input.ok() ? run(*input) : input.status());
}

stream::ProvenanceStep MakeProvenanceStep(const std::string& tool,
                                          const std::string& comment) {
  stream::ProvenanceStep step;
  step.set_tool(tool);
  step.set_version(kVersion);
  if (!comment.empty()) step.set_comment(comment);
  std::vector<std::string> flags;
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    // Only this project's flags (defined under tools/).
    if (!absl::StrContains(flag->Filename(), "tools/")) continue;
    // Flags that never change a tool's output stay out, so outputs are
    // byte-identical whether or not a run was quiet or threaded.
    if (name == "quiet" || name == "threads") continue;
    std::string value = flag->CurrentValue();
    if (value == flag->DefaultValue()) continue;
    if (absl::StartsWith(value, "/")) {
      value = value.substr(value.find_last_of('/') + 1);
    }
    flags.push_back(absl::StrCat("--", name, "=", value));
  }
  std::sort(flags.begin(), flags.end());
  for (auto& f : flags) step.add_flags(f);
  return step;
}

int ReportAndExit(const std::string& tool, const absl::Status& status) {
  if (status.ok()) return 0;
  std::fprintf(stderr, "%s: %s\n", tool.c_str(),
               std::string(status.message()).c_str());
  return status.code() == absl::StatusCode::kInvalidArgument &&
                 absl::StartsWith(status.message(), "usage")
             ? 2
             : 1;
}

Progress::Progress(std::string what, int64_t total, bool quiet)
    : what_(std::move(what)),
      total_(total),
      enabled_(!quiet),
      tty_(isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

std::string Progress::Line(double secs) const {
  double rate = secs > 0 ? done_ / secs : 0;
  if (total_ <= 0) {
    return absl::StrFormat("%s: %d (%.0f/s, %.0f s)", what_, done_, rate, secs);
  }
  double left = rate > 0 ? (total_ - done_) / rate : 0;
  return absl::StrFormat("%s: %d / %d (%.1f%%), %.0f/s, %.0f s elapsed, %.0f s left",
                         what_, done_, total_, 100.0 * done_ / total_, rate, secs,
                         left);
}

void Progress::Add(int64_t n) {
  done_ += n;
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_ < (tty_ ? std::chrono::milliseconds(250)
                          : std::chrono::milliseconds(30000))) {
    return;
  }
  last_ = now;
  double secs = std::chrono::duration<double>(now - start_).count();
  std::fprintf(stderr, tty_ ? "\r%s   " : "%s\n", Line(secs).c_str());
  std::fflush(stderr);
}

void Progress::Finish() {
  if (!enabled_) return;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                              start_)
                    .count();
  if (!tty_ && secs < 5) return;
  std::fprintf(stderr, "%s%s: %lld done in %.1f s (%.0f/s)\n", tty_ ? "\r" : "",
               what_.c_str(), static_cast<long long>(done_), secs,
               secs > 0 ? done_ / secs : 0.0);
}

}  // namespace ionscreen::tools
