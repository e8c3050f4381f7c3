// libFuzzer target (issue 16): the labels CSV/TSV reader (score, rank) and
// the properties TSV/CSV reader (cif2proto --properties). The first byte
// picks the reader and options; the rest is the file.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "lib/cif/ingest.h"
#include "lib/labels/labels.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ionscreen;  // NOLINT: a fuzz target
  if (size < 1) return 0;
  const uint8_t mode = data[0];
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (mode & 1) {
    // Properties: the reader takes a path; .csv or .tsv decides the format.
    static const std::string dir = [] {
      char tmpl[] = "/tmp/labels_fuzzer.XXXXXX";
      const char* d = mkdtemp(tmpl);
      return std::string(d == nullptr ? "/tmp" : d);
    }();
    const std::string path = dir + ((mode & 2) ? "/p.csv" : "/p.tsv");
    FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) return 0;
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    (void)cif::ReadPropertiesTsv(path);
    return 0;
  }
  labels::LabelOptions options;
  if (mode & 2) options.label = "ea";
  if (mode & 4) options.below_bound = labels::BelowBoundPolicy::kBound;
  auto table = labels::ParseLabelFiles({text, text.substr(text.size() / 2)},
                                       {"a.csv", "b.csv"}, options);
  if (!table.ok()) return 0;
  labels::ItemKeys keys;
  keys.ids = {"mp-1", "lif-0", "x"};
  keys.mp_ids = {"mp-1", "", "mp-2"};
  keys.icsd_ids = {{1, 2}, {}, {3}};
  for (labels::Duplicates d :
       {labels::Duplicates::kAverage, labels::Duplicates::kRows}) {
    labels::LabelJoin join = labels::JoinLabels(*table, keys, d);
    (void)labels::ResolvedLabelsTsv(*table, join, keys, "sigma");
  }
  return 0;
}
