#include "lib/neb/neb_stage.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/bvse/bvse.pb.h"
#include "lib/crystal/crystal_util.h"
#include "lib/crystal/testing/fixtures.h"
#include "lib/stream/byte_io.h"
#include "lib/stream/record_stream.h"

namespace ionscreen::neb {
namespace {

using ::ionscreen::testing::StatusIs;
using ::testing::HasSubstr;

// Rock-salt LiF (lib/crystal/testing) named `id`.
crystal::Crystal RockSalt(const std::string& id) {
  crystal::Crystal c = crystal::fixtures::RockSaltLiF();
  c.set_id(id);
  return c;
}

// A record without the mobile ion: PrepareNeb refuses it.
crystal::Crystal NoLithium(const std::string& id) {
  crystal::Crystal c = RockSalt(id);
  for (crystal::Site& s : *c.mutable_sites()) {
    if (s.occupants(0).atomic_number() == 3) s.mutable_occupants(0)->set_atomic_number(11);
  }
  return c;
}

std::string TmpDir() {
  const char* t = std::getenv("TEST_TMPDIR");
  return t != nullptr ? t : "/tmp";
}

template <typename T>
std::string WriteStream(const std::string& name, const std::vector<T>& records) {
  const std::string path = TmpDir() + "/" + name;
  auto sink = stream::OpenFileSink(path);
  EXPECT_OK(sink.status());
  stream::ProvenanceStep step;
  step.set_tool("test");
  auto w = stream::RecordWriter<T>::Open(std::move(sink).value(),
                                         stream::DerivedHeader(nullptr, step));
  EXPECT_OK(w.status());
  for (const T& r : records) EXPECT_OK((*w)->Write(r));
  EXPECT_OK((*w)->Close());
  return path;
}

std::string WriteCrystals(const std::string& name,
                          const std::vector<crystal::Crystal>& records) {
  return WriteStream(name, records);
}

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(NebStageTest, WritesTheFilesOfTheFirstRecord) {
  NebStageOptions o;
  o.input_path = WriteCrystals("two.crystals", {RockSalt("a"), RockSalt("b")});
  o.output_dir = TmpDir();
  auto r = RunNebPrep(o);
  ASSERT_OK(r);
  EXPECT_EQ(r->id, "a");
  EXPECT_EQ(r->skipped, 0);
  for (const char* name : kNebStageFiles) {
    EXPECT_FALSE(Read(TmpDir() + "/" + name).empty()) << name;
  }
  EXPECT_EQ(Read(TmpDir() + "/neb_plain.in"), r->inputs.neb_plain_in);
}

TEST(NebStageTest, PicksTheRecordById) {
  NebStageOptions o;
  o.input_path = WriteCrystals("ids.crystals", {RockSalt("a"), RockSalt("b")});
  o.output_dir = TmpDir();
  o.id = "b";
  auto r = RunNebPrep(o);
  ASSERT_OK(r);
  EXPECT_EQ(r->id, "b");
  o.id = "c";
  EXPECT_THAT(RunNebPrep(o).status(),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("no record with id c")));
}

TEST(NebStageTest, KeepGoingSkipsToTheNextRecord) {
  NebStageOptions o;
  o.input_path =
      WriteCrystals("bad_first.crystals", {NoLithium("na"), RockSalt("li")});
  o.output_dir = TmpDir();
  // Without keep_going: an error naming the record.
  const absl::Status failed = RunNebPrep(o).status();
  EXPECT_FALSE(failed.ok());
  EXPECT_THAT(failed.message(), HasSubstr("record 0 (na): "));
  std::vector<std::string> lines;
  o.skip.keep_going = true;
  o.skip.on_skip = [&lines](const std::string& line) { lines.push_back(line); };
  auto r = RunNebPrep(o);
  ASSERT_OK(r);
  EXPECT_EQ(r->id, "li");
  EXPECT_EQ(r->skipped, 1);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], HasSubstr("record 0 (na): "));
}

TEST(NebStageTest, BvseWithoutTheRecordIsAnError) {
  NebStageOptions o;
  o.input_path = WriteCrystals("one.crystals", {RockSalt("a")});
  o.output_dir = TmpDir();
  const std::string bvse =
      WriteStream("empty.bvse", std::vector<bvse::BvseResult>{});
  o.bvse_path = bvse;
  EXPECT_THAT(RunNebPrep(o).status(),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("not in --bvse")));
}

}  // namespace
}  // namespace ionscreen::neb
