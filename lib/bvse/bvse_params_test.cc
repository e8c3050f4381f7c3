#include "lib/bvse/bvse_params.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"

namespace ionscreen::bvse {
namespace {

using ::ionscreen::testing::StatusIs;

constexpr char kSoftBv[] =
    "cation_z\tcation_valence\tanion_z\tanion_valence\tr0_angstrom\t"
    "r_min_angstrom\talpha_per_angstrom\td0_ev\n"
    "3\t1\t8\t-2\t1.17096\t1.940013\t1.937984\t0.98816\n";
constexpr char kPqn[] = "z\tn\n3\t2\n8\t2\n";

TEST(BvseParamsTest, ParsesPairsAndQuantumNumbers) {
  absl::StatusOr<BvseParams> p = BvseParams::Parse(kSoftBv, kPqn);
  ASSERT_OK(p);
  const MorseParams* m = p->FindMorse(3, 1, 8, -2);
  ASSERT_NE(m, nullptr);
  EXPECT_DOUBLE_EQ(m->r_min_angstrom, 1.940013);
  EXPECT_DOUBLE_EQ(m->d0_ev, 0.98816);
  EXPECT_EQ(p->FindMorse(3, 1, 15, -3), nullptr);
  EXPECT_EQ(p->PrincipalQuantumNumber(8), 2);
  EXPECT_EQ(p->PrincipalQuantumNumber(92), 0);
}

TEST(BvseParamsTest, RejectsMalformedRows) {
  EXPECT_THAT(BvseParams::Parse("h\n3\t1\t8\n", kPqn).status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      BvseParams::Parse("h\n3\t1\t8\t-2\tx\t1\t1\t1\n", kPqn).status(),
      StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(BvseParamsTest, MissingDirIsNotFound) {
  EXPECT_THAT(BvseParams::LoadFromDir("/nonexistent/bvse").status(),
              StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace ionscreen::bvse
