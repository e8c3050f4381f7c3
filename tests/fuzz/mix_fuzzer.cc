// libFuzzer target (issue 16): describe --mix input pairing. The input is
// two Descriptor streams separated by the first occurrence of "@@MIX@@";
// the first byte picks --keep_going (bit 0) and the second input's weight
// (bits 1-2: 1e-5, 1, 1e300, 1e308; the large ones overflow to inf).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lib/describe/mix.h"
#include "lib/stream/record_stream.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ionscreen;  // NOLINT: a fuzz target
  if (size < 1) return 0;
  const bool keep_going = data[0] & 1;
  const std::string all(reinterpret_cast<const char*>(data) + 1, size - 1);
  const size_t sep = all.find("@@MIX@@");
  if (sep == std::string::npos) return 0;
  const std::string parts[2] = {all.substr(0, sep), all.substr(sep + 7)};
  std::vector<describe::MixInput> inputs;
  for (int i = 0; i < 2; ++i) {
    auto reader = stream::RecordReader<describe::DescriptorRecord>::Open(
        stream::StringSource(parts[i], i == 0 ? "a" : "b"));
    if (!reader.ok()) return 0;
    static constexpr double kWeights[4] = {1e-5, 1.0, 1e300, 1e308};
    inputs.push_back({i == 0 ? "a" : "b", i == 0 ? 1.0 : kWeights[(data[0] >> 1) & 3],
                      std::move(reader).value()});
  }
  std::string out;
  (void)describe::MixDescriptorStreams(std::move(inputs),
                                       stream::StringSink(&out),
                                       stream::ProvenanceStep(), keep_going);
  return 0;
}
