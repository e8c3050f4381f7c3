// Hand-computed values of valence_orbital. Magpie valence (s, p, d, total)
// Li (1,0,0,1), Na (1,0,0,1), O (2,4,0,6), Cl (2,5,0,7). Tolerance
// kHandComputedTol (1e-12).
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "lib/describe/descriptor_testing.h"

namespace ionscreen::descriptors::testing {
namespace {

TEST(ValenceOrbitalTest, Li2OAndDisordered) {
  auto d = Make("valence_orbital", {});
  ASSERT_OK(d);
  auto v = (*d)->Compute(cf::Li2OComposition());
  ASSERT_OK(v);
  // avg s = (2*1 + 2)/3, p = 4/3, total = (2 + 6)/3 -> fractions 1/2, 1/2.
  EXPECT_THAT(*v, ::testing::Pointwise(::testing::DoubleNear(kHandComputedTol),
                                       std::vector<double>{4.0 / 3, 4.0 / 3, 0, 0,
                                                           0.5, 0.5, 0, 0}));
  v = (*d)->Compute(cf::LiNaClComposition());
  ASSERT_OK(v);
  // amounts Li .5, Na .5, Cl 1: s = 1.5, p = 2.5, total = 4.
  EXPECT_THAT(*v, ::testing::Pointwise(::testing::DoubleNear(kHandComputedTol),
                                       std::vector<double>{1.5, 2.5, 0, 0, 0.375,
                                                           0.625, 0, 0}));
}

}  // namespace
}  // namespace ionscreen::descriptors::testing
