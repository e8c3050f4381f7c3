// Bond valence table options and the all-zero-valence policy. matminer is
// not installed (Debian has no package), so interpolate_soft is checked
// against entries derived by hand from bvparm2020.cif and matminer 0.6.3's
// rule (matminer/utils/data.py:440-466): for each cation with a
// valence-9 row whose anion symbol contains none of "O", "Cl", "F", take the
// first such row per (cation, anion) and append it for cation valences 1-6
// with that row's anion valence; lookups use the first matching row, so a
// tabulated row wins over an interpolated one.
#include "lib/descriptors/global_instability/global_instability.h"

#include <cmath>
#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "lib/base/status_macros.h"
#include "lib/base/status_matchers.h"
#include "lib/crystal/crystal_util.h"
#include "lib/crystal/testing/fixtures.h"
#include "lib/describe/descriptor.h"

namespace ionscreen::descriptors {
namespace {

using ::ionscreen::crystal::fixtures::RockSalt;  // 8-site conventional cell
using ::ionscreen::testing::StatusIs;

constexpr int kAg = 47, kBr = 35, kSe = 34, kCe = 58, kS = 16, kN = 7,
              kCl = 17, kFe = 26, kO = 8, kNa = 11;

// A miniature table in the IUCr layout.
constexpr char kMini[] = R"(
_valence_param_details
Ag 1   Br -1    2.10     0.40     x   'tabulated, must win'
Ag 9   Br -1    2.22     0.37     b   ?
Ag 9   Br -1    2.50     0.30     b   'second valence-9 row, ignored'
Ag 9   O  -2    1.90     0.37     b   ?
Ag 9   Cl -1    2.00     0.37     b   ?
Ag 9   F  -1    1.80     0.37     b   ?
Ag 9   Se -2    2.26     0.37     b   ?
)";

TEST(BondValenceTableTest, InterpolateSoftRuleOnMiniTable) {
  auto off = ParseBondValenceTable(kMini);
  ASSERT_OK(off);
  EXPECT_EQ(off->size(), 6u);  // the six distinct keys as written
  EXPECT_EQ(off->count({kAg, 2, kBr, -1}), 0u);

  auto on = ParseBondValenceTable(kMini, /*interpolate_soft=*/true);
  ASSERT_OK(on);
  // Ag-Br: valence 1 tabulated (kept), 2..6 from the first valence-9 row.
  EXPECT_DOUBLE_EQ(on->at({kAg, 1, kBr, -1}).r0_angstrom, 2.10);
  for (int n = 2; n <= 6; ++n) {
    EXPECT_DOUBLE_EQ(on->at({kAg, n, kBr, -1}).r0_angstrom, 2.22) << n;
    EXPECT_DOUBLE_EQ(on->at({kAg, n, kBr, -1}).b_angstrom, 0.37) << n;
  }
  // Ag-Se: 1..6, anion valence -2 taken from the row; never valence 7.
  for (int n = 1; n <= 6; ++n) EXPECT_EQ(on->count({kAg, n, kSe, -2}), 1u) << n;
  EXPECT_EQ(on->count({kAg, 7, kSe, -2}), 0u);
  // O, Cl and F are excluded.
  for (int n = 1; n <= 6; ++n) {
    EXPECT_EQ(on->count({kAg, n, kO, -2}), 0u);
    EXPECT_EQ(on->count({kAg, n, kCl, -1}), 0u);
    EXPECT_EQ(on->count({kAg, n, 9, -1}), 0u);
  }
  EXPECT_EQ(on->size(), 6u + 5 + 6);
}

std::string TablePath() {
  const char* d = std::getenv("SHARED_DIR");
  if (d == nullptr) {
    ADD_FAILURE() << "SHARED_DIR is not set (needed for bvparm2020.cif)";
    return "";
  }
  return std::string(d) + "/data/matminer/bvparm2020.cif";
}

TEST(BondValenceTableTest, InterpolateSoftOnIucr2020ByHand) {
  auto off = ReadBondValenceTable(TablePath());
  ASSERT_OK(off);
  auto on = ReadBondValenceTable(TablePath(), /*interpolate_soft=*/true);
  ASSERT_OK(on);
  // Ag: only "Ag 9 Se -2 2.26 0.37" (line 198) for Se -> Ag1..6-Se2-.
  for (int n = 1; n <= 6; ++n) {
    EXPECT_EQ(off->count({kAg, n, kSe, -2}), 0u) << n;
    ASSERT_EQ(on->count({kAg, n, kSe, -2}), 1u) << n;
    EXPECT_DOUBLE_EQ(on->at({kAg, n, kSe, -2}).r0_angstrom, 2.26);
    EXPECT_DOUBLE_EQ(on->at({kAg, n, kSe, -2}).b_angstrom, 0.37);
  }
  // Ce-S: "Ce 3 S -2 2.602" (line 434) and "Ce 4 S -2 2.65" (450) are
  // tabulated and win; "Ce 9 S -2 2.62 0.37" (458) fills 1, 2, 5, 6.
  EXPECT_DOUBLE_EQ(on->at({kCe, 3, kS, -2}).r0_angstrom, 2.602);
  EXPECT_DOUBLE_EQ(on->at({kCe, 4, kS, -2}).r0_angstrom, 2.65);
  for (int n : {1, 2, 5, 6}) {
    EXPECT_DOUBLE_EQ(on->at({kCe, n, kS, -2}).r0_angstrom, 2.62) << n;
  }
  // Ce-N: two valence-9 rows, 2.254 (line 461) then 2.34 (462): the first.
  // Ce 4 N -3 2.179 (453) is tabulated.
  EXPECT_DOUBLE_EQ(on->at({kCe, 5, kN, -3}).r0_angstrom, 2.254);
  EXPECT_DOUBLE_EQ(on->at({kCe, 4, kN, -3}).r0_angstrom, 2.179);
  // Ce 9 Cl (455) and Fe 9 O (751) are hard anions: nothing added (Ce-Cl is
  // tabulated only at valence 3, Fe-O at 2, 3, 6).
  EXPECT_EQ(on->count({kCe, 2, kCl, -1}), 0u);
  EXPECT_EQ(on->count({kFe, 4, kO, -2}), 0u);
  EXPECT_EQ(on->count({kFe, 1, kO, -2}), 0u);
  // Only additions, never changes.
  for (const auto& [k, v] : *off) {
    EXPECT_EQ(on->at(k).r0_angstrom, v.r0_angstrom);
  }
  EXPECT_GT(on->size(), off->size() + 1000);
}

absl::StatusOr<std::unique_ptr<describe::Descriptor>> Make(
    const describe::Params& extra) {
  ASSIGN_OR_RETURN(const describe::DescriptorInfo* info,
                   describe::FindDescriptor("global_instability"));
  std::unique_ptr<describe::Descriptor> d = info->factory();
  describe::Params p = extra;
  p["bv_table"] = TablePath();
  RETURN_IF_ERROR(d->Configure(p));
  return d;
}

TEST(GlobalInstabilityTest, AgBrNeedsInterpolateSoft) {
  const double a = 5.774;
  const crystal::Crystal agbr = RockSalt(kAg, 1, kBr, -1, a);
  auto plain = Make({});
  ASSERT_OK(plain);
  EXPECT_THAT((*plain)->Compute(agbr).status(),
              StatusIs(absl::StatusCode::kNotFound));
  auto soft = Make({{"interpolate_soft", "true"}});
  ASSERT_OK(soft);
  auto v = (*soft)->Compute(agbr);
  ASSERT_OK(v);
  // Within 4 Å each ion has 6 opposite neighbours at a/2 = 2.887 Å (like
  // ions at a/sqrt2 = 4.08 Å and the next shell at 5.0 Å are beyond), so
  // every |deviation| = |6 exp((2.22 - a/2)/0.37) - 1|.
  const double bvs = 6 * std::exp((2.22 - a / 2) / 0.37);
  EXPECT_NEAR((*v)[0], std::abs(bvs - 1), 1e-12);
  EXPECT_EQ((*soft)->EffectiveParams().at("interpolate_soft"), "true");
}

TEST(GlobalInstabilityTest, AllZeroValences) {
  const crystal::Crystal zero = RockSalt(kNa, 0, kCl, 0, 5.64);
  auto strict = Make({});
  ASSERT_OK(strict);
  EXPECT_THAT((*strict)->Compute(zero).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::HasSubstr("every valence is 0")));
  auto lenient = Make({{"all_zero_valences", "zero"}});
  ASSERT_OK(lenient);
  auto v = (*lenient)->Compute(zero);
  ASSERT_OK(v);
  EXPECT_EQ((*v)[0], 0.0);
  // Charged structures are unaffected by the policy.
  auto charged = (*lenient)->Compute(RockSalt(kNa, 1, kCl, -1, 5.64));
  ASSERT_OK(charged);
  EXPECT_GT((*charged)[0], 0.0);
  // A single element stays an error (matminer raises "single element").
  crystal::Crystal na = RockSalt(kNa, 0, kNa, 0, 5.64);
  EXPECT_FALSE((*lenient)->Compute(na).ok());
  EXPECT_FALSE(Make({{"all_zero_valences", "maybe"}}).ok());
}

}  // namespace
}  // namespace ionscreen::descriptors
