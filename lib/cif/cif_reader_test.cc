#include "lib/cif/cif_reader.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/crystal/crystal_util.h"

namespace ionscreen::cif {
namespace {

using ::ionscreen::testing::StatusIs;
using ::testing::HasSubstr;

// Rock-salt LiF in Fm-3m given by its two asymmetric sites and the 192
// operators generated from the space group symbol.
const char kLiF[] = R"(data_LiF
_symmetry_space_group_name_H-M   'F m -3 m'
_symmetry_Int_Tables_number   225
_database_code_ICSD 41409
_cell_length_a   4.03
_cell_length_b   4.03
_cell_length_c   4.03
_cell_angle_alpha   90
_cell_angle_beta   90
_cell_angle_gamma   90
loop_
_atom_type_symbol
_atom_type_oxidation_number
Li1+ 1
F1- -1
loop_
 _atom_site_label
 _atom_site_type_symbol
 _atom_site_fract_x
 _atom_site_fract_y
 _atom_site_fract_z
 _atom_site_occupancy
 Li1 Li1+ 0 0 0 1
 F1 F1- 0.5 0.5 0.5 1.0
)";

TEST(CifReaderTest, ExpandsSpaceGroupAndReadsOxidationStates) {
  std::vector<BlockResult> r = ReadCifText(kLiF, "dir/LiF.cif");
  ASSERT_EQ(r.size(), 1u);
  ASSERT_OK(r[0].crystal.status());
  const crystal::Crystal& c = *r[0].crystal;
  EXPECT_EQ(c.id(), "LiF");
  EXPECT_EQ(c.sites_size(), 8);
  EXPECT_EQ(c.reduced_formula(), "LiF");
  ASSERT_EQ(c.icsd_ids_size(), 1);
  EXPECT_EQ(c.icsd_ids(0), 41409);
  EXPECT_EQ(c.oxidation_tier(), crystal::OXIDATION_FROM_CIF);
  for (const auto& s : c.sites()) {
    ASSERT_EQ(s.occupants_size(), 1);
    EXPECT_EQ(s.occupants(0).oxidation_state(),
              s.occupants(0).atomic_number() == 3 ? 1.0 : -1.0);
  }
  EXPECT_NEAR(crystal::VolumeAngstrom3(c), 4.03 * 4.03 * 4.03, 1e-9);
}

TEST(CifReaderTest, MixedSitesBecomeOneDisorderedSite) {
  const char kMixed[] = R"(data_mixed
_cell_length_a 5
_cell_length_b 5
_cell_length_c 5
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 90
loop_
_symmetry_equiv_pos_as_xyz
'x, y, z'
'-x, -y, -z'
loop_
_atom_site_type_symbol
_atom_site_label
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
_atom_site_occupancy
Li Li1 0.25 0.25 0.25 0.5
Al Al1 0.25 0.25 0.25 0.25
O O1 0 0 0 1
)";
  std::vector<BlockResult> r = ReadCifText(kMixed, "mp-42.cif");
  ASSERT_OK(r[0].crystal.status());
  const crystal::Crystal& c = *r[0].crystal;
  EXPECT_EQ(c.mp_id(), "mp-42");
  EXPECT_EQ(c.sites_size(), 3);  // O on the inversion centre is not doubled
  EXPECT_TRUE(crystal::IsDisordered(c));
  auto comp = crystal::Composition(c);
  EXPECT_NEAR(comp[3], 1.0, 1e-12);
  EXPECT_NEAR(comp[13], 0.5, 1e-12);
  EXPECT_NEAR(comp[8], 1.0, 1e-12);
}

TEST(CifReaderTest, ErrorsNameTheReason) {
  auto err = [](const std::string& text) {
    std::vector<BlockResult> r = ReadCifText(text, "bad.cif");
    EXPECT_EQ(r.size(), 1u);
    return r[0].crystal.status();
  };
  std::string cell =
      "data_x\n_cell_length_a 5\n_cell_length_b 5\n_cell_length_c 5\n"
      "_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n";
  std::string atoms =
      "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n"
      "_atom_site_fract_z\n";
  EXPECT_THAT(err("data_x\n_cell_length_a 5\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("missing cell parameter")));
  EXPECT_THAT(err(cell), StatusIs(absl::StatusCode::kInvalidArgument,
                                  HasSubstr("no atoms")));
  EXPECT_THAT(err(cell + atoms + "Xq1 0 0 0\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("unknown element")));
  EXPECT_THAT(err(cell + "loop_\n_symmetry_equiv_pos_as_xyz\n'x,y,q'\n" +
                  atoms + "Li1 0 0 0\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("unknown symmetry operator")));
  // Fuzzing found gemmi overflowing an int on a long coefficient.
  EXPECT_THAT(err(cell + "loop_\n_symmetry_equiv_pos_as_xyz\n"
                         "'99999999999999999999x,y,z'\n" + atoms +
                  "Li1 0 0 0\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("more than 4 digits")));
  std::string flat = cell;
  flat.replace(flat.find("alpha 90"), 8, "alpha 170");
  flat.replace(flat.find("beta 90"), 7, "beta 10");
  EXPECT_THAT(err(flat + atoms + "Li1 0 0 0\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("volume is zero")));
  EXPECT_THAT(err("data_x\n_cell_length_a 'unterminated\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("syntax error")));
}

TEST(CifReaderTest, DuplicateBlockNames) {
  std::string block =
      "data_same\n_cell_length_a 5\n_cell_length_b 5\n_cell_length_c 5\n"
      "_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n"
      "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n"
      "_atom_site_fract_z\nLi1 0 0 0\n";
  std::vector<BlockResult> r = ReadCifText(block + block, "two.cif");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_OK(r[0].crystal.status());
  EXPECT_THAT(r[1].crystal.status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("duplicate data block")));
}

}  // namespace
}  // namespace ionscreen::cif
