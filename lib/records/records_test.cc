#include "lib/records/records.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "gtest/gtest.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/stream/byte_io.h"
#include "lib/stream/record_stream.h"

namespace ionscreen::records {
namespace {

std::string CrystalStream(const std::vector<std::string>& ids) {
  std::string bytes;
  auto writer = stream::RecordWriter<crystal::Crystal>::Open(
                    stream::StringSink(&bytes), stream::StreamHeader())
                    .value();
  for (const auto& id : ids) {
    crystal::Crystal c;
    c.set_id(id);
    EXPECT_TRUE(writer->Write(c).ok());
  }
  EXPECT_TRUE(writer->Close().ok());
  return bytes;
}

std::vector<std::string> Ids(const std::string& bytes) {
  auto reader = stream::RecordReader<crystal::Crystal>::Open(
                    stream::StringSource(bytes, "out"))
                    .value();
  std::vector<std::string> out;
  crystal::Crystal c;
  while (reader->Next(&c).value()) out.push_back(c.id());
  return out;
}

TEST(ConcatStreamsTest, KeepIdsSelectsListedRecordsInInputOrder) {
  std::vector<std::unique_ptr<stream::ByteSource>> sources;
  sources.push_back(stream::StringSource(CrystalStream({"a", "b", "c"}), "x"));
  sources.push_back(stream::StringSource(CrystalStream({"d", "e"}), "y"));
  absl::flat_hash_set<std::string> keep = {"e", "b", "zz"};
  ConcatOptions options;
  options.keep_ids = &keep;
  ConcatReport report;
  std::string out;
  auto sink = stream::StringSink(&out);
  ASSERT_TRUE(ConcatStreams(std::move(sources), *sink, stream::ProvenanceStep(),
                            options, &report)
                  .ok());
  EXPECT_EQ(Ids(out), (std::vector<std::string>{"b", "e"}));
  EXPECT_EQ(report.records, 2);
  EXPECT_EQ(report.not_in_keep_ids, 3);
  EXPECT_EQ(report.keep_ids_missing, 1);  // "zz"
}

TEST(ConcatStreamsTest, WithoutKeepIdsEverythingIsWritten) {
  std::vector<std::unique_ptr<stream::ByteSource>> sources;
  sources.push_back(stream::StringSource(CrystalStream({"a", "b"}), "x"));
  ConcatReport report;
  std::string out;
  auto sink = stream::StringSink(&out);
  ASSERT_TRUE(ConcatStreams(std::move(sources), *sink, stream::ProvenanceStep(),
                            ConcatOptions(), &report)
                  .ok());
  EXPECT_EQ(Ids(out), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(report.not_in_keep_ids, 0);
}

}  // namespace
}  // namespace ionscreen::records
