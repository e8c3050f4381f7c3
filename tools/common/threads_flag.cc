#include "tools/common/threads_flag.h"

#include <algorithm>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "tools/common/tool_common.h"

ABSL_FLAG(int32_t, threads, 0,
          "Worker threads; 0 = the machine's hardware threads. The output "
          "is the same for any count.");

namespace ionscreen::tools {

absl::StatusOr<int> ThreadsFromFlag() {
  const int32_t threads = absl::GetFlag(FLAGS_threads);
  if (threads < 0) {
    return UsageError(
        absl::StrCat("--threads must be >= 0 (0 = all cores), got ", threads));
  }
  if (threads > 0) return threads;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

}  // namespace ionscreen::tools
