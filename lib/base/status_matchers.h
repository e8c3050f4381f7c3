// IsOk / StatusIs / IsOkAndHolds matchers for GoogleTest (upstream names).
#ifndef IONSCREEN_LIB_BASE_STATUS_MATCHERS_H_
#define IONSCREEN_LIB_BASE_STATUS_MATCHERS_H_

#include <string>

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

#endif  // IONSCREEN_LIB_BASE_STATUS_MATCHERS_H_
