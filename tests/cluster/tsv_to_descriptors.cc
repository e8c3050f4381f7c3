// Test helper (until `describe` output is at hand): turns a numeric matrix
// TSV (one row per structure, whitespace-separated, values may be nan/inf)
// and an optional ids TSV (header with "id", optional "mp_id" and
// "icsd_ids" lists split on , or ;) into a Descriptor stream on stdout.
// Usage: tsv_to_descriptors MATRIX.tsv [IDS.tsv] > out.pb
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "lib/describe/descriptor.pb.h"
#include "lib/stream/record_stream.h"

namespace {

int Fail(const std::string& msg) {
  std::fprintf(stderr, "tsv_to_descriptors: %s\n", msg.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ionscreen;
  signal(SIGPIPE, SIG_IGN);
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: tsv_to_descriptors MATRIX.tsv [IDS.tsv]\n");
    return 2;
  }
  std::vector<describe::DescriptorRecord> records;
  std::ifstream matrix(argv[1]);
  if (!matrix) return Fail(absl::StrCat("cannot open ", argv[1]));
  std::string line;
  while (std::getline(matrix, line)) {
    if (line.empty() || line[0] == '#') continue;
    describe::DescriptorRecord r;
    r.set_id(absl::StrCat("row", records.size()));
    r.set_representation("test");
    for (absl::string_view f :
         absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty())) {
      double v;
      // strtod accepts nan/inf, which tests need for the bad-input cases.
      std::string s(f);
      char* end = nullptr;
      v = std::strtod(s.c_str(), &end);
      if (end == s.c_str() || *end != '\0') {
        return Fail(absl::StrCat("bad number '", s, "'"));
      }
      r.add_values(v);
    }
    records.push_back(std::move(r));
  }
  if (argc == 3) {
    std::ifstream ids(argv[2]);
    if (!ids) return Fail(absl::StrCat("cannot open ", argv[2]));
    std::getline(ids, line);
    std::vector<std::string> cols = absl::StrSplit(line, '\t');
    int id_col = -1, mp_col = -1, icsd_col = -1;
    for (int c = 0; c < static_cast<int>(cols.size()); ++c) {
      if (cols[c] == "id") id_col = c;
      if (cols[c] == "mp_id") mp_col = c;
      if (cols[c] == "icsd_ids") icsd_col = c;
    }
    if (id_col < 0) return Fail("ids file has no 'id' column");
    size_t row = 0;
    while (std::getline(ids, line)) {
      if (line.empty()) continue;
      if (row >= records.size()) return Fail("more ids than matrix rows");
      std::vector<std::string> f = absl::StrSplit(line, '\t');
      f.resize(cols.size());
      records[row].set_id(f[id_col]);
      if (mp_col >= 0) records[row].set_mp_id(f[mp_col]);
      if (icsd_col >= 0) {
        for (absl::string_view s :
             absl::StrSplit(f[icsd_col], absl::ByAnyChar(",;"), absl::SkipEmpty())) {
          int64_t v;
          if (!absl::SimpleAtoi(s, &v)) return Fail("bad icsd id");
          records[row].add_icsd_ids(v);
        }
      }
      ++row;
    }
    if (row != records.size()) return Fail("fewer ids than matrix rows");
  }
  stream::StreamHeader header;
  (*header.mutable_parameters())["descriptor"] = "test_matrix";
  (*header.mutable_parameters())["dimension"] =
      records.empty() ? "0" : absl::StrCat(records[0].values_size());
  auto writer = stream::RecordWriter<describe::DescriptorRecord>::Open(
      stream::FdSink(1, "<stdout>"), header);
  if (!writer.ok()) return Fail(std::string(writer.status().message()));
  for (const auto& r : records) {
    absl::Status s = (*writer)->Write(r);
    if (!s.ok()) return Fail(std::string(s.message()));
  }
  absl::Status s = (*writer)->Close();
  if (!s.ok()) return Fail(std::string(s.message()));
  return 0;
}
