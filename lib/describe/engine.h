// The `describe` engine: Crystal stream in, Descriptor stream out.
//
// It configures one registered descriptor, validates every record and
// enforces the disorder policy (descriptors never see a refused record),
// buffers the input when the descriptor needs a data-set-wide Prepare,
// computes vectors on N threads (output order = input order, so output bytes
// do not depend on the thread count) and validates every vector (length =
// dimension, all finite): a descriptor can never leak NaN into a stream.
#ifndef IONSCREEN_LIB_DESCRIBE_ENGINE_H_
#define IONSCREEN_LIB_DESCRIBE_ENGINE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/describe/descriptor.h"
#include "lib/describe/descriptor.pb.h"
#include "lib/stream/byte_io.h"
#include "lib/stream/record_stage.h"
#include "lib/stream/record_stream.h"
#include "lib/stream/stream.pb.h"

namespace ionscreen::describe {

// How partially occupied sites are treated (method.md, issue 4 item 6).
enum class DisorderPolicy {
  kWeighted,  // each occupant contributes with its occupancy as weight
  kError,     // a disordered record is a per-record error
};
absl::StatusOr<DisorderPolicy> ParseDisorderPolicy(const std::string& text);
std::string DisorderPolicyName(DisorderPolicy policy);

// Parses "k=v,k=v". A comma-separated piece without '=' continues the
// previous value, so list values need no quoting:
// "species=Li,O,S,rcut=3" -> {species: "Li,O,S", rcut: "3"}.
// Duplicate or empty names are InvalidArgument.
absl::StatusOr<Params> ParseParamList(const std::string& text);

// What the engine checks before a descriptor sees a record: a valid crystal
// (crystal::Validate: lattice, sites, occupancies, limits) and, under
// kError, no partially occupied or mixed site. Descriptors rely on it and
// check neither.
absl::Status CheckRecord(const crystal::Crystal& c, DisorderPolicy policy);

// Creates and configures a registered descriptor. Names in `params` that the
// descriptor does not declare are InvalidArgument listing the known ones;
// "disorder" is refused (it is the engine's --disorder, not a parameter).
absl::StatusOr<std::unique_ptr<Descriptor>> MakeDescriptor(
    const std::string& name, const Params& params);

struct DescribeOptions {
  DisorderPolicy disorder = DisorderPolicy::kWeighted;
  int threads = 1;
  // The stage's --keep_going contract (lib/stream/record_stage.h): a record
  // that fails is an error naming it ("record 3 (mp-1234): reason"), or
  // with skip.keep_going is reported through skip.on_skip (in input order,
  // on the calling thread), counted and passed over.
  stream::SkipPolicy skip;
  // Records computed per parallel batch; 0 picks a default.
  size_t batch_size = 0;
  // Called on the calling thread after each batch; `total` is 0 when the
  // input is streamed (unknown length).
  std::function<void(uint64_t done, uint64_t total)> on_progress;
};

// Reads every Crystal from `input`, writes a Descriptor stream to `output`:
// header = input provenance + `step`, parameters {descriptor, dimension,
// disorder, each effective parameter}, feature labels; then one
// DescriptorRecord per input record (only records that pass CheckRecord
// reach the descriptor). `descriptor` must come from MakeDescriptor.
// Without skip.keep_going the first bad record (in input order) fails the
// run with an error naming its index, id and reason (stream::RecordName).
absl::StatusOr<stream::StageCounts> Describe(
    const std::string& descriptor_name, Descriptor& descriptor,
    stream::RecordReader<crystal::Crystal>& input,
    std::unique_ptr<stream::ByteSink> output, stream::ProvenanceStep step,
    const DescribeOptions& options);

// The text of `describe --list`: every registered descriptor with its
// description, parameters (name, default, help, [type, unit, range]) and
// dimension with default parameters ("depends on the data set" when it is
// fixed by Prepare).
std::string ListDescriptors();

// The same as JSON (`describe --list --format=json`), for programs such as
// the workflow: {"descriptors": [{"name", "description", "dimension" (null
// when it depends on the data set), "parameters": [{"name", "type",
// "default", "unit", "range", "choices", "data_path", "help"}]}],
// "disorder": {"flag", "choices", "default"}}.
std::string ListDescriptorsJson();

// Shortest decimal text that parses back to exactly `value` (mixing weights
// in stream headers: reproducible and lossless). Descriptor parameters use
// FormatNumber (param_schema.h).
std::string FormatDouble(double value);

}  // namespace ionscreen::describe

#endif  // IONSCREEN_LIB_DESCRIBE_ENGINE_H_
