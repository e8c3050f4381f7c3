#include "lib/symmetry/symmetry.h"

#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/crystal/crystal_util.h"
#include "lib/crystal/testing/fixtures.h"

namespace ionscreen::symmetry {
namespace {

using ::ionscreen::testing::IsOk;
using ::ionscreen::testing::StatusIs;

// Conventional NaCl cell written out in P 1 (8 sites: Na 0-3, Cl 4-7).
crystal::Crystal NaCl() { return crystal::fixtures::RockSalt(11, 17, 5.64); }

TEST(SymmetryTest, RockSaltWrittenInP1IsFm3m) {
  absl::StatusOr<Symmetry> s = Analyze(NaCl(), 0.1);
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
  crystal::Crystal c = NaCl();
  c.mutable_sites(0)->mutable_occupants(0)->set_atomic_number(19);  // Na -> K
  absl::StatusOr<Symmetry> s = Analyze(c, 0.1);
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->number, 221);  // Pm-3m: K at the corner, Na at face centres
}

TEST(SymmetryTest, ToleranceAbsorbsSmallDisplacements) {
  crystal::Crystal c = NaCl();
  c.mutable_sites(1)->set_frac_x(c.sites(1).frac_x() + 0.02 / 5.64);  // 0.02 Å off
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
