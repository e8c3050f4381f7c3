#include "lib/cluster/cluster.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/stream/record_stream.h"
#include "lib/stream/stream_testing.h"

namespace ionscreen::cluster {
namespace {

using ::ionscreen::testing::IsOk;
using ::ionscreen::testing::IsOkAndHolds;
using ::ionscreen::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

describe::DescriptorRecord Rec(const std::string& id, std::vector<double> v) {
  describe::DescriptorRecord r;
  r.set_id(id);
  r.set_representation("CAN");
  r.set_mp_id("mp-" + id);
  r.add_icsd_ids(100);
  for (double x : v) r.add_values(x);
  return r;
}

// Two tight pairs and an outlier in 2-D.
std::vector<describe::DescriptorRecord> Five() {
  return {Rec("a", {0, 0}), Rec("b", {1, 0}), Rec("c", {5, 0}),
          Rec("d", {6, 0}), Rec("e", {20, 0})};
}

TEST(ClusterTest, ParseKList) {
  EXPECT_THAT(ParseKList("2:5"), IsOkAndHolds(ElementsAre(2, 3, 4, 5)));
  EXPECT_THAT(ParseKList("7,2:3,3"), IsOkAndHolds(ElementsAre(2, 3, 7)));
  EXPECT_THAT(ParseKList("5:2"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseKList("0"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseKList("x"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ClusterTest, CutsCentroidsAndJoinKeys) {
  ClusterOptions opt;
  opt.ks = {2, 3};
  absl::StatusOr<ClusterResult> r = ClusterRecords(Five(), opt);
  ASSERT_THAT(r, IsOk());
  const Clustering& c = r->clustering;
  EXPECT_THAT(c.ids(), ElementsAre("a", "b", "c", "d", "e"));
  EXPECT_EQ(c.mp_ids(2), "mp-c");
  EXPECT_THAT(c.icsd_ids(4).icsd_ids(), ElementsAre(100));
  EXPECT_EQ(c.representation(), "CAN");
  EXPECT_EQ(c.merges_size(), 4);
  ASSERT_EQ(c.cuts_size(), 2);
  EXPECT_THAT(c.cuts(0).assignment(), ElementsAre(1, 1, 1, 1, 2));
  EXPECT_THAT(c.cuts(0).cluster_sizes(), ElementsAre(4, 1));
  // Centroids of {a,b,c,d} = (3,0) and {e} = (20,0).
  EXPECT_THAT(c.cuts(0).centroids(), ElementsAre(3, 0, 20, 0));
  EXPECT_THAT(c.cuts(1).assignment(), ElementsAre(1, 1, 2, 2, 3));
  EXPECT_THAT(c.cuts(1).centroids(), ElementsAre(0.5, 0, 5.5, 0, 20, 0));
}

TEST(ClusterTest, StandardizeRecordsScales) {
  ClusterOptions opt;
  opt.standardize = true;
  absl::StatusOr<ClusterResult> r = ClusterRecords(Five(), opt);
  ASSERT_THAT(r, IsOk());
  const Clustering& c = r->clustering;
  EXPECT_TRUE(c.standardized());
  EXPECT_DOUBLE_EQ(c.feature_mean(0), 6.4);
  EXPECT_EQ(c.feature_scale(1), 1);  // constant feature: centred only
  // Standardising x alone rescales every height by 1 / std(x).
  absl::StatusOr<ClusterResult> raw = ClusterRecords(Five(), ClusterOptions());
  ASSERT_THAT(raw, IsOk());
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(c.merges(i).height() * c.feature_scale(0),
                raw->clustering.merges(i).height(), 1e-12);
  }
}

TEST(ClusterTest, BadInputNamesTheRecord) {
  ClusterOptions opt;
  std::vector<describe::DescriptorRecord> recs = Five();
  recs[2].set_values(1, std::numeric_limits<double>::quiet_NaN());
  EXPECT_THAT(ClusterRecords(recs, opt),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ClusterRecords(recs, opt).status().message(),
              HasSubstr("descriptor record 2 (c): non-finite"));
  recs = Five();
  recs[3].set_values(0, std::numeric_limits<double>::infinity());
  EXPECT_THAT(ClusterRecords(recs, opt).status().message(),
              HasSubstr("(d): non-finite"));
  recs = Five();
  recs[4].set_id("a");
  EXPECT_THAT(ClusterRecords(recs, opt).status().message(),
              HasSubstr("(a): duplicate id"));
  recs = Five();
  recs[1].add_values(3);
  EXPECT_THAT(ClusterRecords(recs, opt).status().message(),
              HasSubstr("(b): dimension 3 differs from 2"));
  opt.ks = {2, 6};
  EXPECT_THAT(ClusterRecords(Five(), opt).status().message(),
              HasSubstr("need at least max(k) = 6"));
}

TEST(ClusterTest, KeepGoingSkipsBadRecords) {
  std::vector<std::string> skipped;
  stream::SkipPolicy skip;
  skip.keep_going = true;
  skip.on_skip = [&skipped](const std::string& l) { skipped.push_back(l); };
  std::vector<describe::DescriptorRecord> recs = Five();
  recs[1].set_values(0, std::numeric_limits<double>::quiet_NaN());
  recs.push_back(Rec("a", {3, 3}));
  absl::StatusOr<ClusterResult> r =
      ClusterRecords(recs, ClusterOptions(), skip);
  ASSERT_THAT(r, IsOk());
  EXPECT_THAT(skipped, ElementsAre(HasSubstr("(b): non-finite"),
                                   HasSubstr("(a): duplicate id")));
  EXPECT_EQ(r->records_skipped, 2);
  EXPECT_THAT(r->clustering.ids(), ElementsAre("a", "c", "d", "e"));
}

TEST(ClusterTest, RunClusterStageWritesAStreamAndTables) {
  ClusterStageOptions opt;
  opt.io.input_path = stream::fixtures::TmpPath("five.descriptors");
  {
    stream::StreamHeader h;
    (*h.mutable_parameters())["descriptor"] = "soap";
    ASSERT_OK_AND_ASSIGN(auto sink, stream::OpenFileSink(opt.io.input_path));
    ASSERT_OK_AND_ASSIGN(auto w,
                         stream::RecordWriter<describe::DescriptorRecord>::Open(
                             std::move(sink), h));
    for (const auto& r : Five()) ASSERT_THAT(w->Write(r), IsOk());
    ASSERT_THAT(w->Close(), IsOk());
  }
  opt.io.output_path = stream::fixtures::TmpPath("five.clustering");
  opt.linkage_tsv_path = stream::fixtures::TmpPath("five.linkage.tsv");
  opt.cluster.ks = {2, 4};
  stream::ProvenanceStep step;
  step.set_tool("cluster");
  ASSERT_OK_AND_ASSIGN(const ClusterResult result, RunClusterStage(opt, step));
  EXPECT_EQ(result.records_skipped, 0);
  EXPECT_EQ(stream::fixtures::ReadAll(opt.linkage_tsv_path),
            LinkageTsv(result.clustering));
  ASSERT_OK_AND_ASSIGN(auto source, stream::OpenFileSource(opt.io.output_path));
  auto reader = stream::RecordReader<Clustering>::Open(std::move(source));
  ASSERT_THAT(reader, IsOk());
  EXPECT_EQ((*reader)->header().parameters().at("descriptor"), "soap");
  EXPECT_THAT(stream::fixtures::ProvenanceTools((*reader)->header()),
              ElementsAre("cluster"));
  auto all = stream::ReadAllRecords(**reader);
  ASSERT_THAT(all, IsOk());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].cuts(1).k(), 4);
  // Tied heights (two merges at 1): scipy's maxclust gives 3, not 4.
  EXPECT_EQ((*all)[0].cuts(1).num_clusters(), 3);
  EXPECT_EQ(LinkageTsv((*all)[0]).substr(0, 24), "a\tb\theight\tsize\n0\t1\t1\t2\n");
  EXPECT_THAT(AssignmentsTsv((*all)[0]), HasSubstr("id\tk2\tk4\na\t1\t1\n"));
}

}  // namespace
}  // namespace ionscreen::cluster
