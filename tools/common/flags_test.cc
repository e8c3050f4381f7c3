// The flag libraries shared by the mains: one test binary for all of them.
#include <thread>

#include "absl/flags/flag.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "tools/common/mobile_flags.h"
#include "tools/common/threads_flag.h"

namespace ionscreen::tools {
namespace {

using ::ionscreen::testing::StatusIs;
using ::testing::HasSubstr;

TEST(MobileFlagsTest, DefaultIsLiPlus) {
  ASSERT_OK_AND_ASSIGN(const MobileIon ion, MobileIonFromFlags());
  EXPECT_EQ(ion.atomic_number, 3);
  EXPECT_EQ(ion.valence, 1);
}

TEST(MobileFlagsTest, MagnesiumTwoPlus) {
  absl::SetFlag(&FLAGS_mobile, "Mg");
  absl::SetFlag(&FLAGS_mobile_valence, 2);
  ASSERT_OK_AND_ASSIGN(const MobileIon ion, MobileIonFromFlags());
  EXPECT_EQ(ion.atomic_number, 12);
  EXPECT_EQ(ion.valence, 2);
  absl::SetFlag(&FLAGS_mobile, "Li");
  absl::SetFlag(&FLAGS_mobile_valence, 1);
}

TEST(MobileFlagsTest, UnknownElementIsAUsageError) {
  absl::SetFlag(&FLAGS_mobile, "Xx");
  EXPECT_THAT(MobileIonFromFlags(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("usage: --mobile: ")));
  absl::SetFlag(&FLAGS_mobile, "Li");
}

TEST(MobileFlagsTest, NonPositiveValenceIsAUsageError) {
  absl::SetFlag(&FLAGS_mobile_valence, 0);
  EXPECT_THAT(MobileIonFromFlags(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--mobile_valence must be positive, got 0")));
  absl::SetFlag(&FLAGS_mobile_valence, 1);
}

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
