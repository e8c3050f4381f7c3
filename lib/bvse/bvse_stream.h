// The bvse tool's stage: a Crystal stream in, one BvseResult per record out
// (and a TSV row), with the --keep_going contract of lib/stream/record_stage.
#ifndef IONSCREEN_LIB_BVSE_BVSE_STREAM_H_
#define IONSCREEN_LIB_BVSE_BVSE_STREAM_H_

#include <cstdint>
#include <functional>

#include "absl/status/status.h"
#include "lib/bvse/bvse.h"
#include "lib/bvse/bvse.pb.h"
#include "lib/bvse/bvse_params.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/stream/byte_io.h"
#include "lib/stream/record_stage.h"
#include "lib/stream/record_stream.h"

namespace ionscreen::bvse {

struct BvseStreamOptions {
  BvseOptions bvse;
  // Assign oxidation states (lib/oxidation) to records lacking them instead
  // of failing them.
  bool assign_oxidation = false;
  // A record that fails is an error "record N (id): reason", or skipped.
  stream::SkipPolicy skip;
  // Called after each record (progress).
  std::function<void()> on_record;
};

struct BvseStreamReport {
  int64_t records_read = 0;
  int64_t records_done = 0;
  int64_t records_skipped = 0;
};

// Runs RunBvse on every record of `reader`, writing results to `writer` and,
// when `tsv` is not null, BvseTsvHeader() then one BvseTsvRow per result.
// Neither the writer nor the TSV sink is closed here.
absl::Status RunBvseStream(stream::RecordReader<crystal::Crystal>& reader,
                           stream::RecordWriter<BvseResult>& writer,
                           stream::ByteSink* tsv, const BvseParams& params,
                           const BvseStreamOptions& options,
                           BvseStreamReport* report);

}  // namespace ionscreen::bvse

#endif  // IONSCREEN_LIB_BVSE_BVSE_STREAM_H_
