#include "lib/neb/neb_stage.h"

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
#include "lib/stream/stream_testing.h"

namespace ionscreen::neb {
namespace {

using ::ionscreen::testing::StatusIs;
using ::testing::HasSubstr;
using ::ionscreen::stream::fixtures::ReadAll;
using ::ionscreen::stream::fixtures::TmpDir;
using ::ionscreen::stream::fixtures::TmpPath;
using ::ionscreen::stream::fixtures::WriteStream;

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

std::string WriteCrystals(const std::string& name,
                          const std::vector<crystal::Crystal>& records) {
  return WriteStream(name, records);
}

TEST(NebStageTest, WritesTheFilesOfTheFirstRecord) {
  NebStageOptions o;
  o.io.input_path =
      WriteCrystals("two.crystals", {RockSalt("a"), RockSalt("b")});
  o.io.output_path = TmpDir();
  auto r = RunNebPrep(o);
  ASSERT_OK(r);
  EXPECT_EQ(r->id, "a");
  EXPECT_EQ(r->skipped, 0);
  for (const char* name : kNebStageFiles) {
    EXPECT_FALSE(ReadAll(TmpPath(name)).empty()) << name;
  }
  EXPECT_EQ(ReadAll(TmpPath("neb_plain.in")), r->inputs.neb_plain_in);
}

TEST(NebStageTest, PicksTheRecordById) {
  NebStageOptions o;
  o.io.input_path =
      WriteCrystals("ids.crystals", {RockSalt("a"), RockSalt("b")});
  o.io.output_path = TmpDir();
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
  o.io.input_path =
      WriteCrystals("bad_first.crystals", {NoLithium("na"), RockSalt("li")});
  o.io.output_path = TmpDir();
  // Without keep_going: an error naming the record.
  const absl::Status failed = RunNebPrep(o).status();
  EXPECT_FALSE(failed.ok());
  EXPECT_THAT(failed.message(), HasSubstr("record 0 (na): "));
  std::vector<std::string> lines;
  o.io.skip.keep_going = true;
  o.io.skip.on_skip = [&lines](const std::string& line) {
    lines.push_back(line);
  };
  auto r = RunNebPrep(o);
  ASSERT_OK(r);
  EXPECT_EQ(r->id, "li");
  EXPECT_EQ(r->skipped, 1);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], HasSubstr("record 0 (na): "));
}

TEST(NebStageTest, BvseWithoutTheRecordIsAnError) {
  NebStageOptions o;
  o.io.input_path = WriteCrystals("one.crystals", {RockSalt("a")});
  o.io.output_path = TmpDir();
  const std::string bvse =
      WriteStream("empty.bvse", std::vector<bvse::BvseResult>{});
  o.bvse_path = bvse;
  EXPECT_THAT(RunNebPrep(o).status(),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("not in --bvse")));
}

}  // namespace
}  // namespace ionscreen::neb
