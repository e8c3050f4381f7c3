#include "lib/stream/record_stage.h"

#include "absl/strings/str_cat.h"

namespace ionscreen::stream {

std::string RecordName(int64_t index, absl::string_view id,
                       absl::string_view what) {
  if (id.empty()) return absl::StrCat(what, " ", index);
  return absl::StrCat(what, " ", index, " (", id, ")");
}

absl::StatusOr<bool> SkipCounter::Keep(absl::string_view name,
                                       const absl::Status& status) {
  if (status.ok()) return true;
  std::string line = absl::StrCat(name, ": ", status.message());
  if (!policy_.keep_going) return absl::Status(status.code(), line);
  ++skipped_;
  if (policy_.on_skip) policy_.on_skip(line);
  return false;
}

}  // namespace ionscreen::stream
