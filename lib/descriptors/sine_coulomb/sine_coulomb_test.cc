#include "lib/descriptors/sine_coulomb/sine_coulomb.h"

#include <cmath>
#include <vector>

#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"
#include "lib/describe/descriptor_testing.h"

namespace ionscreen::descriptors::testing {
namespace {

TEST(SineCoulombTest, MatrixEntries) {
  const crystal::Crystal c = cf::RockSaltLiF();
  ASSERT_OK_AND_ASSIGN(Eigen::MatrixXd m, SineCoulombMatrix(c));
  EXPECT_NEAR(m(0, 0), 0.5 * std::pow(3.0, 2.4), 1e-12);
  // Sites 0 (Li at 0,0,0) and 1 (F at .5,0,0): sin²(π/2) = 1 along a.
  EXPECT_NEAR(m(0, 1), 3.0 * 9.0 / (4.03 * kSineCoulombAngstromToBohr), 1e-12);
  EXPECT_NEAR(m(0, 1), m(1, 0), 0);
}

TEST(SineCoulombTest, SortedPaddedAndFitted) {
  auto d = MustMake("sine_coulomb", {{"max_sites", "12"}});
  EXPECT_FALSE(d->NeedsPrepare());
  ASSERT_OK_AND_ASSIGN(std::vector<double> v, d->Compute(cf::TriclinicLi3PS4()));
  ASSERT_EQ(v.size(), 12u);
  for (size_t i = 1; i < 8; ++i) EXPECT_GE(std::abs(v[i - 1]), std::abs(v[i]));
  for (size_t i = 8; i < 12; ++i) EXPECT_EQ(v[i], 0.0);
  // Trace = sum of eigenvalues = sum of 0.5 Z^2.4.
  double trace = 0, sum = 0;
  for (int z : {3, 3, 3, 15, 16, 16, 16, 16}) trace += 0.5 * std::pow(z, 2.4);
  for (double x : v) sum += x;
  EXPECT_NEAR(sum, trace, 1e-9 * trace);

  crystal::Crystal big = cf::Supercell(cf::TriclinicLi3PS4(), 2, 1, 1);
  big.set_id("big-1");
  auto too_big = MustMake("sine_coulomb", {{"max_sites", "8"}})->Compute(big);
  EXPECT_THAT(too_big, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_NE(too_big.status().message().find("big-1"), std::string::npos);

  auto fit = MustMake("sine_coulomb");  // max_sites=0: length from the data set
  EXPECT_TRUE(fit->NeedsPrepare());
  ASSERT_OK(fit->Prepare({cf::RockSaltLiF(), big}));
  EXPECT_EQ(fit->dimension(), 16u);
  EXPECT_EQ(fit->EffectiveParams().at("max_sites"), "16");
}

TEST(SineCoulombTest, InvariantUnderTranslationRotationPermutation) {
  ExpectInvariant(*MustMake("sine_coulomb", {{"max_sites", "8"}}), cf::TriclinicLi3PS4(), 1e-12,
                  /*with_supercell=*/false);
}

// Weighted charges: a Li0.5/Na0.5 site (Z = 7) is exactly the ordered
// structure with nitrogen there, and two half-occupants of the same element
// are the ordered site.
TEST(SineCoulombTest, MixedSiteUsesOccupancyWeightedCharge) {
  const crystal::Crystal c = cf::TriclinicLi3PS4();
  crystal::Crystal mixed = c;
  mixed.mutable_sites(1)->mutable_occupants(0)->set_occupancy(0.5);
  crystal::Occupant* o = mixed.mutable_sites(1)->add_occupants();
  o->set_atomic_number(11);
  o->set_occupancy(0.5);
  crystal::Crystal nitrogen = c;
  nitrogen.mutable_sites(1)->mutable_occupants(0)->set_atomic_number(7);
  auto d = MustMake("sine_coulomb", {{"max_sites", "8"}});
  ASSERT_OK_AND_ASSIGN(std::vector<double> a, d->Compute(mixed));
  ASSERT_OK_AND_ASSIGN(std::vector<double> b, d->Compute(nitrogen));
  ExpectSameVector(a, b, 1e-12);

  crystal::Crystal split = c;
  split.mutable_sites(2)->mutable_occupants(0)->set_occupancy(0.5);
  *split.mutable_sites(2)->add_occupants() = split.sites(2).occupants(0);
  ASSERT_OK_AND_ASSIGN(std::vector<double> ordered, d->Compute(c));
  ASSERT_OK_AND_ASSIGN(std::vector<double> halves, d->Compute(split));
  ExpectSameVector(ordered, halves, 1e-12);
}

}  // namespace
}  // namespace ionscreen::descriptors::testing
