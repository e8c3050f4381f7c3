// Applies simplifications to every record of a Crystal stream.
#ifndef IONSCREEN_LIB_SIMPLIFY_SIMPLIFY_STREAM_H_
#define IONSCREEN_LIB_SIMPLIFY_SIMPLIFY_STREAM_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/simplify/simplify.h"
#include "lib/stream/record_stage.h"
#include "lib/stream/record_stream.h"

namespace ionscreen::simplify {

struct StreamOptions {
  std::vector<Representation> representations;  // emitted in this order
  Options simplify;
  // A record that fails (all its representations) is an error "record N:
  // <id>: reason", or skipped (lib/stream/record_stage.h).
  stream::SkipPolicy skip;
};

struct StreamReport {
  int64_t records_read = 0;
  int64_t records_written = 0;
  int64_t records_skipped = 0;
};

// For each input record, writes one record per representation (a record's
// representations are all written or, with keep_going, none). Errors name the
// record id (or its index when the id is empty).
absl::Status SimplifyStream(stream::RecordReader<crystal::Crystal>& reader,
                            stream::RecordWriter<crystal::Crystal>& writer,
                            const StreamOptions& options, StreamReport* report);

}  // namespace ionscreen::simplify

#endif  // IONSCREEN_LIB_SIMPLIFY_SIMPLIFY_STREAM_H_
