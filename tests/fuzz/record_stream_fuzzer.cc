// libFuzzer target (issue 16): the stream reader for every record type the
// tools read (Crystal, DescriptorRecord, Clustering, BvseResult, Score),
// dispatched on the header's record type. Crystal records that validate go
// on through simplify (every representation) and the composition helpers:
// validation at a stage's entry must make everything after it safe.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "lib/bvse/bvse.pb.h"
#include "lib/cluster/clustering.pb.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.pb.h"
#include "lib/score/score.pb.h"
#include "lib/simplify/simplify.h"
#include "lib/stream/record_stream.h"

namespace {

using namespace ionscreen;  // NOLINT: a fuzz target

void UseCrystal(const crystal::Crystal& c) {
  if (!crystal::Validate(c).ok()) return;
  (void)crystal::ReducedFormula(crystal::Composition(c));
  (void)crystal::DensityGramPerCm3(c);
  simplify::Options options;
  for (const std::string& name : simplify::AllRepresentationNames()) {
    auto rep = simplify::ParseRepresentation(name);
    if (!rep.ok()) std::abort();
    (void)simplify::Simplify(c, *rep, options);
  }
}

template <typename T>
void ReadAll(std::unique_ptr<stream::RawRecordReader> raw) {
  T record;
  for (int i = 0; i < 1000; ++i) {
    absl::StatusOr<bool> more = raw->Next(&record);
    if (!more.ok() || !*more) return;
    if constexpr (std::is_same_v<T, crystal::Crystal>) UseCrystal(record);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto raw = stream::RawRecordReader::Open(
      stream::StringSource(
          std::string(reinterpret_cast<const char*>(data), size), "fuzz"),
      "");
  if (!raw.ok()) return 0;
  const std::string type = (*raw)->header().record_type();
  if (type == crystal::Crystal::descriptor()->full_name()) {
    ReadAll<crystal::Crystal>(std::move(raw).value());
  } else if (type == describe::DescriptorRecord::descriptor()->full_name()) {
    ReadAll<describe::DescriptorRecord>(std::move(raw).value());
  } else if (type == cluster::Clustering::descriptor()->full_name()) {
    ReadAll<cluster::Clustering>(std::move(raw).value());
  } else if (type == bvse::BvseResult::descriptor()->full_name()) {
    ReadAll<bvse::BvseResult>(std::move(raw).value());
  } else {
    ReadAll<score::Score>(std::move(raw).value());
  }
  return 0;
}
