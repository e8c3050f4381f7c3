// IsOk / StatusIs / IsOkAndHolds matchers and the ASSERT_OK / EXPECT_OK /
// ASSERT_OK_AND_ASSIGN macros for GoogleTest (upstream names).
#ifndef IONSCREEN_LIB_BASE_STATUS_MATCHERS_H_
#define IONSCREEN_LIB_BASE_STATUS_MATCHERS_H_

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ionscreen::testing {

inline const absl::Status& GetStatus(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& s) {
  return s.status();
}

MATCHER(IsOk, "is OK") {
  const absl::Status& s = ::ionscreen::testing::GetStatus(arg);
  if (!s.ok()) *result_listener << s.ToString();
  return s.ok();
}

MATCHER_P(StatusIs, code, "has status code " + ::testing::PrintToString(code)) {
  const absl::Status& s = ::ionscreen::testing::GetStatus(arg);
  *result_listener << s.ToString();
  return s.code() == code;
}

MATCHER_P2(StatusIs, code, message_matcher,
           "has status code " + ::testing::PrintToString(code)) {
  const absl::Status& s = ::ionscreen::testing::GetStatus(arg);
  *result_listener << s.ToString();
  return s.code() == code &&
         ::testing::Matches(message_matcher)(std::string(s.message()));
}

MATCHER_P(IsOkAndHolds, value_matcher, "is OK and holds") {
  if (!arg.ok()) {
    *result_listener << arg.status().ToString();
    return false;
  }
  return ::testing::Matches(value_matcher)(*arg);
}

}  // namespace ionscreen::testing

#define ASSERT_OK(expr) ASSERT_THAT(expr, ::ionscreen::testing::IsOk())
#define EXPECT_OK(expr) EXPECT_THAT(expr, ::ionscreen::testing::IsOk())

// ASSERT_OK_AND_ASSIGN(lhs, rexpr): asserts that the StatusOr `rexpr` is OK
// and moves its value into `lhs` (a declaration or an lvalue).
#define ASSERT_OK_AND_ASSIGN(lhs, rexpr)                             \
  IONSCREEN_ASSERT_OK_AND_ASSIGN_IMPL_(                              \
      IONSCREEN_MATCHERS_CONCAT_(assert_statusor_, __LINE__), lhs, rexpr)
#define IONSCREEN_ASSERT_OK_AND_ASSIGN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                        \
  ASSERT_TRUE(statusor.ok()) << statusor.status();                \
  lhs = std::move(statusor).value()
#define IONSCREEN_MATCHERS_CONCAT_INNER_(a, b) a##b
#define IONSCREEN_MATCHERS_CONCAT_(a, b) IONSCREEN_MATCHERS_CONCAT_INNER_(a, b)

#endif  // IONSCREEN_LIB_BASE_STATUS_MATCHERS_H_
