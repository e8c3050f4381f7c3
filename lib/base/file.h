// Whole-file reads for small inputs (parameter tables, test data).
#ifndef IONSCREEN_LIB_BASE_FILE_H_
#define IONSCREEN_LIB_BASE_FILE_H_

#include <string>

#include "absl/status/statusor.h"

namespace ionscreen::base {

// The bytes of the file at `path`; NotFound ("cannot open <path>") when it
// cannot be opened.
absl::StatusOr<std::string> ReadFileToString(const std::string& path);

}  // namespace ionscreen::base

#endif  // IONSCREEN_LIB_BASE_FILE_H_
