#include "lib/stream/record_stage.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/stream/stream_testing.h"

namespace ionscreen::stream {
namespace {

TEST(RecordNameTest, WithAndWithoutId) {
  EXPECT_EQ(RecordName(3, "mp-1"), "record 3 (mp-1)");
  EXPECT_EQ(RecordName(0, ""), "record 0");
  EXPECT_EQ(RecordName(2, "x", "--crystals record"), "--crystals record 2 (x)");
}

TEST(SkipCounterTest, OkRecordIsUsed) {
  SkipCounter skips(SkipPolicy{});
  absl::StatusOr<bool> use = skips.Keep("record 0", absl::OkStatus());
  ASSERT_TRUE(use.ok());
  EXPECT_TRUE(*use);
  EXPECT_EQ(skips.skipped(), 0);
}

TEST(SkipCounterTest, WithoutKeepGoingTheErrorNamesTheRecord) {
  SkipCounter skips(SkipPolicy{});
  absl::StatusOr<bool> use =
      skips.Keep("record 2 (a)", absl::FailedPreconditionError("bad cell"));
  ASSERT_FALSE(use.ok());
  EXPECT_EQ(use.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(use.status().message(), "record 2 (a): bad cell");
  EXPECT_EQ(skips.skipped(), 0);
}

TEST(SkipCounterTest, KeepGoingReportsCountsAndSkips) {
  std::vector<std::string> lines;
  SkipPolicy policy;
  policy.keep_going = true;
  policy.on_skip = [&lines](const std::string& l) { lines.push_back(l); };
  SkipCounter skips(policy);
  for (int i = 0; i < 3; ++i) {
    absl::Status s = i == 1 ? absl::OkStatus()
                            : absl::InvalidArgumentError("not finite");
    absl::StatusOr<bool> use = skips.Keep(RecordName(i, "x"), s);
    ASSERT_TRUE(use.ok());
    EXPECT_EQ(*use, i == 1);
  }
  EXPECT_EQ(skips.skipped(), 2);
  EXPECT_EQ(lines, (std::vector<std::string>{"record 0 (x): not finite",
                                             "record 2 (x): not finite"}));
}

TEST(SkipCounterTest, KeepGoingWithoutCallbackStillCounts) {
  SkipPolicy policy;
  policy.keep_going = true;
  SkipCounter skips(policy);
  ASSERT_TRUE(skips.Keep("record 0", absl::InternalError("x")).ok());
  EXPECT_EQ(skips.skipped(), 1);
}


// ProvenanceStep records (they have no id) whose tool is "bad" fail.
ProvenanceStep Step(const std::string& tool) {
  ProvenanceStep s;
  s.set_tool(tool);
  return s;
}

absl::StatusOr<std::string> Process(const ProvenanceStep& s) {
  if (s.tool() == "bad") return absl::InvalidArgumentError("bad tool");
  return s.tool();
}

struct StageRun {
  absl::Status status;
  std::vector<std::string> used;
  std::vector<std::string> skip_lines;
  int64_t skipped = 0;
  std::string output_path;
};

StageRun RunStage(bool keep_going, const std::string& name) {
  const std::string in = fixtures::WriteStream<ProvenanceStep>(
      name + ".in", {Step("a"), Step("bad"), Step("c"), Step("bad")});
  StageRun run;
  run.output_path = fixtures::TmpPath(name + ".out");
  auto io = OpenStageStreams<ProvenanceStep, ProvenanceStep>(
      StageIo{in, run.output_path, {}}, Step("stage"));
  EXPECT_OK(io.status());
  SkipPolicy policy;
  policy.keep_going = keep_going;
  policy.on_skip = [&run](const std::string& l) { run.skip_lines.push_back(l); };
  SkipCounter skips(policy);
  run.status = ForEachKeptRecord(
      *io->reader, skips, Process,
      [&](const ProvenanceStep& s, const std::string& tool) {
        run.used.push_back(tool);
        return io->writer->Write(s);
      },
      "step");
  EXPECT_OK(io->writer->Close());
  run.skipped = skips.skipped();
  return run;
}

TEST(ForEachKeptRecordTest, KeepGoingUsesTheGoodRecordsAndNamesTheBad) {
  StageRun run = RunStage(/*keep_going=*/true, "keep_going");
  ASSERT_OK(run.status);
  EXPECT_EQ(run.used, (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(run.skipped, 2);
  EXPECT_EQ(run.skip_lines, (std::vector<std::string>{"step 1: bad tool",
                                                      "step 3: bad tool"}));
  // The output: the input's provenance plus the stage's step, then the kept
  // records.
  ASSERT_OK_AND_ASSIGN(auto source, OpenFileSource(run.output_path));
  ASSERT_OK_AND_ASSIGN(auto reader,
                       RecordReader<ProvenanceStep>::Open(std::move(source)));
  EXPECT_THAT(fixtures::ProvenanceTools(reader->header()),
              ::testing::ElementsAre("test", "stage"));
  ASSERT_OK_AND_ASSIGN(std::vector<ProvenanceStep> out, ReadAllRecords(*reader));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].tool(), "c");
}

TEST(ForEachKeptRecordTest, WithoutKeepGoingTheFirstBadRecordEndsTheStage) {
  StageRun run = RunStage(/*keep_going=*/false, "fail_fast");
  EXPECT_EQ(run.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(run.status.message(), "step 1: bad tool");
  EXPECT_EQ(run.used, (std::vector<std::string>{"a"}));
  EXPECT_TRUE(run.skip_lines.empty());
}

TEST(ForEachKeptRecordTest, AnErrorOfUseIsNeverSkipped) {
  const std::string in =
      fixtures::WriteStream<ProvenanceStep>("use_error.in", {Step("a"), Step("b")});
  ASSERT_OK_AND_ASSIGN(auto source, OpenFileSource(in));
  ASSERT_OK_AND_ASSIGN(auto reader,
                       RecordReader<ProvenanceStep>::Open(std::move(source)));
  SkipPolicy policy;
  policy.keep_going = true;
  SkipCounter skips(policy);
  int calls = 0;
  absl::Status s = ForEachKeptRecord(
      *reader, skips, Process, [&](const ProvenanceStep&, const std::string&) {
        ++calls;
        return absl::DataLossError("disk full");
      });
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(skips.skipped(), 0);
}

TEST(OpenStageStreamsTest, AMissingInputIsAnErrorNamingIt) {
  auto io = OpenStageStreams<ProvenanceStep, ProvenanceStep>(
      StageIo{fixtures::TmpPath("no_such.in"), fixtures::TmpPath("x.out"), {}},
      Step("s"));
  ASSERT_FALSE(io.ok());
  EXPECT_NE(io.status().message().find("no_such.in"), std::string::npos)
      << io.status();
}

}  // namespace
}  // namespace ionscreen::stream
