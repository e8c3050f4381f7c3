// Mixing ("2nd-order" descriptors, issue 4 item 5): concatenates several
// Descriptor streams record by record, each scaled by a weight, e.g.
// SOAP:1 + XRD:1e-5. Records are matched on (id, representation); the id
// sets must be equal.
//
// The first input is streamed and fixes the output order; the others are held
// in memory (put the largest descriptor first).
#ifndef IONSCREEN_LIB_DESCRIBE_MIX_H_
#define IONSCREEN_LIB_DESCRIBE_MIX_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "lib/describe/descriptor.pb.h"
#include "lib/stream/byte_io.h"
#include "lib/stream/record_stream.h"
#include "lib/stream/stream.pb.h"

namespace ionscreen::describe {

struct MixSpec {
  std::string path;
  double weight = 1.0;
};

// Parses "A.stream:1,B.stream:1e-5". The weight follows the last ':' and
// defaults to 1 when absent; weights must be finite and > 0.
absl::StatusOr<std::vector<MixSpec>> ParseMixSpecs(const std::string& text);

struct MixInput {
  std::string name;  // for messages (usually the path)
  double weight = 1.0;
  std::unique_ptr<stream::RecordReader<DescriptorRecord>> reader;
};

struct MixSummary {
  uint64_t records_written = 0;
  size_t dimension = 0;
  // With keep_common_only: records dropped because another input lacks them
  // ("N record(s) of A missing from B (e.g. ...)"), one entry per cause.
  std::vector<std::string> dropped;
  uint64_t records_dropped = 0;
};

// Writes the weighted concatenation of `inputs` to `output`. Header:
// provenance of the first input + `step`; parameters "descriptor" = "mix",
// "dimension", "mix" = "<prefix>:<weight>,...", and every input parameter
// as "<prefix>.<name>"; feature labels "<prefix>.<label>". The prefix is the
// input's descriptor name ("soap"; "soap_2" for a second soap input).
// Errors: an input without "dimension", a record of the wrong length, a
// duplicate (id, representation) within an input, or different id sets
// (FailedPrecondition listing examples from each side).
// keep_common_only: instead of that last error, write the records every input
// has and report the others in MixSummary::dropped (a descriptor that skipped
// structures it is undefined for, mixed with one that did not).
absl::StatusOr<MixSummary> MixDescriptorStreams(
    std::vector<MixInput> inputs, std::unique_ptr<stream::ByteSink> output,
    stream::ProvenanceStep step, bool keep_common_only = false);

}  // namespace ionscreen::describe

#endif  // IONSCREEN_LIB_DESCRIBE_MIX_H_
