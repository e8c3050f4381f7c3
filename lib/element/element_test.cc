#include "lib/element/element.h"

#include <cmath>

#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"

namespace ionscreen::element {
namespace {

TEST(ElementTest, Lithium) {
  auto li = BySymbol("Li");
  ASSERT_OK(li.status());
  EXPECT_EQ((*li)->atomic_number, 3);
  EXPECT_NEAR((*li)->mass_amu, 6.941, 1e-9);
  EXPECT_NEAR((*li)->pauling_electronegativity, 0.98, 1e-9);
  EXPECT_EQ((*li)->row, 2);
  EXPECT_EQ((*li)->group, 1);
  EXPECT_EQ((*li)->block, 's');
  EXPECT_EQ((*li)->valence_s, 1);
  auto r = FindShannonRadius(3, 1, 6);
  ASSERT_TRUE(r.has_value());
  EXPECT_NEAR(r->ionic_radius_angstrom, 0.76, 1e-9);
}

TEST(ElementTest, TransitionMetalsAndBlocks) {
  const Element& fe = Get(26);
  EXPECT_STREQ(fe.symbol, "Fe");
  EXPECT_EQ(fe.group, 8);
  EXPECT_EQ(fe.block, 'd');
  EXPECT_EQ(fe.valence_d, 6);
  EXPECT_EQ(fe.valence_s, 2);
  EXPECT_EQ(Get(8).group, 16);
  EXPECT_EQ(Get(8).block, 'p');
  EXPECT_EQ(Get(8).valence_p, 4);
  EXPECT_EQ(Get(58).block, 'f');   // Ce
  EXPECT_EQ(Get(72).valence_f, 14);  // Hf: 4f14 counts (Magpie)
  EXPECT_TRUE(std::isnan(Get(2).pauling_electronegativity));
}

TEST(ElementTest, UnknownElementsAreErrors) {
  EXPECT_FALSE(BySymbol("Xx").ok());
  EXPECT_FALSE(ByAtomicNumber(0).ok());
  EXPECT_FALSE(ByAtomicNumber(104).ok());
}

// Get is checked: an atomic number from a hostile stream reads the sentinel,
// never outside the table (issue 16).
TEST(ElementTest, GetOutOfRangeReturnsTheUnknownSentinel) {
  for (int z : {0, -1, 104, 1 << 30, -(1 << 30)}) {
    const Element& e = Get(z);
    EXPECT_EQ(&e, &UnknownElement()) << z;
    EXPECT_EQ(e.atomic_number, 0);
    EXPECT_STREQ(e.symbol, "X");
    EXPECT_TRUE(std::isnan(e.mass_amu));
    EXPECT_TRUE(e.shannon_radii.empty());
  }
  EXPECT_FALSE(FindShannonRadius(0, 1, 6).has_value());
}

TEST(ElementTest, EveryElementHasSymbolAndMass) {
  for (int z = 1; z <= kMaxAtomicNumber; ++z) {
    auto e = ByAtomicNumber(z);
    ASSERT_OK(e.status());
    EXPECT_EQ((*e)->atomic_number, z);
    EXPECT_GT((*e)->mass_amu, 0) << z;
    EXPECT_EQ(BySymbol((*e)->symbol).value()->atomic_number, z);
  }
}

}  // namespace
}  // namespace ionscreen::element
