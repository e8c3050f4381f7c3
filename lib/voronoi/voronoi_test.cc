#include "lib/voronoi/voronoi.h"

#include <array>
#include <cmath>
#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/crystal/crystal_util.h"
#include "lib/crystal/testing/fixtures.h"

namespace ionscreen::voronoi {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Every site Li, no oxidation states.
crystal::Crystal Make(const Eigen::Matrix3d& rows,
                      const std::vector<Eigen::Vector3d>& frac) {
  return crystal::fixtures::OneElementCrystal(rows, frac);
}

TEST(VoronoiTest, SimpleCubicHasSixSquareFaces) {
  auto t = Tessellate(Make(3.0 * Eigen::Matrix3d::Identity(), {{0, 0, 0}}));
  ASSERT_OK(t.status());
  const Cell& c = t->cells[0];
  EXPECT_NEAR(c.volume_angstrom3, 27.0, 1e-9);
  ASSERT_EQ(c.faces.size(), 6u);
  for (const Face& f : c.faces) {
    EXPECT_EQ(f.neighbor, 0);
    EXPECT_EQ(f.image.cast<double>().norm(), 1.0);
    EXPECT_NEAR(f.area_angstrom2, 9.0, 1e-9);
    EXPECT_NEAR(f.face_dist_angstrom, 1.5, 1e-9);
    EXPECT_NEAR(f.solid_angle_sr, 4 * kPi / 6, 1e-9);
    EXPECT_NEAR(f.pyramid_volume_angstrom3, 4.5, 1e-9);
  }
}

TEST(VoronoiTest, BodyCenteredCubicIsTruncatedOctahedron) {
  const double a = 4.0;
  auto t = Tessellate(
      Make(a * Eigen::Matrix3d::Identity(), {{0, 0, 0}, {0.5, 0.5, 0.5}}));
  ASSERT_OK(t.status());
  for (const Cell& c : t->cells) {
    EXPECT_NEAR(c.volume_angstrom3, a * a * a / 2, 1e-9);
    ASSERT_EQ(c.faces.size(), 14u);
    double solid = 0;
    int hexagons = 0;
    for (const Face& f : c.faces) {
      solid += f.solid_angle_sr;
      if (f.num_vertices == 6) {
        ++hexagons;
        EXPECT_NEAR(f.distance_angstrom, a * std::sqrt(3.0) / 2, 1e-9);
      }
    }
    EXPECT_EQ(hexagons, 8);
    EXPECT_NEAR(solid, 4 * kPi, 1e-9);
  }
}

// The tessellation does not depend on the cell choice or orientation.
TEST(VoronoiTest, InvariantUnderBasisChangeAndRotation) {
  Eigen::Matrix3d rows;
  rows << 5.1, 0, 0, 1.2, 4.7, 0, -0.8, 0.9, 6.3;
  std::vector<Eigen::Vector3d> frac = {
      {0.1, 0.2, 0.3}, {0.6, 0.1, 0.8}, {0.35, 0.7, 0.45}, {0.9, 0.55, 0.05}};
  auto t1 = Tessellate(Make(rows, frac));
  ASSERT_OK(t1.status());

  // Skewed basis c' = c + 2a - b of the same lattice, and a rotation.
  Eigen::Matrix3d m;
  m << 1, 0, 0, 0, 1, 0, 2, -1, 1;
  Eigen::Matrix3d skew_rows = m * rows;
  Eigen::Matrix3d rot =
      Eigen::AngleAxisd(0.7, Eigen::Vector3d(1, 2, 3).normalized())
          .toRotationMatrix();
  Eigen::Matrix3d new_rows = (rot * skew_rows.transpose()).transpose();
  std::vector<Eigen::Vector3d> new_frac;
  for (const auto& f : frac) {
    Eigen::Vector3d cart = rows.transpose() * f;
    Eigen::Vector3d nf = skew_rows.transpose().inverse() * cart;
    new_frac.push_back(nf.array() - nf.array().floor());
  }
  auto t2 = Tessellate(Make(new_rows, new_frac));
  ASSERT_OK(t2.status());
  for (size_t i = 0; i < frac.size(); ++i) {
    EXPECT_NEAR(t1->cells[i].volume_angstrom3, t2->cells[i].volume_angstrom3,
                1e-8);
    ASSERT_EQ(t1->cells[i].faces.size(), t2->cells[i].faces.size());
    std::vector<double> a1, a2;
    for (const Face& f : t1->cells[i].faces) a1.push_back(f.area_angstrom2);
    for (const Face& f : t2->cells[i].faces) a2.push_back(f.area_angstrom2);
    std::sort(a1.begin(), a1.end());
    std::sort(a2.begin(), a2.end());
    for (size_t k = 0; k < a1.size(); ++k) EXPECT_NEAR(a1[k], a2[k], 1e-8);
  }
  double total = 0;
  for (const Cell& c : t1->cells) total += c.volume_angstrom3;
  EXPECT_NEAR(total, rows.determinant(), 1e-8);
}

TEST(VoronoiTest, NeighbourImagesAreConsistent) {
  Eigen::Matrix3d rows;
  rows << 4.2, 0, 0, 0.3, 3.9, 0, 0.5, -0.2, 5.5;
  auto c = Make(rows, {{0.05, 0.1, 0.95}, {0.55, 0.6, 0.4}, {0.3, 0.9, 0.1}});
  auto t = Tessellate(c);
  ASSERT_OK(t.status());
  for (size_t i = 0; i < t->cells.size(); ++i) {
    for (const Face& f : t->cells[i].faces) {
      Eigen::Vector3d d =
          crystal::CartesianPosition(c, c.sites(f.neighbor)) +
          rows.transpose() * f.image.cast<double>() -
          crystal::CartesianPosition(c, c.sites(i));
      EXPECT_NEAR(d.norm(), f.distance_angstrom, 1e-9);
      EXPECT_NEAR(f.plane_distance_angstrom, f.distance_angstrom / 2, 1e-7);
      // The reverse face exists with the opposite image and the same area.
      bool found = false;
      for (const Face& g : t->cells[f.neighbor].faces) {
        if (g.neighbor == static_cast<int>(i) && g.image == -f.image) {
          found = true;
          EXPECT_NEAR(g.area_angstrom2, f.area_angstrom2, 1e-8);
        }
      }
      EXPECT_TRUE(found);
    }
  }
}

TEST(VoronoiTest, RadicalTessellationShiftsFacesTowardsSmallerSite) {
  const double a = 4.0;
  Options opt;
  opt.radii_angstrom = {1.6, 0.8};
  auto t = Tessellate(
      Make(a * Eigen::Matrix3d::Identity(), {{0, 0, 0}, {0.5, 0.5, 0.5}}),
      opt);
  ASSERT_OK(t.status());
  EXPECT_GT(t->cells[0].volume_angstrom3, t->cells[1].volume_angstrom3);
  EXPECT_NEAR(t->cells[0].volume_angstrom3 + t->cells[1].volume_angstrom3,
              a * a * a, 1e-8);
  for (const Face& f : t->cells[0].faces) {
    if (f.neighbor != 1) continue;
    const double d = a * std::sqrt(3.0) / 2;
    EXPECT_NEAR(f.distance_angstrom, d, 1e-8);
    EXPECT_NEAR(f.plane_distance_angstrom,
                (d * d + 1.6 * 1.6 - 0.8 * 0.8) / (2 * d), 1e-8);
  }
}

// A small sphere 0.4 Å from a large one: every point of space has a smaller
// power distance to the large sphere or one of its images, so the small
// site's power cell is empty (voro++ reports it as not computed). The large
// site's cell is then the whole unit cell, as without the small site.
TEST(VoronoiTest, RadicalTessellationHasEmptyCellForBuriedSphere) {
  const double a = 4.0;
  auto c = Make(a * Eigen::Matrix3d::Identity(), {{0, 0, 0}, {0.1, 0, 0}});
  Options opt;
  opt.radii_angstrom = {1.5, 0.1};
  auto t = Tessellate(c, opt);
  ASSERT_OK(t.status());
  EXPECT_FALSE(t->cells[0].empty);
  EXPECT_NEAR(t->cells[0].volume_angstrom3, a * a * a, 1e-9);
  EXPECT_EQ(t->cells[0].faces.size(), 6u);
  for (const Face& f : t->cells[0].faces) EXPECT_EQ(f.neighbor, 0);
  const Cell& hidden = t->cells[1];
  EXPECT_TRUE(hidden.empty);
  EXPECT_EQ(hidden.volume_angstrom3, 0);
  EXPECT_TRUE(hidden.faces.empty());
  EXPECT_TRUE(hidden.vertices_angstrom.empty());
  EXPECT_NEAR((hidden.center_angstrom - Eigen::Vector3d(0.4, 0, 0)).norm(), 0,
              1e-12);

  // The standard tessellation of the same sites has no empty cell.
  auto plain = Tessellate(c);
  ASSERT_OK(plain.status());
  for (const Cell& cell : plain->cells) {
    EXPECT_FALSE(cell.empty);
    EXPECT_GT(cell.volume_angstrom3, 0);
  }
}

// A planar carbonate-like group (centre 1.28 Å from three anions at 120°)
// with a point-like centre (radius 0) and 1.36 Å anions, beside a cation:
// the centre's power cell is empty, and the other cells are those of the
// structure without it.
TEST(VoronoiTest, EmptyPowerCellLeavesOtherCellsUnchanged) {
  Eigen::Matrix3d rows;
  rows << 5.3, 0, 0, 0.4, 5.6, 0, -0.7, 0.3, 6.1;
  const Eigen::Vector3d centre(1.0, 1.2, 1.5);
  std::vector<Eigen::Vector3d> cart = {centre};
  for (int k = 0; k < 3; ++k) {
    const double phi = 2 * kPi * k / 3 + 0.3;
    cart.push_back(centre + 1.28 * Eigen::Vector3d(std::cos(phi), std::sin(phi), 0));
  }
  cart.push_back({3.4, 3.9, 4.2});
  std::vector<Eigen::Vector3d> frac;
  for (const auto& x : cart) frac.push_back(rows.transpose().inverse() * x);
  Options opt;
  opt.radii_angstrom = {0.0, 1.36, 1.36, 1.36, 1.0};
  auto t = Tessellate(Make(rows, frac), opt);
  ASSERT_OK(t.status());
  EXPECT_TRUE(t->cells[0].empty);

  Options rest;
  rest.radii_angstrom = {1.36, 1.36, 1.36, 1.0};
  auto without = Tessellate(Make(rows, {frac.begin() + 1, frac.end()}), rest);
  ASSERT_OK(without.status());
  double total = 0;
  for (int i = 1; i < 5; ++i) {
    const Cell& got = t->cells[i];
    const Cell& want = without->cells[i - 1];
    EXPECT_FALSE(got.empty);
    EXPECT_NEAR(got.volume_angstrom3, want.volume_angstrom3, 1e-8);
    // Faces by (neighbour, image); voro++ may list them in another order.
    std::map<std::array<int, 4>, double> got_faces, want_faces;
    for (const Face& f : got.faces) {
      got_faces[{f.neighbor, f.image.x(), f.image.y(), f.image.z()}] +=
          f.area_angstrom2;
    }
    for (const Face& f : want.faces) {
      want_faces[{f.neighbor + 1, f.image.x(), f.image.y(), f.image.z()}] +=
          f.area_angstrom2;
    }
    ASSERT_EQ(got_faces.size(), want_faces.size());
    for (const auto& [key, area] : want_faces) {
      ASSERT_EQ(got_faces.count(key), 1u);
      EXPECT_NEAR(got_faces[key], area, 1e-8);
    }
    total += got.volume_angstrom3;
  }
  EXPECT_NEAR(total, rows.determinant(), 1e-8);
}

TEST(VoronoiTest, CoincidentSitesAreAnError) {
  auto t = Tessellate(Make(3.0 * Eigen::Matrix3d::Identity(),
                           {{0, 0, 0}, {0.99999999, 0, 0}}));
  EXPECT_THAT(t.status(), testing::StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(VoronoiTest, CoincidenceCheckSeesThroughSkewedLattice) {
  // An unreduced, strongly sheared lattice: the two sites are 5e-4 Å apart
  // only across a translation that is a combination of the rows; at 5e-3 Å
  // apart they are accepted. Guards the fractional-offset shortcut in front
  // of the image search.
  Eigen::Matrix3d rows;
  rows << 3.0, 0.0, 0.0,  //
      7.0, 3.0, 0.0,      //
      -5.0, 4.0, 3.5;
  const Eigen::Matrix3d inv = rows.inverse();
  for (double sep : {5e-4, 5e-3}) {
    // Site 2 at site 1 + (a + b) + sep along x, in fractional coordinates.
    const Eigen::Vector3d cart1(1.0, 1.0, 1.0);
    const Eigen::Vector3d cart2 =
        cart1 + rows.row(0).transpose() + rows.row(1).transpose() +
        Eigen::Vector3d(sep, 0, 0);
    Eigen::Vector3d f1 = inv.transpose() * cart1;
    Eigen::Vector3d f2 = inv.transpose() * cart2;
    f2 = f2.array() - f2.array().floor();
    auto t = Tessellate(Make(rows, {f1, f2}));
    if (sep < 1e-3) {
      EXPECT_THAT(t.status(),
                  testing::StatusIs(absl::StatusCode::kInvalidArgument));
    } else {
      EXPECT_OK(t.status());
    }
  }
}

TEST(VoronoiTest, SolidAngleOfCubeFace) {
  std::vector<Eigen::Vector3d> sq = {
      {1, -1, -1}, {1, 1, -1}, {1, 1, 1}, {1, -1, 1}};
  EXPECT_NEAR(SolidAngle(Eigen::Vector3d::Zero(), sq), 4 * kPi / 6, 1e-12);
}

}  // namespace
}  // namespace ionscreen::voronoi
