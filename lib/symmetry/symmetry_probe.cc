// Test probe: "id<TAB>number<TAB>symbol" per record of a Crystal stream, with
// spglib at the given tolerance (symmetry_oracle_test.sh compares it with
// pymatgen's SpacegroupAnalyzer).
// Usage: symmetry_probe SYMPREC_ANGSTROM CRYSTALS
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "lib/crystal/crystal.pb.h"
#include "lib/stream/byte_io.h"
#include "lib/stream/record_stream.h"
#include "lib/symmetry/symmetry.h"

int main(int argc, char** argv) {
  using namespace ionscreen;
  if (argc != 3) {
    std::fprintf(stderr, "usage: symmetry_probe SYMPREC_ANGSTROM CRYSTALS\n");
    return 2;
  }
  const double symprec = std::atof(argv[1]);
  auto source = stream::OpenFileSource(argv[2]);
  if (!source.ok()) {
    std::fprintf(stderr, "%s\n", source.status().ToString().c_str());
    return 1;
  }
  auto reader = stream::RawRecordReader::Open(std::move(source).value(), "");
  if (!reader.ok()) {
    std::fprintf(stderr, "%s\n", reader.status().ToString().c_str());
    return 1;
  }
  crystal::Crystal c;
  while (true) {
    auto more = (*reader)->Next(&c);
    if (!more.ok()) {
      std::fprintf(stderr, "%s\n", more.status().ToString().c_str());
      return 1;
    }
    if (!*more) break;
    auto s = symmetry::Analyze(c, symprec);
    if (!s.ok()) {
      std::printf("%s\t0\terror\n", c.id().c_str());
      continue;
    }
    std::printf("%s\t%d\t%s\n", c.id().c_str(), s->number,
                s->international.c_str());
  }
  return 0;
}
