#include "tools/common/mobile_flags.h"

#include "absl/flags/flag.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"

namespace ionscreen::tools {
namespace {

using ::ionscreen::testing::StatusIs;
using ::testing::HasSubstr;

TEST(MobileFlagsTest, DefaultIsLiPlus) {
  ASSERT_OK_AND_ASSIGN(const MobileIon ion, MobileIonFromFlags());
  EXPECT_EQ(ion.atomic_number, 3);
  EXPECT_EQ(ion.valence, 1);
}

TEST(MobileFlagsTest, MagnesiumTwoPlus) {
  absl::SetFlag(&FLAGS_mobile, "Mg");
  absl::SetFlag(&FLAGS_mobile_valence, 2);
  ASSERT_OK_AND_ASSIGN(const MobileIon ion, MobileIonFromFlags());
  EXPECT_EQ(ion.atomic_number, 12);
  EXPECT_EQ(ion.valence, 2);
  absl::SetFlag(&FLAGS_mobile, "Li");
  absl::SetFlag(&FLAGS_mobile_valence, 1);
}

TEST(MobileFlagsTest, UnknownElementIsAUsageError) {
  absl::SetFlag(&FLAGS_mobile, "Xx");
  EXPECT_THAT(MobileIonFromFlags(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("usage: --mobile: ")));
  absl::SetFlag(&FLAGS_mobile, "Li");
}

TEST(MobileFlagsTest, NonPositiveValenceIsAUsageError) {
  absl::SetFlag(&FLAGS_mobile_valence, 0);
  EXPECT_THAT(MobileIonFromFlags(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--mobile_valence must be positive, got 0")));
  absl::SetFlag(&FLAGS_mobile_valence, 1);
}

}  // namespace
}  // namespace ionscreen::tools
