#include "lib/crystal/crystal_util.h"

#include <cmath>
#include <functional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/crystal/testing/fixtures.h"

namespace ionscreen::crystal {
namespace {

using ::ionscreen::crystal::fixtures::RockSaltLiF;

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

// Issue 16: every hostile value a hand-edited stream can hold is refused.
TEST(CrystalUtilTest, ValidateCrystalRefusesHostileRecords) {
  using ::ionscreen::testing::StatusIs;
  using ::testing::HasSubstr;
  const Crystal good = RockSaltLiF();
  const ValidationLimits limits;
  EXPECT_OK(ValidateCrystal(good, limits));
  // A copy of `good` changed by `change` is refused with `reason`.
  auto expect_bad = [&](const std::function<void(Crystal&)>& change,
                        const std::string& reason) {
    Crystal c = good;
    change(c);
    EXPECT_THAT(ValidateCrystal(c, limits),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(reason)))
        << reason;
  };
  auto occupant = [](Crystal& c, int site) { return c.mutable_sites(site)->mutable_occupants(0); };
  expect_bad([&](Crystal& c) { occupant(c, 3)->set_atomic_number(0); }, "unknown element Z=0");
  expect_bad([&](Crystal& c) { occupant(c, 3)->set_atomic_number(104); }, "unknown element Z=104");
  expect_bad([](Crystal& c) { c.mutable_sites(1)->set_frac_y(std::nan("")); }, "not finite");
  expect_bad([](Crystal& c) { c.mutable_sites(1)->set_frac_y(1e300); }, "far outside the cell");
  expect_bad([](Crystal& c) { c.mutable_lattice()->set_a_angstrom(0, INFINITY); },
             "lattice is not finite");
  expect_bad([](Crystal& c) { c.mutable_lattice()->add_a_angstrom(1.0); }, "three 3-vectors");
  for (double occupancy : {0.0, 1.5, -HUGE_VAL}) {
    expect_bad([&](Crystal& c) { occupant(c, 0)->set_occupancy(occupancy); }, "not in (0, 1]");
  }
  expect_bad([&](Crystal& c) { occupant(c, 0)->set_oxidation_state(NAN); }, "oxidation state");
  expect_bad([](Crystal& c) { c.mutable_sites(0)->clear_occupants(); }, "no occupants");
  expect_bad([](Crystal& c) { SetLattice(LatticeMatrix(c) * 1e3, &c); },  // 6.5e10 Å³
             "--max_volume_angstrom3");
  expect_bad(
      [](Crystal& c) {
        Eigen::Matrix3d thin = LatticeMatrix(c);
        thin.row(2) *= 0.01;  // planes 0.04 Å apart
        SetLattice(thin, &c);
      },
      "too thin");
  auto too_many_sites = [&](Crystal& c) {
    while (c.sites_size() <= limits.max_sites) *c.add_sites() = good.sites(0);
    SetLattice(LatticeMatrix(good) * 20, &c);
  };
  expect_bad(too_many_sites, "--max_sites");
  Crystal c = good;
  too_many_sites(c);
  ValidationLimits raised;
  raised.max_sites = c.sites_size();
  EXPECT_OK(ValidateCrystal(c, raised));
}

TEST(CrystalUtilTest, DefaultLimitsCanBeRaised) {
  Crystal c = RockSaltLiF();
  const ValidationLimits saved = DefaultValidationLimits();
  ValidationLimits low;
  low.max_sites = 4;
  SetDefaultValidationLimits(low);
  EXPECT_FALSE(Validate(c).ok());
  SetDefaultValidationLimits(saved);
  EXPECT_OK(Validate(c));
}

}  // namespace
}  // namespace ionscreen::crystal
