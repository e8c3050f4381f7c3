#include "lib/score/score.h"

#include <cmath>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/labels/labels.h"

namespace ionscreen::score {
namespace {

using ::ionscreen::testing::IsOk;
using ::ionscreen::testing::StatusIs;
using ::testing::ElementsAre;
using labels::ParseLabels;

// Six structures a..f on a line at 0, 1, 10, 12, 30, 33. Ward's tree (no
// tied heights): {a,b} 1, {c,d} 2, {e,f} 3, {a,b,c,d} sqrt(2)*10.5, root.
// Cuts: k=2 {a,b,c,d}{e,f}; k=3 {a,b}{c,d}{e,f}; k=4 {a,b}{c,d}{e}{f};
// k=5 {a,b}{c}{d}{e}{f}.
cluster::Clustering SixOnALine() {
  cluster::Clustering c;
  for (const char* id : {"a", "b", "c", "d", "e", "f"}) {
    c.add_ids(id);
    c.add_mp_ids(std::string("mp-") + id);
    c.add_icsd_ids();
  }
  c.mutable_icsd_ids(5)->add_icsd_ids(4242);
  // Linkage rows (scipy convention): 6={a,b}, 7={c,d}, 8={e,f}, 9=6+7, 10.
  const double rows[5][4] = {{0, 1, 1, 2},
                             {2, 3, 2, 2},
                             {4, 5, 3, 2},
                             {6, 7, std::sqrt(2.0) * 10.5, 4},
                             {8, 9, std::sqrt(8.0 / 3.0) * 25.75, 6}};
  for (const auto& r : rows) {
    cluster::Merge* m = c.add_merges();
    m->set_a(static_cast<int64_t>(r[0]));
    m->set_b(static_cast<int64_t>(r[1]));
    m->set_height(r[2]);
    m->set_size(static_cast<int64_t>(r[3]));
  }
  c.add_cuts()->set_k(5);
  return c;
}

// Labels (column "ea", not log-transformed): a 1, b 3, c 2 and 4 (two
// labels on one structure), e 5, f 9 (matched through its ICSD id), d none.
// Worked by hand:
//  k=2: {1,3,2,4} mean 2.5 -> 2.25+0.25+0.25+2.25 = 5; {5,9} mean 7 -> 8.
//       W = 13, 2 labelled clusters.
//  k=3: {1,3} -> 1+1; {2,4} -> 1+1; {5,9} -> 4+4.  W = 12, 3 clusters.
//  k=4: e and f are alone: frozen at 4 each (plain W would drop to 4).
//       W = 1+1+1+1+4+4 = 12, 4 clusters.
//  k=5: c alone but with its two labels (mean 3): 1+1. W = 12, 4 clusters.
constexpr char kLabels[] =
    "id\tmp_id\ticsd\tea\n"
    "a\t\t\t1\n"
    "\tmp-b\t\t3\n"
    "c\t\t\t2\n"
    "c\t\t\t4\n"
    "\t\t4242\t9\n"
    "e\t\t\t5\n"
    "zz\t\t\t7\n"
    "d\t\t\t\n";

// Labels a..f = 0..5 in column "ea".
constexpr char kZeroToFive[] = "id\tea\na\t0\nb\t1\nc\t2\nd\t3\ne\t4\nf\t5\n";

// ScoreOptions reading the "ea" column.
ScoreOptions EaOptions() {
  ScoreOptions opt;
  opt.labels.label = "ea";
  return opt;
}

// SixOnALine() scored against kLabels under `opt`.
absl::StatusOr<Score> ScoreSix(const ScoreOptions& opt) {
  absl::StatusOr<LabelTable> table = ParseLabels(kLabels, opt.labels);
  if (!table.ok()) return table.status();
  return ScoreClustering(SixOnALine(), *table, opt);
}

// Levels k = 2, 3, ...: W and the number of labelled clusters.
void ExpectLevels(const Score& s, const std::vector<double>& w,
                  const std::vector<int>& clusters) {
  ASSERT_EQ(s.levels_size(), static_cast<int>(w.size()));
  for (int i = 0; i < s.levels_size(); ++i) {
    EXPECT_EQ(s.levels(i).k(), i + 2);
    EXPECT_NEAR(s.levels(i).w(), w[i], 1e-12) << "k=" << i + 2;
    EXPECT_EQ(s.levels(i).labelled_clusters(), clusters[i]);
  }
}

// The pre-issue-13 conventions: every row a label, frozen state 0 before k=2.
TEST(ScoreTest, HandComputedFrozenStateZeroStartRows) {
  ScoreOptions opt = EaOptions();
  absl::StatusOr<LabelTable> table = ParseLabels(kLabels, opt.labels);
  ASSERT_THAT(table, IsOk());
  EXPECT_FALSE(table->log10);
  EXPECT_EQ(table->rows.size(), 7u);  // d has no value
  opt.frozen_start = FrozenStart::kZero;
  opt.duplicates = labels::Duplicates::kRows;
  opt.control_draws = 10;
  absl::StatusOr<Score> s = ScoreClustering(SixOnALine(), *table, opt);
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->matched_labels(), 6);
  EXPECT_EQ(s->labelled_structures(), 5);
  EXPECT_THAT(s->unmatched_labels(), ElementsAre("id=zz"));
  ExpectLevels(*s, {13, 12, 12, 12}, {2, 3, 4, 4});
}

// Defaults: c's two labels (2, 4) averaged to 3; labels a 1, b 3, c 3, e 5,
// f 9 (mean 4.2) start from their deviations from the mean (k = 1).
//  k=2: {1,3,3} mean 7/3 -> 16/9+4/9+4/9 = 8/3; {5,9} -> 8. W = 32/3.
//  k=3: {1,3} -> 2; c alone keeps 4/9; {5,9} -> 8. W = 94/9.
//  k=4, 5: e, f alone keep 4 each: W = 94/9; 4 labelled clusters.
TEST(ScoreTest, HandComputedFrozenStateDefaults) {
  ScoreOptions opt = EaOptions();
  opt.control_draws = 10;
  absl::StatusOr<Score> s = ScoreSix(opt);
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->frozen_start(), "one_cluster");
  EXPECT_EQ(s->label_duplicates(), "average");
  EXPECT_EQ(s->matched_labels(), 5);
  EXPECT_EQ(s->matched_rows(), 6);
  EXPECT_EQ(s->labelled_structures(), 5);
  ExpectLevels(*s, {32.0 / 3, 94.0 / 9, 94.0 / 9, 94.0 / 9}, {2, 3, 4, 4});
}

TEST(ScoreTest, ThreadsDoNotChangeTheOutput) {
  ScoreOptions opt = EaOptions();
  opt.control_draws = 37;
  absl::StatusOr<Score> s1 = ScoreSix(opt);
  opt.threads = 4;
  absl::StatusOr<Score> s4 = ScoreSix(opt);
  ASSERT_THAT(s1, IsOk());
  ASSERT_THAT(s4, IsOk());
  EXPECT_EQ(s1->SerializeAsString(), s4->SerializeAsString());
}

TEST(ScoreTest, FrozenStateKeepsPreviousPartialVariance) {
  // Labels 0 and 2 together (partial variances 1, 1), then split apart:
  // both keep 1 instead of dropping to 0; then rejoined with a third.
  FrozenW w({{0, 0.0}, {1, 2.0}, {2, 10.0}}, FrozenStart::kZero);
  int labelled;
  EXPECT_DOUBLE_EQ(w.Next({0, 0, 1}, 2, &labelled), 2.0);
  EXPECT_EQ(labelled, 2);
  EXPECT_DOUBLE_EQ(w.Next({0, 1, 2}, 3, &labelled), 2.0);
  EXPECT_EQ(labelled, 3);
  // {0, 10} mean 5 -> 25 + 25; label 1 alone keeps 1.
  EXPECT_DOUBLE_EQ(w.Next({0, 1, 0}, 2, &labelled), 51.0);
  // One-cluster start: mean 4, states 16, 4, 36; label 2 alone keeps 36.
  FrozenW w1({{0, 0.0}, {1, 2.0}, {2, 10.0}}, FrozenStart::kOneCluster);
  EXPECT_DOUBLE_EQ(w1.Next({0, 0, 1}, 2, &labelled), 38.0);
}

TEST(ScoreTest, ControlIsDeterministicForASeed) {
  ScoreOptions opt = EaOptions();
  opt.seed = 17;
  absl::StatusOr<Score> s1 = ScoreSix(opt);
  absl::StatusOr<Score> s2 = ScoreSix(opt);
  ASSERT_THAT(s1, IsOk());
  ASSERT_THAT(s2, IsOk());
  EXPECT_EQ(s1->SerializeAsString(), s2->SerializeAsString());
  opt.seed = 18;
  absl::StatusOr<Score> s3 = ScoreSix(opt);
  ASSERT_THAT(s3, IsOk());
  bool differs = false;
  for (int i = 0; i < s1->levels_size(); ++i) {
    differs |= s1->levels(i).control_w_mean() != s3->levels(i).control_w_mean();
    // The control is an average of W values, each within [0, total SS * 2].
    EXPECT_GT(s1->levels(i).control_w_mean(), 0);
  }
  EXPECT_TRUE(differs);
}

TEST(ScoreTest, ControlMatchesExactExpectationWhenEverythingIsOneBlock) {
  // k = 2 on a tree whose cut is {a..e} + {f}: a random assignment puts f's
  // slot on any of the 6 structures. With labels on every structure and
  // W = within-block SS, the mean over many draws approaches the exact
  // expectation: (1/6) * sum over which item is alone of SS of the others.
  cluster::Clustering c = SixOnALine();
  // Rebuild as a chain: ((((a,b),c),d),e),f with increasing heights.
  c.clear_merges();
  const int64_t pairs[5][2] = {{0, 1}, {2, 6}, {3, 7}, {4, 8}, {5, 9}};
  for (int i = 0; i < 5; ++i) {
    cluster::Merge* m = c.add_merges();
    m->set_a(pairs[i][0]);
    m->set_b(pairs[i][1]);
    m->set_height(i + 1);
    m->set_size(i + 2);
  }
  ScoreOptions opt = EaOptions();
  absl::StatusOr<LabelTable> table = ParseLabels(kZeroToFive, opt.labels);
  ASSERT_THAT(table, IsOk());
  opt.ks = {2};
  opt.control_draws = 20000;
  opt.frozen_start = FrozenStart::kZero;
  absl::StatusOr<Score> s = ScoreClustering(c, *table, opt);
  ASSERT_THAT(s, IsOk());
  // Real: {0..4} mean 2 -> SS 10; f alone, frozen at 0 (state before k=2).
  EXPECT_DOUBLE_EQ(s->levels(0).w(), 10);
  // Expectation: leaving out v from {0..5} (mean 2.5, SS 17.5):
  // SS_rest = 17.5 - (v - 2.5)^2 * 6/5. Mean over v: 17.5 - 17.5/5 = 14.
  EXPECT_NEAR(s->levels(0).control_w_mean(), 14.0, 0.1);

  // One-cluster start: f alone keeps (5 - 2.5)^2 = 6.25 -> W = 16.25; in the
  // control the lone label v keeps (v - 2.5)^2, so the expectation is
  // 14 + 17.5/6.
  opt.frozen_start = FrozenStart::kOneCluster;
  s = ScoreClustering(c, *table, opt);
  ASSERT_THAT(s, IsOk());
  EXPECT_DOUBLE_EQ(s->levels(0).w(), 16.25);
  EXPECT_NEAR(s->levels(0).control_w_mean(), 14.0 + 17.5 / 6, 0.1);
}

// The uniform control against the exact expectation over all 2^6
// assignments of six labels to two clusters, written out independently of
// FrozenW: a cluster of >= 2 labels adds its sum of squares, a lone label
// its squared deviation from the mean of all labels (k = 1 state).
TEST(ScoreTest, UniformControlMatchesExactExpectation) {
  cluster::Clustering c = SixOnALine();
  ScoreOptions opt = EaOptions();
  const double y[6] = {0, 1, 2, 3, 4, 5};
  absl::StatusOr<LabelTable> table = ParseLabels(kZeroToFive, opt.labels);
  ASSERT_THAT(table, IsOk());
  double expected = 0;
  for (int mask = 0; mask < 64; ++mask) {
    double w = 0;
    for (int side = 0; side < 2; ++side) {
      double sum = 0;
      int count = 0;
      for (int i = 0; i < 6; ++i) {
        if (((mask >> i) & 1) == side) {
          sum += y[i];
          ++count;
        }
      }
      for (int i = 0; i < 6; ++i) {
        if (((mask >> i) & 1) != side) continue;
        const double ref = count >= 2 ? sum / count : 2.5;
        w += (y[i] - ref) * (y[i] - ref);
      }
    }
    expected += w / 64;
  }
  opt.ks = {2};
  opt.control_draws = 20000;
  absl::StatusOr<Score> s = ScoreClustering(c, *table, opt);
  ASSERT_THAT(s, IsOk());
  // sd of W over assignments is a few units; 20000 draws: se ~ 0.02.
  EXPECT_NEAR(s->levels(0).uniform_control_w_mean(), expected, 0.1);
  EXPECT_GT(s->levels(0).uniform_control_w_sd(), 0);
}

TEST(ScoreTest, LabelFormatsAndPolicies) {
  // Headerless paper format, "<1E-10" bound policy, BOM, CRLF.
  const std::string paper =
      "\xEF\xBB\xBFLiX,1.0E-03,2,100\r\nLiY,<1E-10,14,4242\r\nLiZ,0,1,7\r\n";
  LabelOptions lo;
  absl::StatusOr<LabelTable> t = ParseLabels(paper, lo);
  ASSERT_THAT(t, IsOk());
  EXPECT_TRUE(t->log10);
  ASSERT_EQ(t->rows.size(), 1u);
  EXPECT_DOUBLE_EQ(t->rows[0].value, -3);
  EXPECT_THAT(t->rows[0].icsd_ids, ElementsAre(100));
  EXPECT_EQ(t->dropped_below_bound, 1);
  EXPECT_EQ(t->dropped_nonpositive, 1);
  lo.below_bound = BelowBoundPolicy::kBound;
  t = ParseLabels(paper, lo);
  ASSERT_THAT(t, IsOk());
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_DOUBLE_EQ(t->rows[1].value, -10);
  // OBELiX-style CSV with quotes and a float ICSD id.
  t = ParseLabels(
      "ID,\"Reduced Composition\",Ionic conductivity (S cm-1),ICSD ID\n"
      "jqc,\"Li7BiO6, x\",1e-6,155950.0\n",
      LabelOptions());
  ASSERT_THAT(t, IsOk());
  EXPECT_EQ(t->column, "Ionic conductivity (S cm-1)");
  EXPECT_EQ(t->rows[0].id, "jqc");
  EXPECT_THAT(t->rows[0].icsd_ids, ElementsAre(155950));
  EXPECT_THAT(ParseLabels("id,foo\na,1\n", LabelOptions()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseLabels("id,sigma\na,abc\n", LabelOptions()),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace ionscreen::score
