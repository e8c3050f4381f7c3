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
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "lib/base/status_macros.h"
#include "lib/stream/byte_io.h"
#include "lib/stream/record_stream.h"

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

// What a record stage counts. Every stage's closing line says it the same
// way (tools::SkipSummary): "N records read, M written, K skipped".
struct StageCounts {
  int64_t records_read = 0;
  int64_t records_written = 0;
  int64_t records_skipped = 0;
};

// What every stage's command line sets alike (tools/common/stage_flags.h):
// the main input, the output and the --keep_going contract.
struct StageIo {
  std::string input_path = "-";   // "-": stdin
  std::string output_path = "-";  // "-": stdout (neb-prep: a folder)
  SkipPolicy skip;
};

// A stage's two streams, opened the one way every stage opens them: `In`
// records from io.input_path, `Out` records to io.output_path under a header
// carrying the input's provenance and `step`.
template <typename In, typename Out>
struct StageStreams {
  std::unique_ptr<RecordReader<In>> reader;
  std::unique_ptr<RecordWriter<Out>> writer;
};
template <typename In, typename Out>
absl::StatusOr<StageStreams<In, Out>> OpenStageStreams(const StageIo& io,
                                                       ProvenanceStep step) {
  StageStreams<In, Out> s;
  ASSIGN_OR_RETURN(auto source, OpenFileSource(io.input_path));
  ASSIGN_OR_RETURN(s.reader, RecordReader<In>::Open(std::move(source)));
  ASSIGN_OR_RETURN(auto sink, OpenFileSink(io.output_path));
  ASSIGN_OR_RETURN(s.writer,
                   RecordWriter<Out>::Open(
                       std::move(sink),
                       DerivedHeader(&s.reader->header(), std::move(step))));
  return s;
}

// The loop of a record stage, written once. Every record of `reader` goes
// to `process(record)`, which returns a StatusOr; its status is the
// record's outcome under `skips` (the record named RecordName(index, id,
// what), the id left out when name_by_id is false because the reason
// already names it). `use(record, result)` then gets each kept record; its
// errors (a failed write) end the stage, never skip.
template <typename T, typename = void>
struct HasId : std::false_type {};
template <typename T>
struct HasId<T, std::void_t<decltype(std::declval<const T&>().id())>>
    : std::true_type {};

template <typename In, typename Process, typename Use>
absl::Status ForEachKeptRecord(RecordReader<In>& reader, SkipCounter& skips,
                               Process process, Use use,
                               absl::string_view what = "record",
                               bool name_by_id = true) {
  In record;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader.Next(&record));
    if (!more) return absl::OkStatus();
    auto result = process(record);
    const int64_t index = static_cast<int64_t>(reader.records_read()) - 1;
    std::string id;
    if constexpr (HasId<In>::value) {
      if (name_by_id) id = record.id();
    }
    ASSIGN_OR_RETURN(bool keep, skips.Keep(RecordName(index, id, what),
                                           result.status()));
    if (!keep) continue;
    RETURN_IF_ERROR(use(record, *std::move(result)));
  }
}

}  // namespace ionscreen::stream

#endif  // IONSCREEN_LIB_STREAM_RECORD_STAGE_H_
