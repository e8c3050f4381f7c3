#include "lib/rank/rank_stage.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/bvse/bvse.pb.h"
#include "lib/cluster/clustering.pb.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/stream/byte_io.h"
#include "lib/stream/record_stream.h"
#include "lib/stream/stream_testing.h"

namespace ionscreen::rank {
namespace {

namespace sf = ::ionscreen::stream::fixtures;
using ::ionscreen::testing::StatusIs;
using ::testing::HasSubstr;

// x and y in cluster 1, z in cluster 2 (centroids 0 and 5).
cluster::Clustering TwoClusters() {
  cluster::Clustering cl;
  for (const char* id : {"x", "y", "z"}) cl.add_ids(id);
  auto* cut = cl.add_cuts();
  cut->set_k(2);
  cut->set_num_clusters(2);
  for (int a : {1, 1, 2}) cut->add_assignment(a);
  cut->add_centroids(0);
  cut->add_centroids(5);
  return cl;
}

// A properties-only record (no structure: not validated).
crystal::Crystal Properties(const std::string& id, double gap) {
  crystal::Crystal c;
  c.set_id(id);
  c.set_e_above_hull_ev(0);
  c.set_band_gap_ev(gap);
  return c;
}

bvse::BvseResult Ea(const std::string& id, double ea) {
  bvse::BvseResult r;
  r.set_id(id);
  r.set_ea_3d_ev(ea);
  return r;
}

RankStageOptions Options(const std::vector<crystal::Crystal>& crystals) {
  RankStageOptions o;
  o.k = 2;
  o.symprec_angstrom = 0;
  o.clustering_path = sf::WriteStream<cluster::Clustering>("c.clustering", {TwoClusters()});
  o.crystals_path = sf::WriteStream<crystal::Crystal>("x.crystals", crystals);
  o.bvse_path = sf::WriteStream<bvse::BvseResult>(
      "x.bvse", {Ea("x", 0.3), Ea("y", 0.4), Ea("z", 0.2)});
  o.labels_paths = sf::TmpPath("labels.csv");
  std::ofstream(o.labels_paths) << "id,sigma\nx,1e-3\nnobody,1e-2\n";
  o.output_path = sf::TmpPath("table.tsv");
  return o;
}

TEST(RankStageTest, JoinsRanksAndWrites) {
  RankStageOptions o = Options(
      {Properties("x", 2), Properties("y", 3), Properties("z", 0.5)});
  auto r = RunRank(o);
  ASSERT_OK(r);
  EXPECT_EQ(r->num_clusters, 2);
  EXPECT_EQ(r->items, 3);
  EXPECT_EQ(r->crystals_read, 3);
  EXPECT_EQ(r->crystals_joined, 3);
  EXPECT_EQ(r->bvse_joined, 3);
  EXPECT_EQ(r->labels_matched, 1);
  EXPECT_EQ(r->labels_unmatched, 1);
  EXPECT_FALSE(r->null.has_value());
  // z fails the band-gap filter; x and y ranked by Ea.
  ASSERT_EQ(r->rank.candidates.size(), 2u);
  EXPECT_EQ(r->rank.candidates[0].item, 0);
  EXPECT_EQ(r->rank.candidates[1].item, 1);
  // A header and the two candidates.
  const std::string tsv = sf::ReadAll(o.output_path);
  EXPECT_EQ(std::count(tsv.begin(), tsv.end(), '\n'), 3) << tsv;
}

TEST(RankStageTest, BadCrystalIsAnErrorOrSkipped) {
  crystal::Crystal bad;
  bad.set_id("bad");
  bad.add_sites();  // sites without a lattice
  RankStageOptions o =
      Options({Properties("x", 2), bad, Properties("y", 3)});
  EXPECT_THAT(RunRank(o).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--crystals record 1 (bad): invalid crystal")));
  std::vector<std::string> lines;
  o.skip.keep_going = true;
  o.skip.on_skip = [&lines](const std::string& l) { lines.push_back(l); };
  auto r = RunRank(o);
  ASSERT_OK(r);
  EXPECT_EQ(r->crystals_read, 3);
  EXPECT_EQ(r->crystals_skipped, 1);
  EXPECT_EQ(r->crystals_joined, 2);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], HasSubstr("--crystals record 1 (bad): "));
}

TEST(RankStageTest, EmptyClusteringAndMissingCut) {
  RankStageOptions o = Options({Properties("x", 2)});
  o.clustering_path = sf::WriteStream<cluster::Clustering>("empty.clustering", {});
  EXPECT_THAT(RunRank(o).status(), StatusIs(absl::StatusCode::kInvalidArgument,
                                            HasSubstr("empty")));
  o = Options({Properties("x", 2)});
  o.k = 7;
  EXPECT_THAT(RunRank(o).status(), StatusIs(absl::StatusCode::kNotFound,
                                            HasSubstr("k=7")));
}

}  // namespace
}  // namespace ionscreen::rank
