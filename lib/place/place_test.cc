#include "lib/place/place.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/cluster/cluster.h"

namespace ionscreen::place {
namespace {

using ::ionscreen::testing::IsOk;
using ::ionscreen::testing::StatusIs;
using ::testing::HasSubstr;

describe::DescriptorRecord Rec(const std::string& id, std::vector<double> v,
                               const std::string& rep = "CAN") {
  describe::DescriptorRecord r;
  r.set_id(id);
  r.set_representation(rep);
  r.set_mp_id("mp-" + id);
  for (double x : v) r.add_values(x);
  return r;
}

cluster::Clustering Cluster(const std::vector<describe::DescriptorRecord>& rs,
                            std::vector<int> ks, bool standardize = false,
                            bool centroids = true) {
  cluster::ClusterOptions o;
  o.ks = ks;
  o.standardize = standardize;
  o.centroids = centroids;
  absl::StatusOr<cluster::ClusterResult> r = cluster::ClusterRecords(rs, o);
  EXPECT_THAT(r.status(), IsOk());
  return r->clustering;
}

// A singleton at 0 and eight points 10.0 .. 11.4 (centroid 10.7); k = 2.
std::vector<describe::DescriptorRecord> Line() {
  std::vector<describe::DescriptorRecord> rs = {Rec("s", {0})};
  for (int i = 0; i < 8; ++i) rs.push_back(Rec("b" + std::to_string(i), {10 + 0.2 * i}));
  return rs;
}

// Three 2-D groups, uneven sizes and spreads.
std::vector<describe::DescriptorRecord> Groups() {
  std::vector<describe::DescriptorRecord> rs;
  const double c[3][2] = {{0, 0}, {6, 1}, {30, -4}};
  const int n[3] = {4, 6, 3};
  int id = 0;
  for (int g = 0; g < 3; ++g) {
    for (int i = 0; i < n[g]; ++i, ++id) {
      const double dx = 0.3 * std::sin(1.7 * id + g), dy = 0.5 * std::cos(2.3 * id);
      rs.push_back(Rec("g" + std::to_string(id), {c[g][0] + dx, c[g][1] + dy}));
    }
  }
  return rs;
}

TEST(PlaceTest, WardSseFromHeightsEqualsDirectSse) {
  const auto rs = Groups();
  for (int k : {2, 3, 5, 8}) {
    const cluster::Clustering cl = Cluster(rs, {k});
    const cluster::Cut& cut = cl.cuts(0);
    absl::StatusOr<std::vector<double>> sse = WardClusterSse(cl, cut);
    ASSERT_THAT(sse.status(), IsOk());
    const int dim = 2;
    std::vector<double> direct(cut.num_clusters(), 0.0);
    for (int i = 0; i < cl.ids_size(); ++i) {
      const int c = cut.assignment(i) - 1;
      for (int d = 0; d < dim; ++d) {
        const double t = rs[i].values(d) - cut.centroids(c * dim + d);
        direct[c] += t * t;
      }
    }
    for (int c = 0; c < cut.num_clusters(); ++c) {
      EXPECT_NEAR((*sse)[c], direct[c], 1e-9 * (1 + direct[c])) << "k=" << k;
    }
  }
}

TEST(PlaceTest, CentroidAndWardDisagree) {
  const cluster::Clustering cl = Cluster(Line(), {2});
  absl::StatusOr<Tree> tree = BuildTree(cl, {}, {.k = 2});
  ASSERT_THAT(tree.status(), IsOk());
  const int singleton = cl.cuts(0).assignment(0);
  const int big = 3 - singleton;
  EXPECT_EQ(tree->clusters[singleton - 1].size, 1);
  EXPECT_EQ(tree->clusters[singleton - 1].rms_radius, 0.0);
  EXPECT_EQ(tree->clusters[big - 1].size, 8);
  // RMS of 10.0..11.4 about 10.7: sqrt(mean of (0.2 i - 0.7)^2) = sqrt(0.21).
  EXPECT_NEAR(tree->clusters[big - 1].rms_radius, std::sqrt(0.21), 1e-12);
  // x = 5.5: 5.2 from the big cluster's centroid (Ward 8/9 * 27.04 = 24.04),
  // 5.5 from the singleton (Ward 1/2 * 30.25 = 15.125).
  absl::StatusOr<Placement> p = PlaceRecord(*tree, Rec("new", {5.5}));
  ASSERT_THAT(p.status(), IsOk());
  EXPECT_EQ(p->nearest_cluster, big);
  EXPECT_NEAR(p->nearest_distance, 5.2, 1e-12);
  EXPECT_EQ(p->ward_cluster, singleton);
  EXPECT_NEAR(p->ward_increase, 15.125, 1e-12);
  EXPECT_NEAR(p->ward_distance, 5.5, 1e-12);
  const std::string row = PlacementTsvRow(*tree, *p);
  EXPECT_THAT(row, HasSubstr("\t5.2\t0.458258\t11.3473\t8\t0\t0\tNA\tno\t-\t"));
  // A singleton's relative distance is undefined.
  EXPECT_THAT(row, HasSubstr("\t15.125\t5.5\t0\tNA\t1\t"));
  const std::string header = PlacementTsvHeader();
  EXPECT_EQ(std::count(row.begin(), row.end(), '\t'),
            std::count(header.begin(), header.end(), '\t'));
}

TEST(PlaceTest, CandidateClustersAsRank) {
  const auto rs = Groups();
  const cluster::Clustering cl = Cluster(rs, {3});
  const cluster::Cut& cut = cl.cuts(0);
  // Item 0 (group at the origin) high, item 12 (far group) low.
  std::vector<rank::Label> labels = {{0, 1e-3}, {12, 1e-9}, {1, 1e-5}};
  absl::StatusOr<Tree> tree = BuildTree(cl, labels, {.k = 3});
  ASSERT_THAT(tree.status(), IsOk());
  const int origin = cut.assignment(0), middle = cut.assignment(5),
            far = cut.assignment(12);
  EXPECT_EQ(tree->clusters[origin - 1].candidate, "label");
  EXPECT_EQ(tree->clusters[middle - 1].candidate, "nearest");
  EXPECT_EQ(tree->clusters[far - 1].candidate, "no");
  // sigma = 1e-5 exactly is not high (rank's rule: >).
  EXPECT_EQ(tree->clusters[origin - 1].high_labels, 1);
  ASSERT_EQ(tree->clusters[origin - 1].labels.size(), 2u);
  EXPECT_EQ(tree->clusters[origin - 1].labels[0].item, 0);  // highest first
  absl::StatusOr<Placement> p = PlaceRecord(*tree, Rec("new", {0.1, 0.2}));
  ASSERT_THAT(p.status(), IsOk());
  EXPECT_EQ(p->nearest_cluster, origin);
  EXPECT_THAT(PlacementTsvRow(*tree, *p),
              HasSubstr("\t0.001\tlabel\tg0:0.001,g1:1e-05\t"));
  EXPECT_THAT(ClustersTsv(*tree), HasSubstr("\tlabel\n"));
}

TEST(PlaceTest, StandardisedClusteringStandardisesTheNewVector) {
  auto rs = Groups();
  for (auto& r : rs) r.set_values(1, r.values(1) * 1000);  // scales differ
  const cluster::Clustering cl = Cluster(rs, {3}, /*standardize=*/true);
  absl::StatusOr<Tree> tree = BuildTree(cl, {}, {.k = 3});
  ASSERT_THAT(tree.status(), IsOk());
  for (int i : {0, 5, 12}) {
    absl::StatusOr<Placement> p = PlaceRecord(*tree, rs[i]);
    ASSERT_THAT(p.status(), IsOk());
    EXPECT_EQ(p->nearest_cluster, cl.cuts(0).assignment(i)) << i;
  }
}

TEST(PlaceTest, BadInputs) {
  const cluster::Clustering cl = Cluster(Line(), {2});
  EXPECT_THAT(BuildTree(cl, {}, {.k = 3}),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("k=3")));
  EXPECT_THAT(BuildTree(Cluster(Line(), {2}, false, /*centroids=*/false), {},
                        {.k = 2}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("--centroids=true")));
  cluster::Clustering avg = cl;
  avg.set_linkage("average");
  EXPECT_THAT(BuildTree(avg, {}, {.k = 2}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("needs Ward")));
  absl::StatusOr<Tree> tree = BuildTree(cl, {}, {.k = 2});
  ASSERT_THAT(tree.status(), IsOk());
  EXPECT_THAT(PlaceRecord(*tree, Rec("x", {1}, "A-40")),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("x: representation A-40")));
  EXPECT_THAT(PlaceRecord(*tree, Rec("x", {1, 2})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("x: 2 values, the clustering has dimension 1")));
  EXPECT_THAT(PlaceRecord(*tree, Rec("x", {NAN})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("not finite")));
}

stream::StreamHeader Header(std::map<std::string, std::string> params,
                            std::vector<std::string> simplify_flags = {}) {
  stream::StreamHeader h;
  stream::ProvenanceStep* s = h.add_provenance();
  s->set_tool("simplify");
  for (const auto& f : simplify_flags) s->add_flags(f);
  h.add_provenance()->set_tool("describe");
  for (const auto& [k, v] : params) (*h.mutable_parameters())[k] = v;
  return h;
}

TEST(PlaceTest, CheckCompatibleNamesTheDifferingParameter) {
  const auto c = Header({{"descriptor", "soap"}, {"dimension", "260"},
                         {"species", "Mg,Al,S"}, {"magpie_dir", "/a/b/magpie"}},
                        {"--scheme=CAN", "--input=x.crystals"});
  EXPECT_THAT(CheckCompatible(c, c), IsOk());
  // Data directories compare by base name; I/O flags are ignored.
  EXPECT_THAT(
      CheckCompatible(c, Header({{"descriptor", "soap"}, {"dimension", "260"},
                                 {"species", "Mg,Al,S"},
                                 {"magpie_dir", "/elsewhere/magpie"}},
                                {"--scheme=CAN", "--input=y.crystals"})),
      IsOk());
  EXPECT_THAT(
      CheckCompatible(c, Header({{"descriptor", "xrd"}, {"dimension", "451"}})),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("descriptor parameter \"descriptor\" differs: the "
                         "clustering was built with \"soap\", the new "
                         "structures were described with \"xrd\"")));
  EXPECT_THAT(
      CheckCompatible(c, Header({{"descriptor", "soap"}, {"dimension", "260"},
                                 {"species", "Li,S"},
                                 {"magpie_dir", "/a/b/magpie"}})),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("\"species\" differs")));
  EXPECT_THAT(
      CheckCompatible(c, Header({{"descriptor", "soap"}, {"dimension", "260"},
                                 {"species", "Mg,Al,S"}})),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("\"magpie_dir\" differs: the clustering was built "
                         "with \"/a/b/magpie\", the new structures were "
                         "described with (absent)")));
  EXPECT_THAT(
      CheckCompatible(c, Header({{"descriptor", "soap"}, {"dimension", "260"},
                                 {"species", "Mg,Al,S"},
                                 {"magpie_dir", "/a/b/magpie"}},
                                {"--scheme=CAN",
                                 "--volume_per_anion_angstrom3=30"})),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("simplify flag --volume_per_anion_angstrom3 differs")));
}

}  // namespace
}  // namespace ionscreen::place
