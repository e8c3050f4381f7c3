#include "lib/crystal/testing/fixtures.h"

#include <cmath>

#include "gtest/gtest.h"
#include "lib/crystal/crystal_util.h"

namespace ionscreen::crystal::fixtures {
namespace {

// Each operation keeps the composition per volume, the distances (checked
// through the volume and the Cartesian norm of a site) and the site count.
TEST(FixturesTest, OperationsKeepTheStructure) {
  const Crystal c = TriclinicLi3PS4();
  const double v = VolumeAngstrom3(c);
  EXPECT_NEAR(VolumeAngstrom3(Rotate(c, SomeRotation())), v, 1e-9);
  EXPECT_NEAR(CartesianPosition(Rotate(c, SomeRotation()), c.sites(3)).norm(),
              CartesianPosition(c, c.sites(3)).norm(), 1e-9);
  EXPECT_EQ(Permute(c).sites_size(), c.sites_size());
  EXPECT_EQ(Permute(c).sites(0).label(), "s5");
  EXPECT_EQ(Reverse(c).sites(0).label(), "s7");
  std::vector<int> order;
  const Crystal shuffled = Shuffle(c, 7, &order);
  ASSERT_EQ(order.size(), 8u);
  EXPECT_EQ(shuffled.sites(0).label(), c.sites(order[0]).label());
  const Crystal t = Translate(c, {0.5, -0.7, 1.25});
  for (const Site& s : t.sites()) {
    EXPECT_GE(s.frac_y(), 0);
    EXPECT_LT(s.frac_y(), 1);
  }
  EXPECT_NEAR(Translate(c, {0.5, -0.7, 1.25}, false).sites(0).frac_z(),
              c.sites(0).frac_z() + 1.25, 1e-15);
}

TEST(FixturesTest, SupercellsHoldEveryImageOnce) {
  const Crystal c = DistortedLiNaCl();
  EXPECT_EQ(Supercell(c, 2, 1, 3).sites_size(), 6 * c.sites_size());
  Eigen::Matrix3i unimodular;
  unimodular << 1, 0, 0, 1, 1, 0, 0, -1, 1;
  const Crystal skew = Supercell(c, unimodular);
  EXPECT_EQ(skew.sites_size(), c.sites_size());
  EXPECT_NEAR(VolumeAngstrom3(skew), VolumeAngstrom3(c), 1e-9);
  Eigen::Matrix3i m;
  m << 2, 0, 0, 0, 1, 0, 0, 1, 1;
  EXPECT_EQ(Supercell(c, m).sites_size(), 2 * c.sites_size());
  EXPECT_NEAR(VolumeAngstrom3(Supercell(c, m)), 2 * VolumeAngstrom3(c), 1e-9);
}

// Rock salt: cations on sites 0-3, each anion (sites 4-7) half a cell edge
// away along a; every cation-anion nearest distance is a/2.
TEST(FixturesTest, RockSaltLayout) {
  const Crystal c = RockSalt(11, 1, 17, -1, 5.64);
  EXPECT_EQ(c.id(), "rocksalt");
  ASSERT_EQ(c.sites_size(), 8);
  EXPECT_NEAR(VolumeAngstrom3(c), std::pow(5.64, 3), 1e-9);
  for (int i = 0; i < 8; ++i) {
    const Occupant& o = c.sites(i).occupants(0);
    EXPECT_EQ(c.sites(i).label(), i < 4 ? "M" : "X");
    EXPECT_EQ(o.atomic_number(), i < 4 ? 11 : 17);
    EXPECT_EQ(o.occupancy(), 1);
    EXPECT_EQ(o.oxidation_state(), i < 4 ? 1 : -1);
  }
  for (int i = 0; i < 4; ++i) {
    const Eigen::Vector3d d =
        CartesianPosition(c, c.sites(i + 4)) - CartesianPosition(c, c.sites(i));
    EXPECT_NEAR(std::abs(d.x()), 5.64 / 2, 1e-12) << i;
    EXPECT_NEAR(d.y(), 0, 1e-12) << i;
    EXPECT_NEAR(d.z(), 0, 1e-12) << i;
  }
  EXPECT_FALSE(RockSalt(3, 9, 4.03).sites(0).occupants(0).has_oxidation_state());
}

}  // namespace
}  // namespace ionscreen::crystal::fixtures
