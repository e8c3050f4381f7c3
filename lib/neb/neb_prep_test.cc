#include "lib/neb/neb_prep.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/crystal/crystal_util.h"
#include "lib/crystal/testing/fixtures.h"

namespace ionscreen::neb {
namespace {

using ::ionscreen::testing::StatusIs;
using ::testing::HasSubstr;

// Rock-salt LiF-like cell (a = 4 A): F on sites 0-3, Li on sites 4-7
// ((.5,0,0), (.5,.5,.5), (0,0,.5), (0,.5,0)); shortest Li-Li 2.83 A.
crystal::Crystal RockSalt() { return crystal::fixtures::RockSalt(9, 3, 4.0); }

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t p = text.find(what); p != std::string::npos;
       p = text.find(what, p + 1))
    ++n;
  return n;
}

TEST(NebPrepTest, StraightHopInputs) {
  NebOptions o;
  o.pseudo = {{"Li", "Li.custom.UPF"}};
  auto in = PrepareNeb(RockSalt(), nullptr, o);
  ASSERT_OK(in);
  EXPECT_EQ(in->supercell, (std::array<int, 3>{3, 3, 3}));  // 12 A >= 10 A
  EXPECT_EQ(in->atoms_per_image, 8 * 27 - 1);  // one Li vacancy
  EXPECT_NEAR(in->hop_distance_angstrom, 2 * std::sqrt(2.0), 1e-9);
  const std::string& t = in->neb_plain_in;
  EXPECT_THAT(t, HasSubstr("CI_scheme = 'no-CI'"));
  EXPECT_THAT(t, HasSubstr("restart_mode = 'from_scratch'"));
  // Stage 2: the same path and engine input, climbing image, restarted.
  const std::string& c = in->neb_climb_in;
  EXPECT_THAT(c, HasSubstr("CI_scheme = 'auto'"));
  EXPECT_THAT(c, HasSubstr("restart_mode = 'restart'"));
  std::string expect = t;
  expect.replace(expect.find("'from_scratch'"), 14, "'restart'");
  expect.replace(expect.find("'no-CI'"), 7, "'auto'");
  EXPECT_EQ(c, expect);
  EXPECT_THAT(t, HasSubstr("path_thr = 0.0500"));
  EXPECT_THAT(t, HasSubstr("nstep_path = 200"));
  EXPECT_THAT(t, HasSubstr("num_of_images = 7"));
  EXPECT_THAT(t, HasSubstr("input_dft = 'PBE'"));
  EXPECT_THAT(t, HasSubstr("Li.custom.UPF"));
  EXPECT_THAT(t, HasSubstr("F.pbe-kjpaw_psl.1.0.0.UPF"));
  EXPECT_THAT(t, HasSubstr("tot_charge = -1"));
  EXPECT_EQ(Count(t, "INTERMEDIATE_IMAGE"), 5);
  EXPECT_EQ(Count(t, "ATOMIC_POSITIONS crystal"), 7);
  EXPECT_EQ(Count(t, "\nLi "), 7 * (4 * 27 - 1) + 1);  // + ATOMIC_SPECIES
  EXPECT_THAT(in->relax_initial_in, HasSubstr("calculation = 'relax'"));
  // 3e-4 eV/A in Ry/bohr.
  EXPECT_THAT(in->relax_initial_in, HasSubstr("forc_conv_thr = 1.1668e-05"));
  EXPECT_NE(in->relax_initial_in, in->relax_final_in);
}

TEST(NebPrepTest, FollowsTheGivenPath) {
  auto c = RockSalt();
  bvse::HopPath hop;
  hop.set_start_site(4);  // Li (.5, 0, 0)
  hop.set_end_site(7);    // Li (0, .5, 0)
  for (int d : {0, 0, 0}) hop.add_end_image(d);
  // A bent path through (0.35, 0.35, 0.1).
  for (auto p : {std::array<double, 3>{.5, 0, 0}, {.35, .35, .1}, {0, .5, 0}}) {
    auto* q = hop.add_points();
    q->set_frac_x(p[0]);
    q->set_frac_y(p[1]);
    q->set_frac_z(p[2]);
  }
  NebOptions o;
  o.intermediate_images = 1;  // the single middle image sits at half length
  auto in = PrepareNeb(c, &hop, o);
  ASSERT_OK(in);
  EXPECT_TRUE(in->from_bvse_path);
  // Both legs have equal length, so the middle image is the bend point,
  // in supercell coordinates (divided by 3).
  EXPECT_THAT(in->neb_plain_in, HasSubstr("Li    0.1166666667   0.1166666667   "
                                    "0.0333333333\nLAST_IMAGE"));
}

TEST(NebPrepTest, BadInputs) {
  auto c = RockSalt();
  c.mutable_sites(0)->mutable_occupants(0)->set_occupancy(0.5);
  EXPECT_THAT(PrepareNeb(c, nullptr, NebOptions()).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("disordered")));
  auto no_li = RockSalt();
  for (auto& s : *no_li.mutable_sites())
    s.mutable_occupants(0)->set_atomic_number(9);
  EXPECT_THAT(PrepareNeb(no_li, nullptr, NebOptions()).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("fewer than two Li")));
  bvse::HopPath bad;
  bad.set_start_site(0);  // F, not Li
  bad.set_end_site(4);
  for (int d : {0, 0, 0}) bad.add_end_image(d);
  EXPECT_THAT(PrepareNeb(RockSalt(), &bad, NebOptions()).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("mobile-ion sites")));
  EXPECT_THAT(ParsePseudoMap("Li=a.UPF,Xx=b").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("Xx=b")));
  auto ok = ParsePseudoMap("Li=a.UPF,S=b.UPF");
  ASSERT_OK(ok);
  EXPECT_EQ(ok->at("S"), "b.UPF");
}

}  // namespace
}  // namespace ionscreen::neb
