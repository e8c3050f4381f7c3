// Test helper: prints one JSON object per record pairing a Crystal stream
// with the BvseResult stream computed from it (protobuf JSON mapping), so a
// Python oracle can recompute the energies from the same sites and states.
#include <cstdio>
#include <string>

#include "google/protobuf/util/json_util.h"
#include "lib/bvse/bvse.pb.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/stream/record_stream.h"

int main(int argc, char** argv) {
  using namespace ionscreen;
  if (argc != 3) {
    std::fprintf(stderr, "usage: bvse_to_json CRYSTALS BVSE_RESULTS\n");
    return 2;
  }
  auto cr = stream::RecordReader<crystal::Crystal>::Open(
      std::move(stream::OpenFileSource(argv[1])).value());
  auto br = stream::RecordReader<bvse::BvseResult>::Open(
      std::move(stream::OpenFileSource(argv[2])).value());
  if (!cr.ok() || !br.ok()) {
    std::fprintf(stderr, "cannot open streams\n");
    return 1;
  }
  crystal::Crystal c;
  bvse::BvseResult r;
  google::protobuf::util::JsonPrintOptions opts;
  opts.preserve_proto_field_names = true;
  while (true) {
    auto m1 = (*cr)->Next(&c);
    auto m2 = (*br)->Next(&r);
    if (!m1.ok() || !m2.ok() || *m1 != *m2) {
      std::fprintf(stderr, "streams differ in length or are corrupt\n");
      return 1;
    }
    if (!*m1) break;
    std::string a, b;
    if (!google::protobuf::util::MessageToJsonString(c, &a, opts).ok() ||
        !google::protobuf::util::MessageToJsonString(r, &b, opts).ok()) {
      return 1;
    }
    std::printf("{\"crystal\": %s, \"result\": %s}\n", a.c_str(), b.c_str());
  }
  return 0;
}
