#include <cmath>
#include "lib/simplify/simplify.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/crystal/crystal_util.h"
#include "lib/crystal/testing/fixtures.h"

namespace ionscreen::simplify {
namespace {

using ::ionscreen::crystal::fixtures::AddSite;
using ::ionscreen::testing::StatusIs;
using ::testing::HasSubstr;

// Triclinic cell with every category: Li (mobile), P5+ and Zr4+ (cations),
// S2- and F- (anions), a neutral Ge0, and a mixed Li/Zr site.
crystal::Crystal Sample() {
  crystal::Crystal c;
  c.set_id("sample-1");
  c.set_mp_id("mp-0");
  c.mutable_space_group()->set_hermann_mauguin("P1");
  Eigen::Matrix3d l;
  l << 6.1, 0, 0, 0.4, 7.3, 0, -0.5, 0.7, 8.2;
  crystal::SetLattice(l, &c);
  AddSite(&c, "Li1", {0.1, 0.2, 0.3}, {{3, 1.0, 1}});
  AddSite(&c, "Li2", {0.6, 0.2, 0.3}, {{3, 0.75, 1}});
  AddSite(&c, "P1", {0.5, 0.5, 0.5}, {{15, 1.0, 5}});
  AddSite(&c, "S1", {0.3, 0.6, 0.1}, {{16, 1.0, -2}});
  AddSite(&c, "S2", {0.8, 0.1, 0.9}, {{16, 1.0, -2}, });
  AddSite(&c, "F1", {0.2, 0.9, 0.7}, {{9, 0.5, -1}});
  AddSite(&c, "Ge1", {0.9, 0.4, 0.2}, {{32, 1.0, 0}});
  AddSite(&c, "M1", {0.4, 0.8, 0.6}, {{3, 0.5, 1}, {40, 0.25, 4}, {15, 0.25, 5}});
  return c;
}

crystal::Crystal Apply(const crystal::Crystal& c, const std::string& name) {
  absl::StatusOr<Representation> rep = ParseRepresentation(name);
  EXPECT_OK(rep);
  absl::StatusOr<crystal::Crystal> out = Simplify(c, *rep);
  EXPECT_OK(out);
  return out.ok() ? *out : crystal::Crystal();
}

std::vector<int> Species(const crystal::Site& s) {
  std::vector<int> z;
  for (const auto& o : s.occupants()) z.push_back(o.atomic_number());
  return z;
}

TEST(ParseTest, AllNamesParse) {
  for (const std::string& n : AllRepresentationNames()) {
    EXPECT_OK(ParseRepresentation(n));
  }
  EXPECT_EQ(AllRepresentationNames().size(), 9u);
  EXPECT_THAT(ParseRepresentation("CA"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseRepresentation("CAN-41"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(SimplifyTest, NoneIsTheOriginal) {
  crystal::Crystal c = Sample();
  crystal::Crystal out = Apply(c, "none");
  EXPECT_EQ(out.representation(), "none");
  out.clear_representation();
  EXPECT_EQ(out.SerializeAsString(), c.SerializeAsString());
}

TEST(SimplifyTest, CamnKeepsAllSitesAndReplacesSpeciesExactly) {
  crystal::Crystal c = Sample();
  crystal::Crystal out = Apply(c, "CAMN");
  ASSERT_EQ(out.sites_size(), c.sites_size());
  EXPECT_EQ(out.id(), "sample-1");
  EXPECT_EQ(out.mp_id(), "mp-0");
  EXPECT_EQ(out.representation(), "CAMN");
  EXPECT_FALSE(out.has_space_group());
  const std::vector<std::vector<int>> want = {
      {3}, {3}, {13}, {16}, {16}, {16}, {12}, {3, 13}};
  for (int i = 0; i < c.sites_size(); ++i) {
    EXPECT_EQ(Species(out.sites(i)), want[i]) << "site " << i;
    EXPECT_EQ(out.sites(i).frac_x(), c.sites(i).frac_x());
    EXPECT_EQ(out.sites(i).frac_y(), c.sites(i).frac_y());
    EXPECT_EQ(out.sites(i).frac_z(), c.sites(i).frac_z());
  }
  // Mixed site: Zr4+ 0.25 and P5+ 0.25 merge into Al 0.5 with state 4.5.
  const crystal::Site& m = out.sites(7);
  EXPECT_DOUBLE_EQ(m.occupants(0).occupancy(), 0.5);
  EXPECT_DOUBLE_EQ(m.occupants(1).occupancy(), 0.5);
  EXPECT_DOUBLE_EQ(m.occupants(1).oxidation_state(), 4.5);
  EXPECT_EQ(crystal::LatticeMatrix(out), crystal::LatticeMatrix(c));
}

TEST(SimplifyTest, CanIsCamnMinusMobile) {
  crystal::Crystal c = Sample();
  crystal::Crystal camn = Apply(c, "CAMN");
  crystal::Crystal can = Apply(c, "CAN");
  int k = 0;
  for (const crystal::Site& s : camn.sites()) {
    crystal::Site without = s;
    without.clear_occupants();
    for (const auto& o : s.occupants()) {
      if (o.atomic_number() != 3) *without.add_occupants() = o;
    }
    if (without.occupants_size() == 0) continue;
    ASSERT_LT(k, can.sites_size());
    EXPECT_EQ(can.sites(k).SerializeAsString(), without.SerializeAsString());
    ++k;
  }
  EXPECT_EQ(k, can.sites_size());
  EXPECT_EQ(can.sites_size(), 6);  // two pure Li sites gone, mixed site stays
}

TEST(SimplifyTest, AmAndAKeepOnlyWhatTheyName) {
  crystal::Crystal c = Sample();
  crystal::Crystal am = Apply(c, "AM");
  for (const auto& s : am.sites()) {
    for (const auto& o : s.occupants()) {
      EXPECT_TRUE(o.atomic_number() == 3 || o.atomic_number() == 16);
    }
  }
  EXPECT_EQ(am.sites_size(), 6);  // Li1, Li2, S1, S2, F1, mixed (Li 0.5)
  EXPECT_DOUBLE_EQ(am.sites(5).occupants(0).occupancy(), 0.5);
  crystal::Crystal a = Apply(c, "A");
  ASSERT_EQ(a.sites_size(), 3);
  for (const auto& s : a.sites()) EXPECT_EQ(Species(s), std::vector<int>{16});
  EXPECT_DOUBLE_EQ(a.sites(2).occupants(0).occupancy(), 0.5);  // F 0.5
  EXPECT_EQ(a.reduced_formula(), crystal::ReducedFormula(crystal::Composition(a)));
}

TEST(SimplifyTest, Minus40ScalesToVolumePerAnionAndNeutral) {
  crystal::Crystal c = Sample();
  const double anions_neutrals = 1 + 1 + 0.5 + 1;  // S, S, F0.5, Ge0
  for (const std::string name : {"CAMN-40", "CAN-40", "AM-40", "A-40", "none-40"}) {
    crystal::Crystal out = Apply(c, name);
    EXPECT_NEAR(crystal::VolumeAngstrom3(out), 40 * anions_neutrals, 1e-9) << name;
    // Isotropic: lattice proportional to the original.
    const Eigen::Matrix3d ratio =
        crystal::LatticeMatrix(out).cwiseQuotient(crystal::LatticeMatrix(c));
    const double f = ratio(0, 0);
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < 3; ++j) {
        if (crystal::LatticeMatrix(c)(i, j) != 0) {
          EXPECT_NEAR(ratio(i, j), f, 1e-12);
        }
      }
    }
    crystal::Crystal unscaled = Apply(c, name.substr(0, name.size() - 3));
    ASSERT_EQ(out.sites_size(), unscaled.sites_size());
    for (int i = 0; i < out.sites_size(); ++i) {
      EXPECT_EQ(out.sites(i).SerializeAsString(), unscaled.sites(i).SerializeAsString());
    }
  }
  Options o;
  o.volume_per_anion_angstrom3 = 25;
  auto rep = ParseRepresentation("CAN-40");
  auto out = Simplify(c, *rep, o);
  ASSERT_OK(out);
  EXPECT_NEAR(crystal::VolumeAngstrom3(*out), 25 * anions_neutrals, 1e-9);
}

TEST(SimplifyTest, OtherMobileIon) {
  crystal::Crystal c = Sample();
  c.mutable_sites(0)->mutable_occupants(0)->set_atomic_number(11);  // Na+
  Options o;
  o.mobile_atomic_number = 11;
  auto out = Simplify(c, *ParseRepresentation("CAN"), o);
  ASSERT_OK(out);
  // Na removed; Li is now an ordinary cation -> Al.
  EXPECT_EQ(Species(out->sites(0)), std::vector<int>{13});
}

TEST(SimplifyTest, MissingOxidationStateNamesRecord) {
  crystal::Crystal c = Sample();
  c.mutable_sites(3)->mutable_occupants(0)->clear_oxidation_state();
  EXPECT_THAT(Simplify(c, *ParseRepresentation("CAN")),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("sample-1: site 3 (S1) S has no oxidation state")));
  EXPECT_OK(Simplify(c, *ParseRepresentation("none")));
}

// Li+ and Al3+, no anion and no neutral atom.
crystal::Crystal Alloy() {
  crystal::Crystal c;
  c.set_id("alloy");
  crystal::SetLattice(Eigen::Matrix3d::Identity() * 3, &c);
  AddSite(&c, "Li", {0, 0, 0}, {{3, 1, 1}});
  AddSite(&c, "Al", {.5, .5, .5}, {{13, 1, 3}});
  return c;
}

TEST(SimplifyTest, NothingToScaleBy) {
  const crystal::Crystal c = Alloy();
  EXPECT_THAT(Simplify(c, *ParseRepresentation("CAMN-40")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("alloy")));
}

// cif2proto --unbalanced=zero output: every state 0 (here Li, Mg, Sb).
crystal::Crystal AllZero() {
  crystal::Crystal c;
  c.set_id("zero-1");
  c.set_oxidation_tier(crystal::OXIDATION_UNBALANCED_ZERO);
  crystal::SetLattice(Eigen::Matrix3d::Identity() * 4, &c);
  AddSite(&c, "Li1", {0, 0, 0}, {{3, 1, 0}});
  AddSite(&c, "Mg1", {.5, .5, 0}, {{12, 1, 0}});
  AddSite(&c, "Sb1", {.5, 0, .5}, {{51, 1, 0}});
  AddSite(&c, "M1", {0, .5, .5}, {{3, 0.5, 0}, {12, 0.5, 0}});
  return c;
}

TEST(SimplifyTest, AllZeroStatesAreNeutralsWithLiKept) {
  const crystal::Crystal c = AllZero();
  crystal::Crystal camn = Apply(c, "CAMN");
  ASSERT_EQ(camn.sites_size(), 4);
  EXPECT_EQ(Species(camn.sites(0)), std::vector<int>{3});
  EXPECT_EQ(Species(camn.sites(1)), std::vector<int>{12});
  EXPECT_EQ(Species(camn.sites(2)), std::vector<int>{12});
  EXPECT_EQ(Species(camn.sites(3)), (std::vector<int>{3, 12}));
  crystal::Crystal can = Apply(c, "CAN");
  ASSERT_EQ(can.sites_size(), 3);
  for (const auto& s : can.sites()) EXPECT_EQ(Species(s), std::vector<int>{12});
  crystal::Crystal am = Apply(c, "AM");
  ASSERT_EQ(am.sites_size(), 2);
  for (const auto& s : am.sites()) EXPECT_EQ(Species(s), std::vector<int>{3});
}

// Issue 18: all-zero states are refused unless the tier says they are meant.
TEST(SimplifyTest, AllNeutralNeedsATierThatMeansIt) {
  crystal::Crystal c = AllZero();
  for (crystal::OxidationTier tier :
       {crystal::OXIDATION_FROM_CIF, crystal::OXIDATION_UNSET,
        crystal::OXIDATION_FIXED_TABLE}) {
    c.set_oxidation_tier(tier);
    for (const char* name : {"none", "CAMN", "A-40"}) {
      EXPECT_THAT(
          Simplify(c, *ParseRepresentation(name)).status(),
          StatusIs(absl::StatusCode::kFailedPrecondition,
                   HasSubstr(absl::StrCat(
                       "zero-1: every oxidation state is 0 (oxidation tier ",
                       crystal::OxidationTier_Name(tier), ")"))))
          << name;
    }
  }
  for (crystal::OxidationTier tier :
       {crystal::OXIDATION_UNBALANCED_ZERO, crystal::OXIDATION_ELEMENT}) {
    c.set_oxidation_tier(tier);
    EXPECT_TRUE(Simplify(c, *ParseRepresentation("CAMN")).ok());
  }
  // One charged occupant is enough; no states at all is a different error
  // (or fine for "none").
  crystal::Crystal one = AllZero();
  one.set_oxidation_tier(crystal::OXIDATION_FROM_CIF);
  one.mutable_sites(2)->mutable_occupants(0)->set_oxidation_state(-3);
  EXPECT_TRUE(CheckNotNeutral(one).ok());
  crystal::Crystal none = AllZero();
  none.set_oxidation_tier(crystal::OXIDATION_UNSET);
  for (auto& s : *none.mutable_sites())
    for (auto& o : *s.mutable_occupants()) o.clear_oxidation_state();
  EXPECT_TRUE(Simplify(none, *ParseRepresentation("none")).ok());
}

TEST(SimplifyTest, NothingKeptTreatsNeutralsAsAnionsAsThePaper) {
  // A keeps only anions; with none, the neutrals become S (paper's code).
  const crystal::Crystal c = AllZero();
  crystal::Crystal a = Apply(c, "A");
  ASSERT_EQ(a.sites_size(), 3);  // Mg1, Sb1, M1 (its Mg half)
  for (const auto& s : a.sites()) EXPECT_EQ(Species(s), std::vector<int>{16});
  EXPECT_EQ(a.sites(0).label(), "Mg1");
  EXPECT_DOUBLE_EQ(a.sites(2).occupants(0).occupancy(), 0.5);
  EXPECT_EQ(a.sites(2).occupants(0).oxidation_state(), 0);
  EXPECT_EQ(a.reduced_formula(), crystal::ReducedFormula(crystal::Composition(a)));
  // -40 counts anions + neutrals of the original: Mg, Sb, Mg 0.5.
  crystal::Crystal a40 = Apply(c, "A-40");
  EXPECT_NEAR(crystal::VolumeAngstrom3(a40), 40 * 2.5, 1e-9);
  EXPECT_NEAR(crystal::VolumeAngstrom3(Apply(c, "CAMN-40")), 40 * 2.5, 1e-9);
}

TEST(SimplifyTest, NothingKeptFallsBackToMobileThenCations) {
  crystal::Crystal c = Alloy();
  crystal::Crystal a = Apply(c, "A");  // no neutrals: Li -> S, Al dropped
  ASSERT_EQ(a.sites_size(), 1);
  EXPECT_EQ(a.sites(0).label(), "Li");
  EXPECT_EQ(Species(a.sites(0)), std::vector<int>{16});
  c.mutable_sites(0)->mutable_occupants(0)->set_atomic_number(11);  // Na+
  a = Apply(c, "A");  // no neutrals, no Li: cations -> S
  ASSERT_EQ(a.sites_size(), 2);
  for (const auto& s : a.sites()) EXPECT_EQ(Species(s), std::vector<int>{16});
  // Whenever something of the asked categories is kept, nothing changes.
  EXPECT_EQ(Apply(Sample(), "A").sites_size(), 3);
}

TEST(SimplifyTest, InvalidCrystalIsAnErrorNamingTheRecord) {
  // An atomic number out of range (a hand-edited stream) must not reach the
  // element table.
  for (int z : {0, 200, -3}) {
    crystal::Crystal c = Sample();
    c.set_id("bad-record");
    c.mutable_sites(0)->mutable_occupants(0)->set_atomic_number(z);
    for (const char* name : {"none", "CAMN", "CAN", "A-40"}) {
      absl::StatusOr<crystal::Crystal> out = Simplify(c, *ParseRepresentation(name));
      ASSERT_FALSE(out.ok()) << name << " z=" << z;
      EXPECT_THAT(std::string(out.status().message()),
                  ::testing::HasSubstr("bad-record"));
      EXPECT_THAT(std::string(out.status().message()),
                  ::testing::HasSubstr("unknown element"));
    }
  }
  crystal::Crystal c = Sample();
  c.mutable_sites(1)->set_frac_x(std::nan(""));
  EXPECT_FALSE(Simplify(c, *ParseRepresentation("CAN")).ok());
}

}  // namespace
}  // namespace ionscreen::simplify
