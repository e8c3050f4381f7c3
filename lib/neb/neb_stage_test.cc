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
#include "lib/stream/byte_io.h"
#include "lib/stream/record_stream.h"

namespace ionscreen::neb {
namespace {

using ::ionscreen::testing::StatusIs;
using ::testing::HasSubstr;

void AddSite(crystal::Crystal* c, int z, double x, double y, double zf) {
  crystal::Site* s = c->add_sites();
  s->set_frac_x(x);
  s->set_frac_y(y);
  s->set_frac_z(zf);
  auto* o = s->add_occupants();
  o->set_atomic_number(z);
  o->set_occupancy(1);
}

// Rock-salt LiF-like cell (a = 4 A).
crystal::Crystal RockSalt(const std::string& id) {
  crystal::Crystal c;
  c.set_id(id);
  crystal::SetLattice(crystal::LatticeFromParameters(4, 4, 4, 90, 90, 90), &c);
  for (auto f : {std::array<double, 3>{0, 0, 0}, {0, .5, .5}, {.5, 0, .5},
                 {.5, .5, 0}})
    AddSite(&c, 9, f[0], f[1], f[2]);
  for (auto f : {std::array<double, 3>{.5, 0, 0}, {0, .5, 0}, {0, 0, .5},
                 {.5, .5, .5}})
    AddSite(&c, 3, f[0], f[1], f[2]);
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

std::string WriteCrystals(const std::string& name,
                          const std::vector<crystal::Crystal>& records) {
  const std::string path = TmpDir() + "/" + name;
  auto sink = stream::OpenFileSink(path);
  EXPECT_OK(sink.status());
  stream::ProvenanceStep step;
  step.set_tool("test");
  auto w = stream::RecordWriter<crystal::Crystal>::Open(
      std::move(sink).value(), stream::DerivedHeader(nullptr, step));
  EXPECT_OK(w.status());
  for (const auto& c : records) EXPECT_OK((*w)->Write(c));
  EXPECT_OK((*w)->Close());
  return path;
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
  const std::string bvse = TmpDir() + "/empty.bvse";
  {
    auto sink = stream::OpenFileSink(bvse);
    ASSERT_OK(sink.status());
    stream::ProvenanceStep step;
    step.set_tool("test");
    auto w = stream::RecordWriter<bvse::BvseResult>::Open(
        std::move(sink).value(), stream::DerivedHeader(nullptr, step));
    ASSERT_OK(w.status());
    ASSERT_OK((*w)->Close());
  }
  o.bvse_path = bvse;
  EXPECT_THAT(RunNebPrep(o).status(),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("not in --bvse")));
}

}  // namespace
}  // namespace ionscreen::neb
