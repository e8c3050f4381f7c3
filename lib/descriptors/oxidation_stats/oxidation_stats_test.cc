// Hand-computed values of oxidation_stats (min, max, range and std of the
// oxidation states, matminer's weighted std). Tolerance kHandComputedTol
// (1e-12).
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "lib/describe/descriptor_testing.h"

namespace ionscreen::descriptors::testing {
namespace {

TEST(OxidationStatsTest, Li2O) {
  ASSERT_OK_AND_ASSIGN(const std::vector<double> v,
                       ComputeOne("oxidation_stats", {}, cf::Li2OComposition()));
  // min -2, max 1, range 3; amounts Li+ 2, O2- 1: mean 0,
  // beta = 3 / (9 - 5) = 0.75, sum w d^2 = 2*1 + 1*4 = 6 -> sqrt(4.5).
  EXPECT_THAT(v, ::testing::ElementsAre(
                     -2, 1, 3,
                     ::testing::DoubleNear(std::sqrt(4.5), kHandComputedTol)));
}

TEST(OxidationStatsTest, Disordered) {
  ASSERT_OK_AND_ASSIGN(const std::vector<double> v,
                       ComputeOne("oxidation_stats", {}, cf::LiNaClComposition()));
  // Li+ 0.5, Na+ 0.5, Cl- 1: mean 0, beta = 2 / (4 - 1.5) = 0.8,
  // sum w d^2 = 0.5 + 0.5 + 1 = 2 -> sqrt(1.6).
  EXPECT_THAT(v, ::testing::ElementsAre(
                     -1, 1, 2,
                     ::testing::DoubleNear(std::sqrt(1.6), kHandComputedTol)));
}

TEST(OxidationStatsTest, NeedsOxidationStates) {
  auto v = ComputeOne("oxidation_stats", {}, cf::CompositionCrystal("bare", {{{3, 1}}, {{8, 1}}}));
  EXPECT_THAT(v.status(), StatusIs(absl::StatusCode::kInvalidArgument,
                                   ::testing::HasSubstr("oxidation states")));
}

}  // namespace
}  // namespace ionscreen::descriptors::testing
