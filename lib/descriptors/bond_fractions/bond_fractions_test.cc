#include "lib/descriptors/bond_fractions/bond_fractions.h"

#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"

namespace ionscreen::descriptors {
namespace {

crystal::Crystal RockSalt(int cation, int anion, double a) {
  crystal::Crystal c;
  c.set_id("rocksalt");
  crystal::SetLattice(a * Eigen::Matrix3d::Identity(), &c);
  const double pos[8][3] = {{0, 0, 0},     {0.5, 0.5, 0}, {0.5, 0, 0.5},
                            {0, 0.5, 0.5}, {0.5, 0, 0},   {0, 0.5, 0},
                            {0, 0, 0.5},   {0.5, 0.5, 0.5}};
  for (int i = 0; i < 8; ++i) {
    auto* s = c.add_sites();
    s->set_frac_x(pos[i][0]);
    s->set_frac_y(pos[i][1]);
    s->set_frac_z(pos[i][2]);
    auto* o = s->add_occupants();
    o->set_atomic_number(i < 4 ? cation : anion);
    o->set_occupancy(1);
  }
  return c;
}

TEST(BondFractionsTest, LabelsComeFromPrepareInMatminerOrder) {
  auto info = describe::FindDescriptor("bond_fractions");
  ASSERT_OK(info.status());
  auto d = (*info)->factory();
  ASSERT_OK(d->Configure({}));
  EXPECT_TRUE(d->NeedsPrepare());
  ASSERT_OK(d->Prepare({RockSalt(3, 9, 4.03), RockSalt(11, 17, 5.64)}));
  EXPECT_EQ(d->feature_labels(),
            (std::vector<std::string>{
                "bond_frac_Cl-Cl", "bond_frac_Cl-F", "bond_frac_Cl-Li",
                "bond_frac_Cl-Na", "bond_frac_F-F", "bond_frac_F-Li",
                "bond_frac_F-Na", "bond_frac_Li-Li", "bond_frac_Li-Na",
                "bond_frac_Na-Na"}));
  // Rock salt: only the 6 cation-anion faces per site carry weight.
  auto v = d->Compute(RockSalt(3, 9, 4.03));
  ASSERT_OK(v.status());
  EXPECT_NEAR((*v)[5], 1.0, 1e-12);  // F-Li
  double sum = 0;
  for (double x : *v) sum += x;
  EXPECT_NEAR(sum, 1.0, 1e-12);
}

TEST(BondFractionsTest, ElementsParameterFixesColumns) {
  auto d = (*describe::FindDescriptor("bond_fractions"))->factory();
  ASSERT_OK(d->Configure({{"elements", "Li,F"}}));
  EXPECT_FALSE(d->NeedsPrepare());
  EXPECT_EQ(d->dimension(), 3u);
  EXPECT_FALSE(d->Configure({{"elements", "Li,Xx"}}).ok());
}

}  // namespace
}  // namespace ionscreen::descriptors
