// The --keep_going contract of a record stage, written once (issues 15 and
// 16): a record that parses but cannot be used either ends the stage with an
// error naming it (the default), or, with keep_going, is reported through
// `on_skip` as one line naming it and the reason, counted, and passed over
// while the good records go on. A record that does not parse is never
// skipped: the stream itself is damaged (RecordReader's DataLoss errors).
//
//   stream::SkipCounter skips(options.skip);
//   ...
//   absl::Status s = Process(record);
//   ASSIGN_OR_RETURN(bool use, skips.Keep(stream::RecordName(i, record.id()), s));
//   if (!use) continue;
//   ...
//   report->records_skipped = skips.skipped();
#ifndef IONSCREEN_LIB_STREAM_RECORD_STAGE_H_
#define IONSCREEN_LIB_STREAM_RECORD_STAGE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ionscreen::stream {

struct SkipPolicy {
  // Skip bad records (reported and counted) instead of failing the stage.
  bool keep_going = false;
  // Called once per skipped record, in input order, on the calling thread,
  // with "<record name>: <reason>". May be empty (the count is still kept).
  std::function<void(const std::string& line)> on_skip;
};

// How messages name a record: `record 3 (mp-1234)`, or `record 3` without
// an id. `what` replaces "record" (e.g. "--crystals record").
std::string RecordName(int64_t index, absl::string_view id,
                       absl::string_view what = "record");

class SkipCounter {
 public:
  explicit SkipCounter(SkipPolicy policy) : policy_(std::move(policy)) {}

  // The outcome of one record named `name`. OK: returns true (use it).
  // An error: with keep_going reports "name: reason", counts it and returns
  // false (skip it); without, returns the error (same code) with the
  // message "name: reason".
  absl::StatusOr<bool> Keep(absl::string_view name, const absl::Status& status);

  bool keep_going() const { return policy_.keep_going; }
  int64_t skipped() const { return skipped_; }

 private:
  SkipPolicy policy_;
  int64_t skipped_ = 0;
};

}  // namespace ionscreen::stream

#endif  // IONSCREEN_LIB_STREAM_RECORD_STAGE_H_
