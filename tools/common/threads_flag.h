// --threads, defined once for the stages whose work splits over threads
// (describe, cluster, score, bvse). Every one of them writes the same output
// for any thread count, so the default is the whole machine.
#ifndef IONSCREEN_TOOLS_COMMON_THREADS_FLAG_H_
#define IONSCREEN_TOOLS_COMMON_THREADS_FLAG_H_

#include <cstdint>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"

ABSL_DECLARE_FLAG(int32_t, threads);

namespace ionscreen::tools {

// --threads, with 0 (the default) meaning the machine's hardware threads; a
// negative count is a usage error.
absl::StatusOr<int> ThreadsFromFlag();

}  // namespace ionscreen::tools

#endif  // IONSCREEN_TOOLS_COMMON_THREADS_FLAG_H_
