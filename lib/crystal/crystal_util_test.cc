#include "lib/crystal/crystal_util.h"

#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"

namespace ionscreen::crystal {
namespace {

Crystal RockSaltLiF() {
  Crystal c;
  SetLattice(Eigen::Matrix3d::Identity() * 4.03, &c);
  const double li[4][3] = {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}};
  for (int i = 0; i < 4; ++i) {
    for (int z : {3, 9}) {
      Site* s = c.add_sites();
      double shift = z == 9 ? 0.5 : 0.0;
      s->set_frac_x(std::fmod(li[i][0] + shift, 1.0));
      s->set_frac_y(li[i][1]);
      s->set_frac_z(li[i][2]);
      Occupant* o = s->add_occupants();
      o->set_atomic_number(z);
      o->set_occupancy(1.0);
    }
  }
  return c;
}

TEST(CrystalUtilTest, VolumeDensityFormula) {
  Crystal c = RockSaltLiF();
  EXPECT_NEAR(VolumeAngstrom3(c), 4.03 * 4.03 * 4.03, 1e-9);
  EXPECT_NEAR(NumAtoms(c), 8, 1e-12);
  // 4 LiF (25.939 g/mol) in 65.45 Å^3 -> 2.632 g/cm^3.
  EXPECT_NEAR(DensityGramPerCm3(c), 4 * (6.941 + 18.9984032) / 6.02214076e23 /
                                        (4.03 * 4.03 * 4.03 * 1e-24),
              1e-9);
  EXPECT_EQ(ReducedFormula(Composition(c)), "LiF");
  EXPECT_FALSE(IsDisordered(c));
  EXPECT_OK(Validate(c));
}

TEST(CrystalUtilTest, FormulasMatchPymatgenConventions) {
  EXPECT_EQ(ReducedFormula({{3, 12}, {15, 4}, {16, 16}}), "Li3PS4");
  EXPECT_EQ(ReducedFormula({{3, 4}, {26, 4}, {15, 4}, {8, 16}}), "LiFePO4");
  EXPECT_EQ(ReducedFormula({{3, 2}, {8, 2}}), "Li2O2");
  EXPECT_EQ(ReducedFormula({{3, 0.5}, {57, 0.5}, {22, 1}, {8, 3}}),
            "Li0.5La0.5Ti1O3");
  EXPECT_EQ(ReducedFormula({{3, 2}, {6, 1}, {8, 3}}), "Li2CO3");
  EXPECT_EQ(ReducedFormula({{3, 4}, {6, 4}, {8, 12}}), "LiCO3");
  EXPECT_EQ(ReducedFormula({{1, 4}, {7, 2}, {8, 6}}), "H2NO3");
}

TEST(CrystalUtilTest, LatticeFromParametersHexagonal) {
  Eigen::Matrix3d m = LatticeFromParameters(3, 3, 5, 90, 90, 120);
  Crystal c;
  SetLattice(m, &c);
  EXPECT_NEAR(VolumeAngstrom3(c), 3 * 3 * 5 * std::sqrt(3) / 2, 1e-9);
  EXPECT_NEAR(m.row(0).norm(), 3, 1e-12);
  EXPECT_NEAR(m.row(1).norm(), 3, 1e-12);
  EXPECT_NEAR(m.row(2).norm(), 5, 1e-12);
}

TEST(CrystalUtilTest, ValidateRejectsBadCells) {
  Crystal c = RockSaltLiF();
  Crystal flat = c;
  SetLattice(Eigen::Matrix3d::Zero(), &flat);
  EXPECT_THAT(Validate(flat),
              ::ionscreen::testing::StatusIs(absl::StatusCode::kInvalidArgument));
  Crystal empty = c;
  empty.clear_sites();
  EXPECT_FALSE(Validate(empty).ok());
  Crystal disordered = c;
  disordered.mutable_sites(0)->mutable_occupants(0)->set_occupancy(0.5);
  EXPECT_TRUE(IsDisordered(disordered));
}

}  // namespace
}  // namespace ionscreen::crystal
