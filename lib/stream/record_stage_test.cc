#include "lib/stream/record_stage.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace ionscreen::stream {
namespace {

TEST(RecordNameTest, WithAndWithoutId) {
  EXPECT_EQ(RecordName(3, "mp-1"), "record 3 (mp-1)");
  EXPECT_EQ(RecordName(0, ""), "record 0");
  EXPECT_EQ(RecordName(2, "x", "--crystals record"), "--crystals record 2 (x)");
}

TEST(SkipCounterTest, OkRecordIsUsed) {
  SkipCounter skips(SkipPolicy{});
  absl::StatusOr<bool> use = skips.Keep("record 0", absl::OkStatus());
  ASSERT_TRUE(use.ok());
  EXPECT_TRUE(*use);
  EXPECT_EQ(skips.skipped(), 0);
}

TEST(SkipCounterTest, WithoutKeepGoingTheErrorNamesTheRecord) {
  SkipCounter skips(SkipPolicy{});
  absl::StatusOr<bool> use =
      skips.Keep("record 2 (a)", absl::FailedPreconditionError("bad cell"));
  ASSERT_FALSE(use.ok());
  EXPECT_EQ(use.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(use.status().message(), "record 2 (a): bad cell");
  EXPECT_EQ(skips.skipped(), 0);
}

TEST(SkipCounterTest, KeepGoingReportsCountsAndSkips) {
  std::vector<std::string> lines;
  SkipPolicy policy;
  policy.keep_going = true;
  policy.on_skip = [&lines](const std::string& l) { lines.push_back(l); };
  SkipCounter skips(policy);
  for (int i = 0; i < 3; ++i) {
    absl::Status s = i == 1 ? absl::OkStatus()
                            : absl::InvalidArgumentError("not finite");
    absl::StatusOr<bool> use = skips.Keep(RecordName(i, "x"), s);
    ASSERT_TRUE(use.ok());
    EXPECT_EQ(*use, i == 1);
  }
  EXPECT_EQ(skips.skipped(), 2);
  EXPECT_EQ(lines, (std::vector<std::string>{"record 0 (x): not finite",
                                             "record 2 (x): not finite"}));
}

TEST(SkipCounterTest, KeepGoingWithoutCallbackStillCounts) {
  SkipPolicy policy;
  policy.keep_going = true;
  SkipCounter skips(policy);
  ASSERT_TRUE(skips.Keep("record 0", absl::InternalError("x")).ok());
  EXPECT_EQ(skips.skipped(), 1);
}

}  // namespace
}  // namespace ionscreen::stream
