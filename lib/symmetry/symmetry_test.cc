#include "lib/symmetry/symmetry.h"

#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/crystal/crystal_util.h"

namespace ionscreen::symmetry {
namespace {

using ::ionscreen::testing::IsOk;
using ::ionscreen::testing::StatusIs;

crystal::Crystal RockSalt(double a, bool swap_one) {
  // Conventional NaCl cell written out in P 1 (8 sites).
  crystal::Crystal c;
  c.set_id("nacl");
  crystal::SetLattice(Eigen::Matrix3d::Identity() * a, &c);
  const double f[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  for (int k = 0; k < 2; ++k) {
    for (int i = 0; i < 4; ++i) {
      crystal::Site* s = c.add_sites();
      s->set_frac_x(f[i][0] + 0.5 * k);
      s->set_frac_y(f[i][1]);
      s->set_frac_z(f[i][2]);
      auto* o = s->add_occupants();
      int z = k == 0 ? 11 : 17;
      if (swap_one && k == 0 && i == 0) z = 19;  // one Na -> K breaks Fm-3m
      o->set_atomic_number(z);
      o->set_occupancy(1);
    }
  }
  return c;
}

TEST(SymmetryTest, RockSaltWrittenInP1IsFm3m) {
  absl::StatusOr<Symmetry> s = Analyze(RockSalt(5.64, false), 0.1);
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->number, 225);
  EXPECT_EQ(s->international, "Fm-3m");
  EXPECT_EQ(Label(*s), "Fm-3m (#225)");
  // Two orbits: the four Na and the four Cl sites.
  ASSERT_EQ(s->equivalent_atoms.size(), 8u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(s->equivalent_atoms[i], 0);
  for (int i = 4; i < 8; ++i) EXPECT_EQ(s->equivalent_atoms[i], 4);
}

TEST(SymmetryTest, ASubstitutionLowersTheSymmetry) {
  absl::StatusOr<Symmetry> s = Analyze(RockSalt(5.64, true), 0.1);
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->number, 221);  // Pm-3m: K at the corner, Na at face centres
}

TEST(SymmetryTest, ToleranceAbsorbsSmallDisplacements) {
  crystal::Crystal c = RockSalt(5.64, false);
  c.mutable_sites(1)->set_frac_x(0.5 + 0.02 / 5.64);  // 0.02 Å off
  EXPECT_EQ(Analyze(c, 0.1)->number, 225);
  EXPECT_NE(Analyze(c, 0.001)->number, 225);
}

TEST(SymmetryTest, NoSitesIsAnError) {
  crystal::Crystal c;
  c.set_id("empty");
  crystal::SetLattice(Eigen::Matrix3d::Identity(), &c);
  EXPECT_THAT(Analyze(c, 0.1), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace ionscreen::symmetry
