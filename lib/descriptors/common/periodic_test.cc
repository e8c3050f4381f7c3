#include "lib/descriptors/common/periodic.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/crystal/crystal_util.h"
#include "lib/crystal/testing/fixtures.h"

namespace ionscreen::descriptors {
namespace {

using ::ionscreen::crystal::fixtures::TriclinicLi3PS4;
using ::ionscreen::testing::IsOkAndHolds;
using ::ionscreen::testing::StatusIs;

TEST(PeriodicTest, NeighborPairsMatchBruteForce) {
  const crystal::Crystal c = TriclinicLi3PS4();
  const CellView cell = MakeCellView(c);
  const double cutoff = 9.0;
  std::vector<std::tuple<size_t, size_t, double>> fast, slow;
  ForEachNeighborPair(cell, cutoff, [&](size_t i, size_t j, double r) {
    fast.emplace_back(i, j, r);
  });
  // Brute force over a generous image box.
  const int m = 6;
  for (size_t i = 0; i < cell.cart.size(); ++i) {
    for (size_t j = 0; j < cell.cart.size(); ++j) {
      for (int a = -m; a <= m; ++a) {
        for (int b = -m; b <= m; ++b) {
          for (int k = -m; k <= m; ++k) {
            const Eigen::Vector3d d = cell.cart[j] - cell.cart[i] +
                                      cell.lattice.transpose() *
                                          Eigen::Vector3d(a, b, k);
            const double r = d.norm();
            if (r > kZeroDistanceAngstrom && r <= cutoff) slow.emplace_back(i, j, r);
          }
        }
      }
    }
  }
  std::sort(fast.begin(), fast.end());
  std::sort(slow.begin(), slow.end());
  ASSERT_EQ(fast.size(), slow.size());
  for (size_t p = 0; p < fast.size(); ++p) {
    EXPECT_EQ(std::get<0>(fast[p]), std::get<0>(slow[p]));
    EXPECT_EQ(std::get<1>(fast[p]), std::get<1>(slow[p]));
    EXPECT_NEAR(std::get<2>(fast[p]), std::get<2>(slow[p]), 1e-12);
  }
  EXPECT_GT(fast.size(), 500u);
}

TEST(PeriodicTest, ReciprocalPointsMatchBruteForce) {
  const crystal::Crystal c = TriclinicLi3PS4();
  const Eigen::Matrix3d lattice = crystal::LatticeMatrix(c);
  const Eigen::Matrix3d recip = lattice.inverse().transpose();
  const double g_max = 1.1;
  int fast = 0, slow = 0;
  ForEachReciprocalPoint(lattice, 1.0, g_max,
                         [&](int, int, int, const Eigen::Vector3d&) { ++fast; });
  for (int h = -20; h <= 20; ++h) {
    for (int k = -20; k <= 20; ++k) {
      for (int l = -20; l <= 20; ++l) {
        if (h == 0 && k == 0 && l == 0) continue;
        if ((recip.transpose() * Eigen::Vector3d(h, k, l)).norm() <= g_max) ++slow;
      }
    }
  }
  EXPECT_EQ(fast, slow);
  EXPECT_GT(fast, 100);
}

TEST(PeriodicTest, CellViewWrapsCoordinates) {
  crystal::Crystal c = TriclinicLi3PS4();
  c.mutable_sites(0)->set_frac_x(-0.25);
  c.mutable_sites(0)->set_frac_y(1.5);
  const CellView v = MakeCellView(c);
  EXPECT_NEAR(v.frac[0][0], 0.75, 1e-15);
  EXPECT_NEAR(v.frac[0][1], 0.5, 1e-15);
  EXPECT_NEAR(v.volume_angstrom3, crystal::VolumeAngstrom3(c), 1e-9);
}

}  // namespace
}  // namespace ionscreen::descriptors
