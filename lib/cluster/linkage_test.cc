#include "lib/cluster/linkage.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "absl/strings/str_cat.h"
#include "lib/base/status_matchers.h"
#include "lib/cluster/cut.h"

namespace ionscreen::cluster {
namespace {

using ::ionscreen::testing::IsOk;
using ::ionscreen::testing::StatusIs;
using ::testing::ElementsAre;

// n x d standard normal values from a seeded generator.
std::vector<double> NormalRows(uint64_t seed, size_t n, size_t d) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::vector<double> x(n * d);
  for (double& v : x) v = normal(rng);
  return x;
}

// Ward's matrix chain on the square n x n matrix of exact (pdist-order)
// distances: the reference of the GEMM tests.
LinkageOptions ExactSquareWard() {
  LinkageOptions o;
  o.matrix_memory_bytes = size_t{1} << 30;
  o.ward_algorithm = WardAlgorithm::kMatrix;
  o.distance_kernel = DistanceKernel::kExact;
  return o;
}

// The merges of `got` against `ref`: the same rows (a, b, size) and heights
// within rel_tol * max(floor, ref height); at most 10 rows reported.
void ExpectSameTree(const LinkageResult& got, const LinkageResult& ref,
                    double rel_tol, const std::string& what,
                    double floor = 0) {
  ASSERT_EQ(got.merges.size(), ref.merges.size()) << what;
  int bad = 0;
  for (size_t i = 0; i < ref.merges.size() && bad < 10; ++i) {
    const MergeRow &g = got.merges[i], &r = ref.merges[i];
    if (g.a != r.a || g.b != r.b || g.size != r.size ||
        std::fabs(g.height - r.height) > rel_tol * std::max(floor, r.height)) {
      ++bad;
      ADD_FAILURE() << what << " row " << i << ": " << g.a << " " << g.b
                    << " " << g.size << " " << g.height << " vs " << r.a << " "
                    << r.b << " " << r.size << " " << r.height;
    }
  }
}

// The five points on a line 0, 1, 5, 6, 20 (one dimension), linked.
absl::StatusOr<LinkageResult> LinkLine(LinkageMethod method,
                                       WardAlgorithm alg = WardAlgorithm::kAuto) {
  LinkageOptions opt;
  opt.method = method;
  opt.ward_algorithm = alg;
  return ComputeLinkage({0, 1, 5, 6, 20}, 5, 1, opt);
}

// Five points on a line: 0, 1, 5, 6, 20. Worked by hand with Ward's
// d(u,v) = sqrt(2 n_u n_v / (n_u + n_v)) |c_u - c_v|:
//   {0},{1} at 1 -> 5;  {5},{6} at 1 -> 6 (tie, chain order keeps this row
//   second; the stable sort keeps it);  {0,1},{5,6}: sqrt(2*2*2/4)*5 =
//   sqrt(2)*5 -> 7;  {4},{0,1,5,6} (centroid 3): sqrt(2*1*4/5)*17 -> 8.
TEST(LinkageTest, WardHandExample) {
  for (WardAlgorithm alg : {WardAlgorithm::kVector, WardAlgorithm::kMatrix}) {
    absl::StatusOr<LinkageResult> r = LinkLine(LinkageMethod::kWard, alg);
    ASSERT_THAT(r, IsOk());
    const std::vector<MergeRow>& z = r->merges;
    ASSERT_EQ(z.size(), 4u);
    const double expected[4][4] = {{0, 1, 1, 2},
                                   {2, 3, 1, 2},
                                   {5, 6, std::sqrt(2.0) * 5, 4},
                                   {4, 7, std::sqrt(8.0 / 5.0) * 17, 5}};
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(z[i].a, expected[i][0]) << i;
      EXPECT_EQ(z[i].b, expected[i][1]) << i;
      EXPECT_NEAR(z[i].height, expected[i][2], 1e-12) << i;
      EXPECT_EQ(z[i].size, expected[i][3]) << i;
    }
    absl::StatusOr<TreeCutter> cutter = TreeCutter::Create(z, 5);
    ASSERT_THAT(cutter, IsOk());
    // k = 2 cuts at height sqrt(2)*5: {0,1,5,6} and {20}; scipy numbers the
    // cluster under the root's right child first (its walk assigns a
    // node's leaf children after descending into its inner child).
    absl::StatusOr<FlatCut> cut = cutter->CutMaxclust(2);
    ASSERT_THAT(cut, IsOk());
    EXPECT_EQ(cut->num_clusters, 2);
    EXPECT_THAT(cut->assignment, ElementsAre(1, 1, 1, 1, 2));
    // k = 3 has tied heights below: cutting at 1 leaves {0,1},{5,6},{20}.
    cut = cutter->CutMaxclust(3);
    ASSERT_THAT(cut, IsOk());
    EXPECT_THAT(cut->assignment, ElementsAre(1, 1, 2, 2, 3));
    // k = 4 is impossible with the tie at height 1: scipy gives 3 clusters.
    cut = cutter->CutMaxclust(4);
    ASSERT_THAT(cut, IsOk());
    EXPECT_EQ(cut->num_clusters, 3);
  }
}

// Single linkage on the same points: MST edges 1, 1, 4, 14.
TEST(LinkageTest, SingleHandExample) {
  absl::StatusOr<LinkageResult> r = LinkLine(LinkageMethod::kSingle);
  ASSERT_THAT(r, IsOk());
  const std::vector<MergeRow>& z = r->merges;
  EXPECT_EQ(z[0].a, 0);
  EXPECT_EQ(z[0].b, 1);
  EXPECT_EQ(z[1].a, 2);
  EXPECT_EQ(z[1].b, 3);
  EXPECT_DOUBLE_EQ(z[2].height, 4);
  EXPECT_EQ(z[2].a, 5);
  EXPECT_EQ(z[2].b, 6);
  EXPECT_DOUBLE_EQ(z[3].height, 14);
  EXPECT_EQ(z[3].size, 5);
}

// Complete and average on the same points (matrix Lance-Williams):
// complete {0,1}-{5,6} = 6, average = (5+6+4+5)/4 = 5.
TEST(LinkageTest, CompleteAndAverageHandExample) {
  absl::StatusOr<LinkageResult> r = LinkLine(LinkageMethod::kComplete);
  ASSERT_THAT(r, IsOk());
  EXPECT_DOUBLE_EQ(r->merges[2].height, 6);
  EXPECT_DOUBLE_EQ(r->merges[3].height, 20);
  r = LinkLine(LinkageMethod::kAverage);
  ASSERT_THAT(r, IsOk());
  EXPECT_DOUBLE_EQ(r->merges[2].height, 5);
  EXPECT_DOUBLE_EQ(r->merges[3].height, (20 + 19 + 15 + 14) / 4.0);
}

// The O(N*D) centroid chain and the O(N^2) Lance-Williams matrix agree on
// random data (same tree, heights to 1e-10 relative), with 1 and 2 threads.
TEST(LinkageTest, WardVectorMatchesMatrix) {
  const size_t n = 300, d = 37;
  std::vector<double> x = NormalRows(7, n, d);
  // Duplicated rows make exact ties at height 0.
  for (size_t j = 0; j < d; ++j) {
    x[10 * d + j] = x[20 * d + j];
    x[30 * d + j] = x[20 * d + j];
  }
  LinkageOptions matrix;
  matrix.ward_algorithm = WardAlgorithm::kMatrix;
  absl::StatusOr<LinkageResult> ref = ComputeLinkage(x, n, d, matrix);
  ASSERT_THAT(ref, IsOk());
  for (int threads : {1, 2}) {
    LinkageOptions vec;
    vec.ward_algorithm = WardAlgorithm::kVector;
    vec.num_threads = threads;
    absl::StatusOr<LinkageResult> got = ComputeLinkage(x, n, d, vec);
    ASSERT_THAT(got, IsOk());
    EXPECT_EQ(got->algorithm, "nn_chain_vector");
    ExpectSameTree(*got, *ref, 1e-10, absl::StrCat("threads ", threads),
                   /*floor=*/1.0);
  }
}

// The square n x n layout (used when it fits matrix_memory_bytes) and the
// condensed one perform the same arithmetic: identical merges and heights,
// for every matrix method, metric and thread count (odd n and d exercise the
// tiles' and groups' remainders).
TEST(LinkageTest, SquareMatrixEqualsCondensed) {
  const size_t n = 203, d = 13;
  std::vector<double> x = NormalRows(11, n, d);
  for (size_t j = 0; j < d; ++j) x[5 * d + j] = x[150 * d + j];  // a tie
  const std::pair<LinkageMethod, Metric> cases[] = {
      {LinkageMethod::kWard, Metric::kEuclidean},
      {LinkageMethod::kAverage, Metric::kEuclidean},
      {LinkageMethod::kComplete, Metric::kManhattan},
      {LinkageMethod::kAverage, Metric::kCosine}};
  for (const auto& [method, metric] : cases) {
    LinkageOptions condensed;
    condensed.method = method;
    condensed.metric = metric;
    condensed.ward_algorithm = WardAlgorithm::kMatrix;
    condensed.matrix_memory_bytes = 0;  // too small for n x n
    absl::StatusOr<LinkageResult> ref = ComputeLinkage(x, n, d, condensed);
    ASSERT_THAT(ref, IsOk());
    for (int threads : {1, 2}) {
      LinkageOptions square = condensed;
      square.matrix_memory_bytes = size_t{1} << 30;
      square.num_threads = threads;
      absl::StatusOr<LinkageResult> got = ComputeLinkage(x, n, d, square);
      ASSERT_THAT(got, IsOk());
      ExpectSameTree(*got, *ref, 0,
                     absl::StrCat(LinkageMethodName(method), " ",
                                  MetricName(metric), " threads ", threads));
    }
  }
}

// The square layout's updates write one row and refresh the other half
// lazily, in log ranges split over threads once 4096 merges are pending;
// n = 4500 reaches that. Same merges and heights as the condensed layout
// (eager, scipy's own scheme), for 1-3 threads.
TEST(LinkageTest, LazySquareUpdatesEqualCondensedLarge) {
  const size_t n = 4500, d = 5;
  const std::vector<double> x = NormalRows(23, n, d);
  LinkageOptions condensed;
  condensed.method = LinkageMethod::kWard;
  condensed.ward_algorithm = WardAlgorithm::kMatrix;
  condensed.matrix_memory_bytes = 0;
  absl::StatusOr<LinkageResult> ref = ComputeLinkage(x, n, d, condensed);
  ASSERT_THAT(ref, IsOk());
  for (int threads : {1, 2, 3}) {
    LinkageOptions square = condensed;
    square.matrix_memory_bytes = size_t{1} << 30;
    square.distance_kernel = DistanceKernel::kExact;
    square.num_threads = threads;
    absl::StatusOr<LinkageResult> got = ComputeLinkage(x, n, d, square);
    ASSERT_THAT(got, IsOk());
    ExpectSameTree(*got, *ref, 0, absl::StrCat("threads ", threads));
  }
}

// The GEMM-filled matrix gives the exact (pdist-order) matrix's tree:
// same merges, heights to 1e-12 relative, for 1-3 threads (n >= 2048, so
// the chain's scans and updates are split). The data are SOAP-like (a large
// common positive offset: strong cancellation in ||a||^2 + ||b||^2 - 2 a.b),
// with duplicated rows (exact zeros) and a block of small-integer lattice
// points whose distances tie exactly.
TEST(LinkageTest, GemmDistancesGiveExactTree) {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> normal;
  std::uniform_int_distribution<int> small(0, 2);
  const size_t n = 2300, d = 61;
  std::vector<double> centre(8 * d);
  for (double& v : centre) v = 10 + std::fabs(normal(rng));
  std::vector<double> x(n * d);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < d; ++j) {
      x[i * d + j] = i < 200 ? 10.0 + small(rng)
                             : centre[(i % 8) * d + j] + 0.05 * normal(rng);
    }
  }
  for (size_t i : {500, 900, 901}) {
    for (size_t j = 0; j < d; ++j) x[i * d + j] = x[1200 * d + j];
  }
  const LinkageOptions exact = ExactSquareWard();
  absl::StatusOr<LinkageResult> ref = ComputeLinkage(x, n, d, exact);
  ASSERT_THAT(ref, IsOk());
  EXPECT_EQ(ref->algorithm, "nn_chain_matrix");
  for (int threads : {1, 2, 3}) {
    LinkageOptions gemm = exact;
    gemm.distance_kernel = DistanceKernel::kGemm;
    gemm.num_threads = threads;
    absl::StatusOr<LinkageResult> got = ComputeLinkage(x, n, d, gemm);
    ASSERT_THAT(got, IsOk());
    EXPECT_EQ(got->algorithm, "nn_chain_matrix_gemm");
    // Some entries recomputed (duplicates, ties), far from all of them.
    EXPECT_GT(got->refined_distances, 0u);
    EXPECT_LT(got->refined_distances, n * (n - 1) / 20);
    ExpectSameTree(*got, *ref, 1e-12, absl::StrCat("threads ", threads));
  }
}

// Element-fraction-like rows (counts over their sum: rationals, many
// exact duplicates and ties between distinct rows): GEMM rounding meets near
// ties, and the tree must still be the exact one (through the exact rerun
// when a near tie is seen).
TEST(LinkageTest, GemmOnRationalRowsGivesExactTree) {
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<int> count(0, 3);
  const size_t n = 700, d = 9;
  std::vector<double> x(n * d);
  for (size_t i = 0; i < n; ++i) {
    double sum = 0;
    std::vector<int> c(d);
    for (size_t j = 0; j < d; ++j) sum += c[j] = j < 3 || count(rng) == 0 ? count(rng) : 0;
    if (sum == 0) c[0] = 1, sum = 1;
    for (size_t j = 0; j < d; ++j) x[i * d + j] = c[j] / sum;
  }
  const LinkageOptions exact = ExactSquareWard();
  absl::StatusOr<LinkageResult> ref = ComputeLinkage(x, n, d, exact);
  ASSERT_THAT(ref, IsOk());
  LinkageOptions gemm = exact;
  gemm.distance_kernel = DistanceKernel::kGemm;
  absl::StatusOr<LinkageResult> got = ComputeLinkage(x, n, d, gemm);
  ASSERT_THAT(got, IsOk());
  EXPECT_THAT(got->algorithm, ::testing::StartsWith("nn_chain_matrix_gemm"));
  ExpectSameTree(*got, *ref, 1e-12, got->algorithm);
}

TEST(LinkageTest, Errors) {
  const std::vector<double> x = {0, 0, 1, 1};
  LinkageOptions opt;
  opt.metric = Metric::kManhattan;
  EXPECT_THAT(ComputeLinkage(x, 2, 2, opt),
              StatusIs(absl::StatusCode::kInvalidArgument));
  opt.method = LinkageMethod::kAverage;
  opt.metric = Metric::kCosine;
  EXPECT_THAT(ComputeLinkage(x, 2, 2, opt),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseLinkageMethod("median"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// Issue 16: a matrix over the hard limit is refused before allocation,
// naming the flag; Ward's vector chain and single linkage need no matrix.
TEST(LinkageTest, MatrixOverTheHardLimitIsRefused) {
  const size_t n = 100, d = 2;
  std::vector<double> x(n * d);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(i % 17);
  LinkageOptions opt;
  opt.method = LinkageMethod::kAverage;
  opt.max_matrix_bytes = 1000;  // 100 records need 39,600 bytes condensed
  EXPECT_THAT(ComputeLinkage(x, n, d, opt),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       ::testing::HasSubstr("--max_matrix_mb")));
  opt.method = LinkageMethod::kSingle;
  EXPECT_THAT(ComputeLinkage(x, n, d, opt), IsOk());
  opt.method = LinkageMethod::kWard;
  opt.ward_algorithm = WardAlgorithm::kVector;
  EXPECT_THAT(ComputeLinkage(x, n, d, opt), IsOk());
  opt.method = LinkageMethod::kAverage;
  opt.max_matrix_bytes = 0;  // no limit
  EXPECT_THAT(ComputeLinkage(x, n, d, opt), IsOk());
}

}  // namespace
}  // namespace ionscreen::cluster
