// The simplify tool's stage: every record of a Crystal stream simplified into
// the requested representations.
#ifndef IONSCREEN_LIB_SIMPLIFY_SIMPLIFY_STREAM_H_
#define IONSCREEN_LIB_SIMPLIFY_SIMPLIFY_STREAM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/simplify/simplify.h"
#include "lib/stream/record_stage.h"
#include "lib/stream/stream.pb.h"

namespace ionscreen::simplify {

struct StageOptions {
  // Crystal streams in and out. A record that fails (all its
  // representations) is an error "record N: reason", or skipped.
  stream::StageIo io;
  std::vector<Representation> representations;  // emitted in this order
  Options simplify;
};

// For each input record, writes one record per representation (a record's
// representations are all written or, with keep_going, none) under a header
// with the input's provenance and `step`. Records without an id get
// "record #N" (N from 0).
absl::StatusOr<stream::StageCounts> RunSimplifyStage(
    const StageOptions& options, stream::ProvenanceStep step);

}  // namespace ionscreen::simplify

#endif  // IONSCREEN_LIB_SIMPLIFY_SIMPLIFY_STREAM_H_
