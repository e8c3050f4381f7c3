#include "lib/descriptors/cavd_free_sphere/cavd_free_sphere.h"

#include <cmath>

#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/crystal/crystal_util.h"

namespace ionscreen::descriptors {
namespace {

crystal::Crystal Cubic(double a, const std::vector<Eigen::Vector3d>& frac) {
  crystal::Crystal c;
  crystal::SetLattice(a * Eigen::Matrix3d::Identity(), &c);
  for (const auto& f : frac) {
    auto* s = c.add_sites();
    s->set_frac_x(f.x());
    s->set_frac_y(f.y());
    s->set_frac_z(f.z());
    auto* o = s->add_occupants();
    o->set_atomic_number(16);
    o->set_occupancy(1);
    o->set_oxidation_state(-2);
  }
  return c;
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

}  // namespace
}  // namespace ionscreen::descriptors
