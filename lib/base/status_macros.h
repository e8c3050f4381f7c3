// RETURN_IF_ERROR / ASSIGN_OR_RETURN with the upstream names: Debian's Abseil
// 20220623 lacks them.
#ifndef IONSCREEN_LIB_BASE_STATUS_MACROS_H_
#define IONSCREEN_LIB_BASE_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define IONSCREEN_CONCAT_INNER_(a, b) a##b
#define IONSCREEN_CONCAT_(a, b) IONSCREEN_CONCAT_INNER_(a, b)

#define RETURN_IF_ERROR(expr)                                   \
  do {                                                          \
    ::absl::Status ionscreen_status_ = (expr);                  \
    if (!ionscreen_status_.ok()) return ionscreen_status_;      \
  } while (0)

#define ASSIGN_OR_RETURN(lhs, rexpr) \
  ASSIGN_OR_RETURN_IMPL_(IONSCREEN_CONCAT_(statusor_, __LINE__), lhs, rexpr)

#define ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                           \
  if (!statusor.ok()) return statusor.status();      \
  lhs = std::move(statusor).value()

#endif  // IONSCREEN_LIB_BASE_STATUS_MACROS_H_
