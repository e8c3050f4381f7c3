#include "lib/records/records.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "gemmi/cif.hpp"
#include "gemmi/smcif.hpp"
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

TEST(PrintStreamTest, CifHasOneBlockPerRecordWithUniqueNames) {
  std::string bytes;
  auto writer = stream::RecordWriter<crystal::Crystal>::Open(
                    stream::StringSink(&bytes), stream::StreamHeader())
                    .value();
  for (const char* id : {"mp-1", "mp-1", "a b"}) {
    crystal::Crystal c;
    c.set_id(id);
    for (int j = 0; j < 3; ++j) {  // a cubic 4 Å cell
      c.mutable_lattice()->add_a_angstrom(j == 0 ? 4.0 : 0.0);
      c.mutable_lattice()->add_b_angstrom(j == 1 ? 4.0 : 0.0);
      c.mutable_lattice()->add_c_angstrom(j == 2 ? 4.0 : 0.0);
    }
    auto* site = c.add_sites();
    site->set_label("Li1");
    auto* o = site->add_occupants();
    o->set_atomic_number(3);
    o->set_occupancy(1.0);
    ASSERT_TRUE(writer->Write(c).ok());
  }
  ASSERT_TRUE(writer->Close().ok());
  auto source = stream::StringSource(bytes, "in");
  std::string out;
  auto sink = stream::StringSink(&out);
  PrintOptions options;
  options.format = Format::kCif;
  ASSERT_TRUE(PrintStream(*source, *sink, options).ok());
  gemmi::cif::Document doc = gemmi::cif::read_string(out);
  ASSERT_EQ(doc.blocks.size(), 3u);
  EXPECT_EQ(doc.blocks[0].name, "mp-1");
  EXPECT_EQ(doc.blocks[1].name, "mp-1_2");
  EXPECT_EQ(doc.blocks[2].name, "a_b");
  gemmi::SmallStructure st = gemmi::make_small_structure_from_block(doc.blocks[2]);
  EXPECT_NEAR(st.cell.a, 4.0, 1e-12);
  ASSERT_EQ(st.sites.size(), 1u);
  EXPECT_EQ(st.sites[0].element.name(), std::string("Li"));
}

TEST(PrintStreamTest, StructureFormatsNeedCrystalStreams) {
  std::string bytes;
  auto writer = stream::RawRecordWriter::Open(stream::StringSink(&bytes), [] {
                  stream::StreamHeader h;
                  h.set_magic(std::string(stream::kMagic));
                  h.set_record_type("ionscreen.score.Score");
                  return h;
                }())
                    .value();
  ASSERT_TRUE(writer->Close().ok());
  for (Format f : {Format::kCif, Format::kExtxyz}) {
    auto source = stream::StringSource(bytes, "in");
    std::string out;
    auto sink = stream::StringSink(&out);
    PrintOptions options;
    options.format = f;
    absl::Status st = PrintStream(*source, *sink, options);
    EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition) << st;
    EXPECT_NE(st.message().find("needs a Crystal stream"), std::string::npos) << st;
  }
}

}  // namespace
}  // namespace ionscreen::records
