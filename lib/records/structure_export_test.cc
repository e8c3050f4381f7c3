#include "lib/records/structure_export.h"

#include <cmath>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gemmi/cif.hpp"
#include "gemmi/smcif.hpp"
#include "gtest/gtest.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/crystal/crystal_util.h"
#include "lib/crystal/testing/fixtures.h"

namespace ionscreen::records {
namespace {

using ::ionscreen::crystal::fixtures::AddSite;

// A triclinic cell, two sites sharing a label, a Li/Na disordered site with
// a vacancy, and oxidation states.
crystal::Crystal Example(bool with_oxidation = true) {
  crystal::Crystal c;
  c.set_id("test 1/x");
  c.set_reduced_formula("Li1.5Na0.25PS4");
  c.set_representation("CAN");
  crystal::SetLattice(crystal::LatticeFromParameters(5.1, 6.2, 7.3, 81, 95, 102),
                      &c);
  // The oxidation state q, or none without oxidation states.
  auto q = [&](double state) -> std::optional<double> {
    if (with_oxidation) return state;
    return std::nullopt;
  };
  AddSite(&c, "Li1", {0.1, 0.2, 0.3}, {{3, 1.0, q(1)}});
  AddSite(&c, "Li1", {0.6, 0.7, 0.8}, {{3, 1.0, q(1)}});
  AddSite(&c, "M1", {0.25, 0.5, 0.75}, {{3, 0.5, q(1)}, {11, 0.25, q(1)}});
  AddSite(&c, "P1", {0.0, 0.0, 0.5}, {{15, 1.0, q(5)}});
  AddSite(&c, "S1", {0.4, 0.1, 0.9}, {{16, 1.0, q(-2)}});
  return c;
}

TEST(CifBlockNameTest, ReplacesCharactersOutsideTheAllowedSet) {
  EXPECT_EQ(CifBlockName("mp-2530"), "mp-2530");
  EXPECT_EQ(CifBlockName("test 1/x"), "test_1_x");
  EXPECT_EQ(CifBlockName(""), "record");
}

TEST(CrystalToCifTest, GemmiReadsCellSitesOccupanciesAndCharges) {
  crystal::Crystal c = Example();
  absl::StatusOr<std::string> cif = CrystalToCif(c, CifBlockName(c.id()));
  ASSERT_TRUE(cif.ok()) << cif.status();
  gemmi::cif::Document doc = gemmi::cif::read_string(*cif);
  ASSERT_EQ(doc.blocks.size(), 1u);
  EXPECT_EQ(doc.blocks[0].name, "test_1_x");
  gemmi::SmallStructure st = gemmi::make_small_structure_from_block(doc.blocks[0]);
  EXPECT_NEAR(st.cell.a, 5.1, 1e-8);
  EXPECT_NEAR(st.cell.b, 6.2, 1e-8);
  EXPECT_NEAR(st.cell.c, 7.3, 1e-8);
  EXPECT_NEAR(st.cell.alpha, 81, 1e-8);
  EXPECT_NEAR(st.cell.beta, 95, 1e-8);
  EXPECT_NEAR(st.cell.gamma, 102, 1e-8);
  // One row per occupant: 2 Li + (Li, Na) + P + S.
  ASSERT_EQ(st.sites.size(), 6u);
  std::set<std::string> labels;
  for (const auto& s : st.sites) labels.insert(s.label);
  EXPECT_EQ(labels.size(), 6u) << "labels are unique within a block";
  const auto& li2 = st.sites[1];
  EXPECT_EQ(li2.element.name(), std::string("Li"));
  EXPECT_EQ(li2.charge, 1);
  EXPECT_NEAR(li2.fract.x, 0.6, 1e-10);
  EXPECT_NEAR(li2.fract.y, 0.7, 1e-10);
  EXPECT_NEAR(li2.fract.z, 0.8, 1e-10);
  EXPECT_EQ(st.sites[3].element.name(), std::string("Na"));
  EXPECT_NEAR(st.sites[3].occ, 0.25, 1e-12);
  EXPECT_NEAR(st.sites[2].occ, 0.5, 1e-12);
  EXPECT_EQ(st.sites[2].fract.x, st.sites[3].fract.x);
  EXPECT_EQ(st.sites[4].charge, 5);
  EXPECT_EQ(st.sites[5].charge, -2);
  EXPECT_EQ(st.sites[5].type_symbol, "S2-");
  // The _atom_type loop gives the oxidation numbers.
  gemmi::cif::Table types =
      doc.blocks[0].find("_atom_type_", {"symbol", "oxidation_number"});
  ASSERT_EQ(types.length(), 4u);  // Li+ Na+ P5+ S2-
}

TEST(CrystalToCifTest, WithoutOxidationStatesTypesAreElements) {
  crystal::Crystal c = Example(/*with_oxidation=*/false);
  absl::StatusOr<std::string> cif = CrystalToCif(c, "x");
  ASSERT_TRUE(cif.ok()) << cif.status();
  EXPECT_EQ(cif->find("_atom_type_oxidation_number"), std::string::npos);
  gemmi::SmallStructure st = gemmi::make_small_structure_from_block(
      gemmi::cif::read_string(*cif).blocks[0]);
  ASSERT_EQ(st.sites.size(), 6u);
  EXPECT_EQ(st.sites[5].type_symbol, "S");
  EXPECT_EQ(st.sites[5].charge, 0);
}

TEST(CrystalToCifTest, InvalidCrystalIsAnErrorNamingTheRecord) {
  crystal::Crystal c = Example();
  c.mutable_sites(0)->clear_occupants();
  absl::StatusOr<std::string> cif = CrystalToCif(c, "x");
  ASSERT_FALSE(cif.ok());
  EXPECT_NE(cif.status().message().find("test 1/x"), std::string::npos)
      << cif.status();
}

TEST(CrystalToExtxyzTest, OneAtomPerSiteWithDominantOccupantAndCartesians) {
  crystal::Crystal c = Example();
  absl::StatusOr<std::string> xyz = CrystalToExtxyz(c);
  ASSERT_TRUE(xyz.ok()) << xyz.status();
  std::vector<std::string> lines = absl::StrSplit(*xyz, '\n');
  ASSERT_EQ(lines.size(), 2u + 5u + 1u);  // count, comment, 5 atoms, ""
  EXPECT_EQ(lines[0], "5");
  EXPECT_NE(lines[1].find("pbc=\"T T T\""), std::string::npos);
  EXPECT_NE(lines[1].find("id=\"test 1/x\""), std::string::npos);
  std::istringstream mixed(lines[2 + 2]);
  std::string species, occupants, label;
  double x, y, z, occ, site_occ, charge;
  mixed >> species >> x >> y >> z >> occ >> site_occ >> occupants >> label >>
      charge;
  EXPECT_EQ(species, "Li");
  EXPECT_NEAR(occ, 0.5, 1e-12);
  EXPECT_NEAR(site_occ, 0.75, 1e-12);
  EXPECT_EQ(occupants, "Li:0.5,Na:0.25");
  EXPECT_EQ(label, "M1");
  EXPECT_EQ(charge, 1);
  Eigen::Vector3d r = crystal::CartesianPosition(c, c.sites(2));
  EXPECT_NEAR(x, r.x(), 1e-9);
  EXPECT_NEAR(y, r.y(), 1e-9);
  EXPECT_NEAR(z, r.z(), 1e-9);
}

}  // namespace
}  // namespace ionscreen::records
