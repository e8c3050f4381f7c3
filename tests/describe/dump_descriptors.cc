// Test helper: prints a Descriptor stream as text for golden files — the
// header in protobuf text format (map keys sorted, so the text is stable
// even though map serialisation order is not), then one line per record:
// id, representation, mp_id, values with 10 significant digits. Values
// below 1e-12 of the record's largest magnitude print as 0: they are rounding
// noise (e.g. SOAP l=1 terms of a cubic crystal, ~1e-31) that differs between
// compilers and would make goldens brittle.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/text_format.h"
#include "lib/describe/descriptor.pb.h"
#include "lib/stream/record_stream.h"

int main(int argc, char** argv) {
  using namespace ionscreen;
  if (argc != 2) {
    std::fprintf(stderr, "usage: dump_descriptors STREAM|-\n");
    return 2;
  }
  auto source = stream::OpenFileSource(argv[1]);
  if (!source.ok()) {
    std::fprintf(stderr, "%s\n", source.status().ToString().c_str());
    return 1;
  }
  auto reader = stream::RecordReader<describe::DescriptorRecord>::Open(
      std::move(source).value());
  if (!reader.ok()) {
    std::fprintf(stderr, "%s\n", reader.status().ToString().c_str());
    return 1;
  }
  std::string header;
  google::protobuf::TextFormat::PrintToString((*reader)->header(), &header);
  std::printf("# header\n%s# records\n", header.c_str());
  describe::DescriptorRecord r;
  while (true) {
    absl::StatusOr<bool> more = (*reader)->Next(&r);
    if (!more.ok()) {
      std::fprintf(stderr, "%s\n", more.status().ToString().c_str());
      return 1;
    }
    if (!*more) break;
    std::string line = absl::StrCat(r.id(), "\t", r.representation(), "\t",
                                    r.mp_id(), "\t");
    double largest = 0;
    for (double v : r.values()) largest = std::max(largest, std::fabs(v));
    for (int i = 0; i < r.values_size(); ++i) {
      double v = r.values(i);
      if (std::fabs(v) < 1e-12 * largest) v = 0;
      absl::StrAppend(&line, i ? " " : "", absl::StrFormat("%.10g", v));
    }
    std::printf("%s\n", line.c_str());
  }
  return 0;
}
