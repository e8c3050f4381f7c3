#include "lib/descriptors/elemdata/elemdata.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/descriptors/elemdata/json.h"

namespace ionscreen::elemdata {
namespace {

using ::ionscreen::testing::StatusIs;

TEST(JsonTest, KeepsKeyOrderAndTypes) {
  auto v = ParseJson(R"({"b": 1.5, "a": [1, "2.5", true, null], "c": {"x": -1e-3},
                         "n": NaN})");
  ASSERT_OK(v);
  ASSERT_EQ(v->object.size(), 4u);
  EXPECT_EQ(v->object[0].first, "b");
  EXPECT_EQ(v->object[1].first, "a");
  EXPECT_EQ(v->Find("b")->number, 1.5);
  const JsonValue* a = v->Find("a");
  ASSERT_EQ(a->array.size(), 4u);
  EXPECT_THAT(JsonToDouble(a->array[1]), ::ionscreen::testing::IsOkAndHolds(2.5));
  EXPECT_EQ(a->array[2].type, JsonValue::Type::kBool);
  EXPECT_EQ(v->Find("c")->Find("x")->number, -1e-3);
  EXPECT_TRUE(std::isnan(v->Find("n")->number));
  EXPECT_EQ(v->Find("zz"), nullptr);
}

TEST(JsonTest, RejectsMalformed) {
  EXPECT_THAT(ParseJson("{\"a\": }").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseJson("[1, 2").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseJson("{} x").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseJson(R"({"a": 1 "b": 2})").status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::HasSubstr("expected , or }")));
  EXPECT_THAT(ParseJson("[1 2]").status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::HasSubstr("expected , or ]")));
  EXPECT_THAT(ParseJson("{1: 2}").status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::HasSubstr("expected object key")));
}

TEST(JsonTest, EmptyContainers) {
  ASSERT_OK_AND_ASSIGN(JsonValue v, ParseJson(R"({"a": [], "b": {}})"));
  EXPECT_EQ(v.Find("a")->type, JsonValue::Type::kArray);
  EXPECT_TRUE(v.Find("a")->array.empty());
  EXPECT_EQ(v.Find("b")->type, JsonValue::Type::kObject);
  EXPECT_TRUE(v.Find("b")->object.empty());
}

TEST(StatsTest, MatminerStdDev) {
  // Unweighted-equivalent: weights 1, 1 -> beta = 2 / (4 - 2) = 1,
  // sum (x - 2)^2 = 2 -> sqrt(2) (numpy's ddof=1 std of [1, 3]).
  EXPECT_DOUBLE_EQ(MatminerStdDev({1, 3}, {1, 1}), std::sqrt(2.0));
  EXPECT_EQ(MatminerStdDev({5}, {3}), 0);
  EXPECT_DOUBLE_EQ(WeightedMean({1, 4}, {2, 1}), 2.0);
}

TEST(MagpieTest, MissingDirectoryNamesParameter) {
  EXPECT_THAT(LoadMagpieTable("/nonexistent", "Number", "magpie_dir").status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       ::testing::HasSubstr("magpie_dir")));
}

}  // namespace
}  // namespace ionscreen::elemdata
