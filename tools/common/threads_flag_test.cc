#include "tools/common/threads_flag.h"

#include <thread>

#include "absl/flags/flag.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"

namespace ionscreen::tools {
namespace {

using ::ionscreen::testing::StatusIs;
using ::testing::HasSubstr;

TEST(ThreadsFlagTest, ZeroMeansTheMachine) {
  absl::SetFlag(&FLAGS_threads, 0);
  ASSERT_OK_AND_ASSIGN(const int threads, ThreadsFromFlag());
  EXPECT_GE(threads, 1);
  if (std::thread::hardware_concurrency() > 0) {
    EXPECT_EQ(threads, static_cast<int>(std::thread::hardware_concurrency()));
  }
}

TEST(ThreadsFlagTest, AnExplicitCountIsKept) {
  absl::SetFlag(&FLAGS_threads, 3);
  ASSERT_OK_AND_ASSIGN(const int threads, ThreadsFromFlag());
  EXPECT_EQ(threads, 3);
  absl::SetFlag(&FLAGS_threads, 0);
}

TEST(ThreadsFlagTest, NegativeIsAUsageError) {
  absl::SetFlag(&FLAGS_threads, -2);
  EXPECT_THAT(ThreadsFromFlag(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("usage: --threads must be >= 0")));
  absl::SetFlag(&FLAGS_threads, 0);
}

}  // namespace
}  // namespace ionscreen::tools
