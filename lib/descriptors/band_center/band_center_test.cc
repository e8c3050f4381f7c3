// Hand-computed values of band_center. Element data: Pauling X (pymatgen)
// Li 0.98, Na 0.93, O 3.44, Cl 3.16; Magpie IE1 and EA for the Mulliken
// form. Tolerance kHandComputedTol (1e-12) unless stated.
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "lib/describe/descriptor_testing.h"

namespace ionscreen::descriptors::testing {
namespace {

TEST(BandCenterTest, PaulingLi2O) {
  ASSERT_OK_AND_ASSIGN(const std::vector<double> v,
                       ComputeOne("band_center", {}, cf::Li2OComposition()));
  // -(0.98^(2/3) * 3.44^(1/3)) = -1.4893732
  EXPECT_NEAR(v[0], -std::pow(0.98, 2.0 / 3) * std::pow(3.44, 1.0 / 3),
              kHandComputedTol);
  EXPECT_NEAR(v[0], -1.4893732, 1e-7);
}

TEST(BandCenterTest, PaulingDisordered) {
  ASSERT_OK_AND_ASSIGN(const std::vector<double> v,
                       ComputeOne("band_center", {}, cf::LiNaClComposition()));
  EXPECT_NEAR(v[0],
              -std::pow(0.98, 0.25) * std::pow(0.93, 0.25) * std::pow(3.16, 0.5),
              kHandComputedTol);
}

TEST(BandCenterTest, MullikenLi2O) {
  ASSERT_OK_AND_ASSIGN(const std::vector<double> v,
                       ComputeOne("band_center", {{"formula", "mulliken"}}, cf::Li2OComposition()));
  // chi = (IE1 [eV] + EA [kJ/mol] / 96.48) / 2: Li 5.391719, 59.6; O 13.61805, 141.
  double li = 0.5 * (5.391719 + 59.6 / 96.48), o = 0.5 * (13.61805 + 141 / 96.48);
  EXPECT_NEAR(v[0], std::pow(li, 2.0 / 3) * std::pow(o, 1.0 / 3),
              kHandComputedTol);
  EXPECT_NEAR(v[0], 4.0830941, 1e-7);
}

TEST(BandCenterTest, MissingDataNamesParameter) {
  auto d = Make("band_center", {{"formula", "mulliken"}, {"magpie_dir", "/nonexistent"}});
  EXPECT_THAT(d.status(), StatusIs(absl::StatusCode::kFailedPrecondition,
                                   ::testing::HasSubstr("magpie_dir")));
  EXPECT_THAT(Make("band_center", {{"formula", "bogus"}}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::HasSubstr("formula")));
}

TEST(BandCenterTest, NobleGasIsRecordError) {
  auto v = ComputeOne("band_center", {}, cf::CompositionCrystal("HeLi", {{{2, 1}}, {{3, 1}}}));
  EXPECT_THAT(v.status(), StatusIs(absl::StatusCode::kInvalidArgument,
                                   ::testing::HasSubstr("He")));
}

}  // namespace
}  // namespace ionscreen::descriptors::testing
