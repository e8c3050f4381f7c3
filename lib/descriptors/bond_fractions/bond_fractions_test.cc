#include "lib/descriptors/bond_fractions/bond_fractions.h"

#include <string>
#include <vector>

#include "lib/describe/descriptor.h"
#include "lib/describe/descriptor_testing.h"

namespace ionscreen::descriptors::testing {
namespace {

TEST(BondFractionsTest, LabelsComeFromPrepareInMatminerOrder) {
  auto info = describe::FindDescriptor("bond_fractions");
  ASSERT_OK(info.status());
  auto d = (*info)->factory();
  ASSERT_OK(d->Configure({}));
  EXPECT_TRUE(d->NeedsPrepare());
  ASSERT_OK(d->Prepare({cf::RockSalt(3, 9, 4.03), cf::RockSalt(11, 17, 5.64)}));
  EXPECT_EQ(d->feature_labels(),
            (std::vector<std::string>{
                "bond_frac_Cl-Cl", "bond_frac_Cl-F", "bond_frac_Cl-Li",
                "bond_frac_Cl-Na", "bond_frac_F-F", "bond_frac_F-Li",
                "bond_frac_F-Na", "bond_frac_Li-Li", "bond_frac_Li-Na",
                "bond_frac_Na-Na"}));
  // Rock salt: only the 6 cation-anion faces per site carry weight.
  auto v = d->Compute(cf::RockSalt(3, 9, 4.03));
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
}  // namespace ionscreen::descriptors::testing
