// Hand-computed values of the five composition descriptors. Element data:
// Pauling X (pymatgen) Li 0.98, Na 0.93, O 3.44, Cl 3.16, Fe 1.83; Magpie
// valence (s, p, d, total) Li (1,0,0,1), Na (1,0,0,1), O (2,4,0,6),
// Cl (2,5,0,7), Fe (2,0,6,8). Tolerance 1e-12 unless stated.
#include <cmath>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/descriptors/elemdata/test_util.h"

namespace ionscreen::elemdata {
namespace {

using testing::Make;
using testing::MakeCrystal;
using testing::SharedDir;
using ::ionscreen::testing::IsOkAndHolds;
using ::ionscreen::testing::StatusIs;

constexpr double kTol = 1e-12;

std::string MagpieDir() {
  return SharedDir() + "/data/matminer/magpie_elementdata";
}

// Li2O with Li+ and O2-: two Li sites, one O site.
crystal::Crystal Li2O() {
  return MakeCrystal("Li2O", {{{3, 1.0, 1.0}}, {{3, 1.0, 1.0}}, {{8, 1.0, -2.0}}});
}
// Fe2O3 with Fe3+ and O2-.
crystal::Crystal Fe2O3() {
  return MakeCrystal("Fe2O3", {{{26, 1, 3.0}}, {{26, 1, 3.0}}, {{8, 1, -2.0}},
                               {{8, 1, -2.0}}, {{8, 1, -2.0}}});
}
// (Li0.5 Na0.5)Cl: one mixed site.
crystal::Crystal LiNaCl() {
  return MakeCrystal("LiNaCl2", {{{3, 0.5, 1.0}, {11, 0.5, 1.0}}, {{17, 1.0, -1.0}}});
}

class CompositionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(SharedDir().empty())
        << "SHARED_DIR is not set: these tests read the Magpie tables from "
           "$SHARED_DIR/data/matminer/magpie_elementdata";
  }
};

TEST_F(CompositionTest, BandCenterPaulingLi2O) {
  auto d = Make("band_center", {});
  ASSERT_OK(d);
  auto v = (*d)->Compute(Li2O());
  ASSERT_OK(v);
  // -(0.98^(2/3) * 3.44^(1/3)) = -1.4893732
  EXPECT_NEAR((*v)[0], -std::pow(0.98, 2.0 / 3) * std::pow(3.44, 1.0 / 3), kTol);
  EXPECT_NEAR((*v)[0], -1.4893732, 1e-7);
}

TEST_F(CompositionTest, BandCenterPaulingDisordered) {
  auto d = Make("band_center", {});
  ASSERT_OK(d);
  auto v = (*d)->Compute(LiNaCl());
  ASSERT_OK(v);
  EXPECT_NEAR((*v)[0],
              -std::pow(0.98, 0.25) * std::pow(0.93, 0.25) * std::pow(3.16, 0.5),
              kTol);
}

TEST_F(CompositionTest, BandCenterMullikenLi2O) {
  auto d = Make("band_center", {{"formula", "mulliken"}, {"magpie_dir", MagpieDir()}});
  ASSERT_OK(d);
  auto v = (*d)->Compute(Li2O());
  ASSERT_OK(v);
  // chi = (IE1 [eV] + EA [kJ/mol] / 96.48) / 2: Li 5.391719, 59.6; O 13.61805, 141.
  double li = 0.5 * (5.391719 + 59.6 / 96.48), o = 0.5 * (13.61805 + 141 / 96.48);
  EXPECT_NEAR((*v)[0], std::pow(li, 2.0 / 3) * std::pow(o, 1.0 / 3), kTol);
  EXPECT_NEAR((*v)[0], 4.0830941, 1e-7);
}

TEST_F(CompositionTest, BandCenterMissingDataNamesParameter) {
  auto d = Make("band_center", {{"formula", "mulliken"}, {"magpie_dir", "/nonexistent"}});
  EXPECT_THAT(d.status(), StatusIs(absl::StatusCode::kFailedPrecondition,
                                   ::testing::HasSubstr("magpie_dir")));
  EXPECT_THAT(Make("band_center", {{"formula", "bogus"}}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::HasSubstr("formula")));
}

TEST_F(CompositionTest, BandCenterNobleGasIsRecordError) {
  auto d = Make("band_center", {});
  ASSERT_OK(d);
  auto v = (*d)->Compute(MakeCrystal("HeLi", {{{2, 1}}, {{3, 1}}}));
  EXPECT_THAT(v.status(), StatusIs(absl::StatusCode::kInvalidArgument,
                                   ::testing::HasSubstr("He")));
}

TEST_F(CompositionTest, OxidationStatsLi2O) {
  auto d = Make("oxidation_stats", {});
  ASSERT_OK(d);
  auto v = (*d)->Compute(Li2O());
  ASSERT_OK(v);
  // min -2, max 1, range 3; amounts Li+ 2, O2- 1: mean 0,
  // beta = 3 / (9 - 5) = 0.75, sum w d^2 = 2*1 + 1*4 = 6 -> sqrt(4.5).
  EXPECT_THAT(*v, ::testing::ElementsAre(-2, 1, 3, ::testing::DoubleNear(std::sqrt(4.5), kTol)));
}

TEST_F(CompositionTest, OxidationStatsDisordered) {
  auto d = Make("oxidation_stats", {});
  ASSERT_OK(d);
  auto v = (*d)->Compute(LiNaCl());
  ASSERT_OK(v);
  // Li+ 0.5, Na+ 0.5, Cl- 1: mean 0, beta = 2 / (4 - 1.5) = 0.8,
  // sum w d^2 = 0.5 + 0.5 + 1 = 2 -> sqrt(1.6).
  EXPECT_THAT(*v, ::testing::ElementsAre(-1, 1, 2, ::testing::DoubleNear(std::sqrt(1.6), kTol)));
}

TEST_F(CompositionTest, OxidationStatsNeedsOxidationStates) {
  auto d = Make("oxidation_stats", {});
  ASSERT_OK(d);
  auto v = (*d)->Compute(MakeCrystal("bare", {{{3, 1}}, {{8, 1}}}));
  EXPECT_THAT(v.status(), StatusIs(absl::StatusCode::kInvalidArgument,
                                   ::testing::HasSubstr("oxidation states")));
}


TEST_F(CompositionTest, ElectronegativityDiffFe2O3) {
  auto d = Make("electronegativity_diff", {});
  ASSERT_OK(d);
  auto v = (*d)->Compute(Fe2O3());
  ASSERT_OK(v);
  // matminer's test value: 3.44 - 1.83 = 1.61 for min, max, mean; 0 range/std.
  EXPECT_NEAR((*v)[0], 1.61, kTol);
  EXPECT_NEAR((*v)[1], 1.61, kTol);
  EXPECT_NEAR((*v)[2], 0, kTol);
  EXPECT_NEAR((*v)[3], 1.61, kTol);
  EXPECT_NEAR((*v)[4], 0, kTol);
}

TEST_F(CompositionTest, ElectronegativityDiffTwoCations) {
  auto d = Make("electronegativity_diff", {});
  ASSERT_OK(d);
  // (Li0.5 Na0.5)Cl: anion mean 3.16; Li 2.18, Na 2.23 with weights 0.5, 0.5.
  auto v = (*d)->Compute(LiNaCl());
  ASSERT_OK(v);
  EXPECT_NEAR((*v)[0], 2.18, kTol);
  EXPECT_NEAR((*v)[1], 2.23, kTol);
  EXPECT_NEAR((*v)[2], 0.05, kTol);
  EXPECT_NEAR((*v)[3], 2.205, kTol);
  // beta = 1 / (1 - 0.5) = 2; sum w d^2 = 2 * 0.5 * 0.025^2 -> 0.025 * sqrt(2).
  EXPECT_NEAR((*v)[4], 0.025 * std::sqrt(2.0), kTol);
}

TEST_F(CompositionTest, ElectronegativityDiffNonIonicIsError) {
  auto d = Make("electronegativity_diff", {});
  ASSERT_OK(d);
  auto v = (*d)->Compute(MakeCrystal("Li", {{{3, 1, 0.0}}}));
  EXPECT_THAT(v.status(), StatusIs(absl::StatusCode::kInvalidArgument,
                                   ::testing::HasSubstr("not ionic")));
}

TEST_F(CompositionTest, ElectronegativityDiffNotIonicZeros) {
  auto d = Make("electronegativity_diff", {{"not_ionic", "zeros"}});
  ASSERT_OK(d);
  EXPECT_EQ((*d)->EffectiveParams().at("not_ionic"), "zeros");
  const std::vector<double> zeros(5, 0.0);
  // The paper's notebook: matminer's ValueError -> [0, 0, 0, 0, 0] for no
  // cations, no anions, all-zero states (oxidation assignment failed) and
  // no oxidation states at all.
  EXPECT_THAT((*d)->Compute(MakeCrystal("Li", {{{3, 1, 0.0}}})),
              IsOkAndHolds(zeros));
  EXPECT_THAT((*d)->Compute(MakeCrystal("cations", {{{3, 1, 1.0}}, {{11, 1, 1.0}}})),
              IsOkAndHolds(zeros));
  EXPECT_THAT((*d)->Compute(MakeCrystal("anions", {{{8, 1, -2.0}}, {{17, 1, -1.0}}})),
              IsOkAndHolds(zeros));
  EXPECT_THAT((*d)->Compute(MakeCrystal("zero", {{{3, 1, 0.0}}, {{8, 1, 0.0}}})),
              IsOkAndHolds(zeros));
  EXPECT_THAT((*d)->Compute(MakeCrystal("bare", {{{3, 1, {}}}, {{8, 1, {}}}})),
              IsOkAndHolds(zeros));
  // Ionic structures are unchanged by the policy.
  auto v = (*d)->Compute(Fe2O3());
  ASSERT_OK(v);
  EXPECT_NEAR((*v)[0], 1.61, kTol);
  // A partly decorated structure stays an error; so does an unknown mode.
  EXPECT_FALSE((*d)->Compute(MakeCrystal("part", {{{3, 1, 1.0}}, {{8, 1, {}}}})).ok());
  EXPECT_FALSE(Make("electronegativity_diff", {{"not_ionic", "nan"}}).ok());
  // The default still refuses, e.g. a structure without oxidation states.
  auto strict = Make("electronegativity_diff", {});
  ASSERT_OK(strict);
  EXPECT_EQ((*strict)->EffectiveParams().at("not_ionic"), "error");
  EXPECT_FALSE((*strict)->Compute(MakeCrystal("bare", {{{3, 1, {}}}, {{8, 1, {}}}})).ok());
}

TEST_F(CompositionTest, ValenceOrbitalLi2OAndDisordered) {
  auto d = Make("valence_orbital", {{"magpie_dir", MagpieDir()}});
  ASSERT_OK(d);
  auto v = (*d)->Compute(Li2O());
  ASSERT_OK(v);
  // avg s = (2*1 + 2)/3, p = 4/3, total = (2 + 6)/3 -> fractions 1/2, 1/2.
  EXPECT_THAT(*v, ::testing::Pointwise(::testing::DoubleNear(kTol),
                                       std::vector<double>{4.0 / 3, 4.0 / 3, 0, 0,
                                                           0.5, 0.5, 0, 0}));
  v = (*d)->Compute(LiNaCl());
  ASSERT_OK(v);
  // amounts Li .5, Na .5, Cl 1: s = 1.5, p = 2.5, total = 4.
  EXPECT_THAT(*v, ::testing::Pointwise(::testing::DoubleNear(kTol),
                                       std::vector<double>{1.5, 2.5, 0, 0, 0.375,
                                                           0.625, 0, 0}));
}

TEST_F(CompositionTest, MeredigLi2O) {
  auto d = Make("meredig", {{"magpie_dir", MagpieDir()}});
  ASSERT_OK(d);
  ASSERT_EQ((*d)->dimension(), 120u);
  ASSERT_EQ((*d)->feature_labels().size(), 120u);
  EXPECT_EQ((*d)->feature_labels()[2], "Li fraction");
  EXPECT_EQ((*d)->feature_labels()[103], "mean AtomicWeight");
  auto v = (*d)->Compute(Li2O());
  ASSERT_OK(v);
  ASSERT_EQ(v->size(), 120u);
  double sum = 0;
  for (int i = 0; i < 103; ++i) sum += (*v)[i];
  EXPECT_NEAR(sum, 1, kTol);
  EXPECT_NEAR((*v)[2], 2.0 / 3, kTol);
  EXPECT_NEAR((*v)[7], 1.0 / 3, kTol);
  std::vector<double> props(v->begin() + 103, v->begin() + 112);
  EXPECT_THAT(props, ::testing::Pointwise(::testing::DoubleNear(1e-12),
                                          std::vector<double>{
                                              (2 * 6.941 + 15.9994) / 3,  // weight
                                              6,                          // column
                                              2,                          // row
                                              5,                          // range Z
                                              14.0 / 3,                   // mean Z
                                              0.85,         // range radius
                                              3.5 / 3,      // mean radius
                                              2.46,         // range X
                                              1.8}));       // mean X
  EXPECT_NEAR((*v)[112], 4.0 / 3, kTol);
  EXPECT_NEAR((*v)[116], 0.5, kTol);
}

TEST_F(CompositionTest, MeredigFe2O3MatchesMatminerTest) {
  auto d = Make("meredig", {{"magpie_dir", MagpieDir()}});
  ASSERT_OK(d);
  auto v = (*d)->Compute(Fe2O3());
  ASSERT_OK(v);
  // matminer test_meredig: Fe fraction 0.4, O 0.6, frac s 0.294117647,
  // mean Number 15.2.
  EXPECT_NEAR((*v)[25], 0.4, kTol);
  EXPECT_NEAR((*v)[7], 0.6, kTol);
  EXPECT_NEAR((*v)[116], 0.294117647, 1e-9);
  EXPECT_NEAR((*v)[107], 15.2, kTol);
}

}  // namespace
}  // namespace ionscreen::elemdata
