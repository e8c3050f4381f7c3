// Hand-computed values of meredig (Magpie tables) and matminer's own test
// values for Fe2O3. Tolerance kHandComputedTol (1e-12) unless stated.
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "lib/describe/descriptor_testing.h"

namespace ionscreen::descriptors::testing {
namespace {

TEST(MeredigTest, Li2O) {
  auto d = Make("meredig", {});
  ASSERT_OK(d);
  ASSERT_EQ((*d)->dimension(), 120u);
  ASSERT_EQ((*d)->feature_labels().size(), 120u);
  EXPECT_EQ((*d)->feature_labels()[2], "Li fraction");
  EXPECT_EQ((*d)->feature_labels()[103], "mean AtomicWeight");
  auto v = (*d)->Compute(cf::Li2OComposition());
  ASSERT_OK(v);
  ASSERT_EQ(v->size(), 120u);
  double sum = 0;
  for (int i = 0; i < 103; ++i) sum += (*v)[i];
  EXPECT_NEAR(sum, 1, kHandComputedTol);
  EXPECT_NEAR((*v)[2], 2.0 / 3, kHandComputedTol);
  EXPECT_NEAR((*v)[7], 1.0 / 3, kHandComputedTol);
  std::vector<double> props(v->begin() + 103, v->begin() + 112);
  const std::vector<double> want = {
      (2 * 6.941 + 15.9994) / 3,  // weight
      6,                          // column
      2,                          // row
      5,                          // range Z
      14.0 / 3,                   // mean Z
      0.85,                       // range radius
      3.5 / 3,                    // mean radius
      2.46,                       // range X
      1.8};                       // mean X
  EXPECT_THAT(props,
              ::testing::Pointwise(::testing::DoubleNear(kHandComputedTol), want));
  EXPECT_NEAR((*v)[112], 4.0 / 3, kHandComputedTol);
  EXPECT_NEAR((*v)[116], 0.5, kHandComputedTol);
}

TEST(MeredigTest, Fe2O3MatchesMatminerTest) {
  ASSERT_OK_AND_ASSIGN(const std::vector<double> v,
                       ComputeOne("meredig", {}, cf::Fe2O3Composition()));
  // matminer test_meredig: Fe fraction 0.4, O 0.6, frac s 0.294117647,
  // mean Number 15.2.
  EXPECT_NEAR(v[25], 0.4, kHandComputedTol);
  EXPECT_NEAR(v[7], 0.6, kHandComputedTol);
  EXPECT_NEAR(v[116], 0.294117647, 1e-9);
  EXPECT_NEAR(v[107], 15.2, kHandComputedTol);
}

}  // namespace
}  // namespace ionscreen::descriptors::testing
