#include "lib/voronoi/neighbors.h"

#include <vector>

#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/crystal/crystal_util.h"
#include "lib/crystal/testing/fixtures.h"

namespace ionscreen::voronoi {
namespace {

// Every site Li, no oxidation states.
crystal::Crystal Make(const Eigen::Matrix3d& rows,
                      const std::vector<Eigen::Vector3d>& frac) {
  return crystal::fixtures::OneElementCrystal(rows, frac);
}

// ShellWalker must reproduce ShellNeighbors exactly: same entries, same
// order, bit-identical weights (chemical_ordering's output depends on it).
void ExpectWalkerMatches(const crystal::Crystal& c, Weight weight) {
  auto t = Tessellate(c);
  ASSERT_OK(t.status());
  const auto all = NormalizedNeighbors(*t, weight);
  ShellWalker walker(all);
  // Shells in a mixed order so stale scratch from a deeper walk would show.
  for (int shell : {3, 1, 4, 2, 3, 0}) {
    for (int i = 0; i < c.sites_size(); ++i) {
      const std::vector<Neighbor> want = ShellNeighbors(all, i, shell);
      const std::vector<ShellWalker::Entry>& got = walker.Walk(i, shell);
      ASSERT_EQ(got.size(), want.size()) << "site " << i << " shell " << shell;
      for (size_t k = 0; k < want.size(); ++k) {
        SCOPED_TRACE(::testing::Message() << "site " << i << " shell " << shell
                                        << " entry " << k);
        EXPECT_EQ(got[k].site, want[k].site);
        EXPECT_EQ(got[k].image[0], want[k].image.x());
        EXPECT_EQ(got[k].image[1], want[k].image.y());
        EXPECT_EQ(got[k].image[2], want[k].image.z());
        EXPECT_EQ(got[k].weight, want[k].weight);  // bitwise, not near
        EXPECT_EQ(got[k].face, want[k].face);
      }
    }
  }
}

TEST(ShellWalkerTest, SimpleCubicSelfImages) {
  // One site: every neighbour is the site itself at another image, so the
  // path exclusions are all image-dependent.
  ExpectWalkerMatches(Make(3.0 * Eigen::Matrix3d::Identity(), {{0, 0, 0}}),
                      Weight::kArea);
}

TEST(ShellWalkerTest, BodyCenteredCubic) {
  ExpectWalkerMatches(Make(4.0 * Eigen::Matrix3d::Identity(),
                           {{0, 0, 0}, {0.5, 0.5, 0.5}}),
                      Weight::kSolidAngle);
}

TEST(ShellWalkerTest, SkewedLowSymmetryCell) {
  // An unreduced triclinic lattice and irregular positions: unequal weights
  // and large images, so summation order matters.
  Eigen::Matrix3d rows;
  rows << 4.1, 0.0, 0.0,  //
      5.3, 3.7, 0.0,      //
      1.2, -2.9, 5.2;
  ExpectWalkerMatches(Make(rows, {{0.01, 0.02, 0.03},
                                  {0.37, 0.11, 0.52},
                                  {0.73, 0.64, 0.18},
                                  {0.22, 0.81, 0.77},
                                  {0.55, 0.43, 0.91}}),
                      Weight::kArea);
}

TEST(ShellWalkerTest, TwoSitesFlatCell) {
  // Thin cell: a site sees the other through many faces and images.
  Eigen::Matrix3d rows;
  rows << 2.5, 0.0, 0.0,  //
      0.4, 2.7, 0.0,      //
      0.3, 0.2, 9.0;
  ExpectWalkerMatches(Make(rows, {{0, 0, 0}, {0.5, 0.4, 0.3}}), Weight::kArea);
}

}  // namespace
}  // namespace ionscreen::voronoi
