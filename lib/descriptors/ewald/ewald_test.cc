#include "lib/descriptors/ewald/ewald.h"

#include <cmath>
#include <vector>

#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"
#include "lib/describe/descriptor_testing.h"

namespace ionscreen::descriptors::testing {
namespace {

double PerAtom(const crystal::Crystal& c) {
  auto v = MustMake("ewald")->Compute(c);
  EXPECT_TRUE(v.ok()) << v.status();
  return v.ok() ? (*v)[0] : NAN;
}

// Rock salt: E = -M e²/r0 per ion pair, Madelung constant 1.747564594633.
TEST(EwaldTest, RockSaltMadelung) {
  const double r0 = 4.03 / 2;
  const double per_pair = -1.747564594633 * kCoulombEvAngstrom / r0;
  EXPECT_NEAR(PerAtom(cf::RockSaltLiF()), per_pair / 2, 1e-9 * std::abs(per_pair));
  ASSERT_OK_AND_ASSIGN(EwaldEnergy e, ComputeEwaldEnergy(cf::RockSaltLiF()));
  EXPECT_NEAR(e.total_ev, 4 * per_pair, 1e-9 * std::abs(per_pair));
  EXPECT_EQ(e.charged_cell_ev, 0.0);
}

// The converged energy does not depend on the splitting parameter η.
TEST(EwaldTest, IndependentOfEta) {
  const crystal::Crystal c = cf::TriclinicLi3PS4();
  ASSERT_OK_AND_ASSIGN(EwaldEnergy ref, ComputeEwaldEnergy(c));
  for (double eta : {0.5 * ref.eta, 2.0 * ref.eta}) {
    EwaldOptions o;
    o.eta = eta;
    ASSERT_OK_AND_ASSIGN(EwaldEnergy e, ComputeEwaldEnergy(c, o));
    EXPECT_NEAR(e.total_ev, ref.total_ev, 1e-9 * std::abs(ref.total_ev));
  }
}

TEST(EwaldTest, InvariantUnderTranslationRotationPermutationSupercell) {
  ExpectInvariant(*MustMake("ewald"), cf::TriclinicLi3PS4(), 1e-9, /*with_supercell=*/true);
}

TEST(EwaldTest, MissingOxidationStateIsPerRecordError) {
  crystal::Crystal c = cf::RockSaltLiF();
  c.set_id("mp-1138");
  c.mutable_sites(3)->mutable_occupants(0)->clear_oxidation_state();
  auto r = MustMake("ewald")->Compute(c);
  EXPECT_THAT(r, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_NE(r.status().message().find("mp-1138"), std::string::npos) << r.status();
  EXPECT_NE(r.status().message().find("oxidation state"), std::string::npos);
}

// Weighted charges: a site of occupancy t carries charge t·q, so the total
// energy is quadratic in t (third finite difference zero) and t = 1 is the
// ordered structure; two half-occupants equal one full occupant.
TEST(EwaldTest, PartialOccupancyIsQuadraticInChargeAndMatchesOrderedLimit) {
  const crystal::Crystal full = cf::TriclinicLi3PS4();
  auto total = [&](double t) {
    crystal::Crystal c = full;
    c.mutable_sites(0)->mutable_occupants(0)->set_occupancy(t);
    auto e = ComputeEwaldEnergy(c);
    EXPECT_TRUE(e.ok()) << e.status();
    return e->total_ev;
  };
  ASSERT_OK_AND_ASSIGN(EwaldEnergy ordered, ComputeEwaldEnergy(full));
  EXPECT_NEAR(total(1.0), ordered.total_ev, 1e-12 * std::abs(ordered.total_ev));
  const double third = total(1.0) - 3 * total(0.75) + 3 * total(0.5) - total(0.25);
  EXPECT_NEAR(third, 0.0, 1e-8 * std::abs(ordered.total_ev));

  crystal::Crystal split = full;
  split.mutable_sites(0)->mutable_occupants(0)->set_occupancy(0.5);
  *split.mutable_sites(0)->add_occupants() = split.sites(0).occupants(0);
  EXPECT_NEAR(PerAtom(split), PerAtom(full), 1e-12 * std::abs(PerAtom(full)));
}

}  // namespace
}  // namespace ionscreen::descriptors::testing
