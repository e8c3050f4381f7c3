// structural_complexity on a supercell: the information entropy per atom is
// intensive, the bits per cell double with a 2x1x1 supercell (the reason it
// declares Intensive() false; lib/describe/contract_test checks the rest of
// the contract: rotation, translation, permutation, change of basis).
#include <cmath>
#include <vector>

#include "lib/describe/descriptor_testing.h"

namespace ionscreen::descriptors::testing {
namespace {

TEST(StructuralComplexityTest, SupercellKeepsEntropyAndDoublesBitsPerCell) {
  auto d = MustMake("structural_complexity");
  EXPECT_FALSE(d->Intensive());
  const crystal::Crystal base = cf::DistortedLiNaCl();
  ASSERT_OK_AND_ASSIGN(std::vector<double> a, d->Compute(base));
  ASSERT_OK_AND_ASSIGN(std::vector<double> b,
                       d->Compute(cf::Supercell(base, 2, 1, 1)));
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_NEAR(a[0], b[0], 1e-8 * (1 + std::abs(b[0])));
  EXPECT_NEAR(2 * a[1], b[1], 1e-8 * (1 + std::abs(b[1])));
}

}  // namespace
}  // namespace ionscreen::descriptors::testing
