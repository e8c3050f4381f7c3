#include "lib/descriptors/xrd/xrd.h"

#include <cmath>
#include <complex>
#include <vector>

#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"
#include "lib/describe/descriptor_testing.h"

namespace ionscreen::descriptors::testing {
namespace {

constexpr double kPi = 3.14159265358979323846;

TEST(XrdTest, RockSaltPeaksAtBraggAnglesWithFccExtinctions) {
  ASSERT_OK_AND_ASSIGN(std::vector<XrdPeak> peaks, ComputeXrdPeaks(cf::RockSaltLiF()));
  // fcc: only all-even or all-odd hkl; first (111), then (200), (220).
  const double a = 4.03, lambda = kCuKalphaAngstrom;
  auto two_theta = [&](int n2) {
    return 2 * std::asin(lambda * std::sqrt(n2) / (2 * a)) * 180 / kPi;
  };
  ASSERT_GE(peaks.size(), 3u);
  EXPECT_NEAR(peaks[0].two_theta_deg, two_theta(3), 1e-9);
  EXPECT_NEAR(peaks[1].two_theta_deg, two_theta(4), 1e-9);
  EXPECT_NEAR(peaks[2].two_theta_deg, two_theta(8), 1e-9);
  double top = 0;
  for (const XrdPeak& p : peaks) top = std::max(top, p.intensity);
  EXPECT_DOUBLE_EQ(top, 100.0);
  // (100) is extinct: its structure factor vanishes.
  ASSERT_OK_AND_ASSIGN(std::complex<double> f100,
                       StructureFactor(cf::RockSaltLiF(), Eigen::Vector3i(1, 0, 0)));
  EXPECT_LT(std::abs(f100), 1e-12);
}

TEST(XrdTest, ScatteringFactorIsZAtZeroAngle) {
  EXPECT_THAT(AtomicScatteringFactor(3, 0.0), ::ionscreen::testing::IsOkAndHolds(3.0));
  ASSERT_OK_AND_ASSIGN(double f, AtomicScatteringFactor(16, 0.3));
  EXPECT_LT(f, 16.0);
  EXPECT_GT(f, 5.0);
  EXPECT_THAT(AtomicScatteringFactor(103, 0.1),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST(XrdTest, DescriptorShapeAndRegistry) {
  auto d = MustMake("xrd");
  EXPECT_EQ(d->dimension(), 128u);
  EXPECT_EQ(d->feature_labels().front(), "xrd_2theta_0_deg");
  EXPECT_EQ(d->feature_labels().back(), "xrd_2theta_127_deg");
  EXPECT_THAT(d->Configure({{"bw_method", "-1"}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  ASSERT_OK_AND_ASSIGN(std::vector<double> v, d->Compute(cf::TriclinicLi3PS4()));
  ASSERT_EQ(v.size(), 128u);
  // A density over 2θ: integrates to about 1 on the grid when the peaks lie
  // well inside 0..127.
  double sum = 0;
  for (double x : v) {
    EXPECT_TRUE(std::isfinite(x));
    sum += x;
  }
  EXPECT_NEAR(sum, 1.0, 0.05);
}

TEST(XrdTest, InvariantUnderTranslationRotationPermutationSupercell) {
  ExpectInvariant(*MustMake("xrd"), cf::TriclinicLi3PS4(), 1e-9, /*with_supercell=*/true);
}

// A mixed site scatters with the occupancy-weighted factor: the structure
// factor is the average of its two ordered limits, and splitting a site into
// two half-occupants of the same element changes nothing.
TEST(XrdTest, DisorderedSiteInterpolatesOrderedLimits) {
  crystal::Crystal li = cf::TriclinicLi3PS4();
  crystal::Crystal na = li;
  na.mutable_sites(1)->mutable_occupants(0)->set_atomic_number(11);
  crystal::Crystal mixed = li;
  mixed.mutable_sites(1)->mutable_occupants(0)->set_occupancy(0.5);
  crystal::Occupant* o = mixed.mutable_sites(1)->add_occupants();
  o->set_atomic_number(11);
  o->set_occupancy(0.5);
  for (const Eigen::Vector3i& hkl :
       {Eigen::Vector3i(1, 0, 0), Eigen::Vector3i(1, -2, 3), Eigen::Vector3i(0, 2, 1)}) {
    ASSERT_OK_AND_ASSIGN(auto f_li, StructureFactor(li, hkl));
    ASSERT_OK_AND_ASSIGN(auto f_na, StructureFactor(na, hkl));
    ASSERT_OK_AND_ASSIGN(auto f_mix, StructureFactor(mixed, hkl));
    EXPECT_LT(std::abs(f_mix - 0.5 * (f_li + f_na)), 1e-12);
  }
  crystal::Crystal split = li;
  split.mutable_sites(1)->mutable_occupants(0)->set_occupancy(0.5);
  *split.mutable_sites(1)->add_occupants() = split.sites(1).occupants(0);
  auto d = MustMake("xrd");
  ASSERT_OK_AND_ASSIGN(std::vector<double> ordered, d->Compute(li));
  ASSERT_OK_AND_ASSIGN(std::vector<double> halves, d->Compute(split));
  ExpectSameVector(ordered, halves, 1e-12);
}

TEST(XrdTest, SmoothingErrorsInsteadOfNaN) {
  // One peak only: the kernel bandwidth would be zero (scipy fails too).
  EXPECT_THAT(SmoothXrdPattern({{30.0, 100.0, 1.0}}, 0.05, {0, 1, 2}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  crystal::Crystal c = cf::RockSaltLiF();
  c.mutable_sites(0)->mutable_occupants(0)->set_atomic_number(103);
  c.set_id("lr-1");
  auto r = MustMake("xrd")->Compute(c);
  EXPECT_THAT(r, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_NE(r.status().message().find("lr-1"), std::string::npos);
}

}  // namespace
}  // namespace ionscreen::descriptors::testing
