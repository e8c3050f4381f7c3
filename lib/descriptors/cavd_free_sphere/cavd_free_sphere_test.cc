#include "lib/descriptors/cavd_free_sphere/cavd_free_sphere.h"

#include <cmath>
#include <vector>

#include "lib/describe/descriptor_testing.h"

namespace ionscreen::descriptors::testing {
namespace {

using ::testing::DoubleEq;

// A cubic cell of edge a with S2- at each of `frac`.
crystal::Crystal Cubic(double a, const std::vector<Eigen::Vector3d>& frac) {
  std::vector<cf::Atom> atoms;
  for (const Eigen::Vector3d& f : frac) atoms.push_back({16, -2, f.x(), f.y(), f.z()});
  return cf::MakeCrystal(a * Eigen::Matrix3d::Identity(), atoms);
}

// Simple cubic framework: the cage centre holds a sphere of a√3/2 - r; the
// channels along the axes open through square windows of a/√2 - r, in all
// three directions at once.
TEST(CavdFreeSphereTest, SimpleCubicFramework) {
  const double a = 4.0, r = 1.2;
  auto res = FreeSpheres(Cubic(a, {{0, 0, 0}}), {r});
  ASSERT_OK(res.status());
  EXPECT_NEAR(res->included_radius_angstrom, a * std::sqrt(3.0) / 2 - r, 1e-9);
  for (int d = 0; d < 3; ++d) {
    EXPECT_NEAR(res->free_radius_angstrom[d], a / std::sqrt(2.0) - r, 1e-9);
  }
}

// Body-centred cubic framework: the largest cavity is the tetrahedral site
// (a/2, a/4, 0), a√5/4 from its four ions; neighbouring tetrahedral sites
// connect through the midpoint (3a/8, 3a/8, 0), 3√2a/8 from the ions, and
// that network is connected in all three directions.
TEST(CavdFreeSphereTest, BodyCenteredCubicFramework) {
  const double a = 4.0, r = 1.0;
  auto res = FreeSpheres(Cubic(a, {{0, 0, 0}, {0.5, 0.5, 0.5}}), {r, r});
  ASSERT_OK(res.status());
  EXPECT_NEAR(res->included_radius_angstrom, a * std::sqrt(5.0) / 4 - r, 1e-9);
  for (int d = 0; d < 3; ++d) {
    EXPECT_NEAR(res->free_radius_angstrom[d], 3 * std::sqrt(2.0) * a / 8 - r, 1e-9);
  }
}

TEST(CavdFreeSphereTest, MobileIonsAreRemoved) {
  crystal::Crystal c = Cubic(4.0, {{0, 0, 0}, {0.5, 0.5, 0.5}});
  auto* li = c.mutable_sites(1)->mutable_occupants(0);
  li->set_atomic_number(3);
  li->set_oxidation_state(1);
  FreeSphereOptions o;
  o.uniform_radius_angstrom = 1.2;
  auto res = CavdFreeSphere(c, o);
  ASSERT_OK(res.status());
  EXPECT_NEAR(res->included_radius_angstrom, 4.0 * std::sqrt(3.0) / 2 - 1.2, 1e-9);
}

// Shannon radii <= 0 become 0; positive ones are kept; an untabulated
// charge falls back to the atomic radius.
TEST(CavdFreeSphereTest, FrameworkIonRadius) {
  EXPECT_THAT(FrameworkIonRadius(6, 4, 3), IsOkAndHolds(DoubleEq(0.0)));    // -0.08
  EXPECT_THAT(FrameworkIonRadius(1, 1, 1), IsOkAndHolds(DoubleEq(0.0)));    // -0.38
  EXPECT_THAT(FrameworkIonRadius(1, 1, 2), IsOkAndHolds(DoubleEq(0.0)));    // -0.18
  EXPECT_THAT(FrameworkIonRadius(7, 5, 3), IsOkAndHolds(DoubleEq(0.0)));    // -0.104
  EXPECT_THAT(FrameworkIonRadius(6, 4, 4), IsOkAndHolds(DoubleEq(0.15)));
  EXPECT_THAT(FrameworkIonRadius(8, -2, 6), IsOkAndHolds(DoubleEq(1.40)));
  EXPECT_THAT(FrameworkIonRadius(13, 4, 4), IsOkAndHolds(DoubleEq(1.25)));  // Al4+
  EXPECT_FALSE(FrameworkIonRadius(0, 1, 6).ok());
}

// Li2CO3-like toy: a planar carbonate (C-O 1.28 Å) and Li in a triclinic
// cell. Shannon gives three-fold C4+ -0.08 Å, which used to fail the record
// ("no radius for C"); at radius 0 the carbon lies inside its oxygens'
// spheres, its power cell is empty, and the result equals that of the
// framework without it.
TEST(CavdFreeSphereTest, CarbonateCentreIsAPoint) {
  Eigen::Matrix3d rows;
  rows << 5.3, 0, 0, 0.4, 5.6, 0, -0.7, 0.3, 6.1;
  const Eigen::Vector3d centre(1.0, 1.2, 1.5);
  std::vector<cf::Atom> atoms;
  auto add = [&](int z, double q, const Eigen::Vector3d& cart) {
    const Eigen::Vector3d f = rows.transpose().inverse() * cart;
    atoms.push_back({z, q, f.x(), f.y(), f.z()});
  };
  add(6, 4, centre);
  for (int k = 0; k < 3; ++k) {
    const double phi = 2 * 3.14159265358979323846 * k / 3 + 0.3;
    add(8, -2, centre + 1.28 * Eigen::Vector3d(std::cos(phi), std::sin(phi), 0));
  }
  add(3, 1, {3.4, 3.9, 4.2});
  add(3, 1, {3.6, 1.1, 4.0});
  crystal::Crystal c = cf::MakeCrystal(rows, atoms);
  c.set_id("toy-carbonate");
  auto res = CavdFreeSphere(c, FreeSphereOptions());
  ASSERT_OK(res.status());

  // The network with the carbon as a point equals the oxygens' alone.
  crystal::Crystal framework;
  *framework.mutable_lattice() = c.lattice();
  for (int i : {0, 1, 2, 3}) *framework.add_sites() = c.sites(i);
  auto with_c = FreeSpheres(framework, {0.0, 1.35, 1.35, 1.35});
  framework.mutable_sites()->DeleteSubrange(0, 1);
  auto without_c = FreeSpheres(framework, {1.35, 1.35, 1.35});
  ASSERT_OK(with_c.status());
  ASSERT_OK(without_c.status());
  EXPECT_NEAR(with_c->included_radius_angstrom,
              without_c->included_radius_angstrom, 1e-9);
  for (int d = 0; d < 3; ++d) {
    EXPECT_NEAR(with_c->free_radius_angstrom[d],
                without_c->free_radius_angstrom[d], 1e-9);
  }
  EXPECT_GT(res->included_radius_angstrom, 0);
}

}  // namespace
}  // namespace ionscreen::descriptors::testing
