// Hand-computed values of electronegativity_diff. Element data: Pauling X
// (pymatgen) Li 0.98, Na 0.93, O 3.44, Cl 3.16, Fe 1.83. Tolerance
// kHandComputedTol (1e-12).
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "lib/describe/descriptor_testing.h"

namespace ionscreen::descriptors::testing {
namespace {

TEST(ElectronegativityDiffTest, Fe2O3) {
  ASSERT_OK_AND_ASSIGN(const std::vector<double> v,
                       ComputeOne("electronegativity_diff", {}, cf::Fe2O3Composition()));
  // matminer's test value: 3.44 - 1.83 = 1.61 for min, max, mean; 0 range/std.
  EXPECT_NEAR(v[0], 1.61, kHandComputedTol);
  EXPECT_NEAR(v[1], 1.61, kHandComputedTol);
  EXPECT_NEAR(v[2], 0, kHandComputedTol);
  EXPECT_NEAR(v[3], 1.61, kHandComputedTol);
  EXPECT_NEAR(v[4], 0, kHandComputedTol);
}

TEST(ElectronegativityDiffTest, TwoCations) {
  auto d = Make("electronegativity_diff", {});
  ASSERT_OK(d);
  // (Li0.5 Na0.5)Cl: anion mean 3.16; Li 2.18, Na 2.23 with weights 0.5, 0.5.
  auto v = (*d)->Compute(cf::LiNaClComposition());
  ASSERT_OK(v);
  EXPECT_NEAR((*v)[0], 2.18, kHandComputedTol);
  EXPECT_NEAR((*v)[1], 2.23, kHandComputedTol);
  EXPECT_NEAR((*v)[2], 0.05, kHandComputedTol);
  EXPECT_NEAR((*v)[3], 2.205, kHandComputedTol);
  // beta = 1 / (1 - 0.5) = 2; sum w d^2 = 2 * 0.5 * 0.025^2 -> 0.025 * sqrt(2).
  EXPECT_NEAR((*v)[4], 0.025 * std::sqrt(2.0), kHandComputedTol);
}

TEST(ElectronegativityDiffTest, NonIonicIsError) {
  auto v = ComputeOne("electronegativity_diff", {}, cf::CompositionCrystal("Li", {{{3, 1, 0.0}}}));
  EXPECT_THAT(v.status(), StatusIs(absl::StatusCode::kInvalidArgument,
                                   ::testing::HasSubstr("not ionic")));
}

TEST(ElectronegativityDiffTest, NotIonicZeros) {
  auto d = Make("electronegativity_diff", {{"not_ionic", "zeros"}});
  ASSERT_OK(d);
  EXPECT_EQ((*d)->EffectiveParams().at("not_ionic"), "zeros");
  const std::vector<double> zeros(5, 0.0);
  // The paper's notebook: matminer's ValueError -> [0, 0, 0, 0, 0] for no
  // cations, no anions, all-zero states (oxidation assignment failed) and
  // no oxidation states at all.
  EXPECT_THAT((*d)->Compute(cf::CompositionCrystal("Li", {{{3, 1, 0.0}}})),
              IsOkAndHolds(zeros));
  EXPECT_THAT((*d)->Compute(cf::CompositionCrystal("cations", {{{3, 1, 1.0}}, {{11, 1, 1.0}}})),
              IsOkAndHolds(zeros));
  EXPECT_THAT((*d)->Compute(cf::CompositionCrystal("anions", {{{8, 1, -2.0}}, {{17, 1, -1.0}}})),
              IsOkAndHolds(zeros));
  EXPECT_THAT((*d)->Compute(cf::CompositionCrystal("zero", {{{3, 1, 0.0}}, {{8, 1, 0.0}}})),
              IsOkAndHolds(zeros));
  EXPECT_THAT((*d)->Compute(cf::CompositionCrystal("bare", {{{3, 1, {}}}, {{8, 1, {}}}})),
              IsOkAndHolds(zeros));
  // Ionic structures are unchanged by the policy.
  auto v = (*d)->Compute(cf::Fe2O3Composition());
  ASSERT_OK(v);
  EXPECT_NEAR((*v)[0], 1.61, kHandComputedTol);
  // A partly decorated structure stays an error; so does an unknown mode.
  EXPECT_FALSE((*d)->Compute(cf::CompositionCrystal("part", {{{3, 1, 1.0}}, {{8, 1, {}}}})).ok());
  EXPECT_FALSE(Make("electronegativity_diff", {{"not_ionic", "nan"}}).ok());
  // The default still refuses, e.g. a structure without oxidation states.
  auto strict = Make("electronegativity_diff", {});
  ASSERT_OK(strict);
  EXPECT_EQ((*strict)->EffectiveParams().at("not_ionic"), "error");
  EXPECT_FALSE((*strict)->Compute(cf::CompositionCrystal("bare", {{{3, 1, {}}}, {{8, 1, {}}}})).ok());
}

}  // namespace
}  // namespace ionscreen::descriptors::testing
