// Invariance properties of the Voronoi/bonding descriptors: rotation of the
// Cartesian frame, permutation of the sites, a change of cell basis, and a
// 2x1x1 supercell (intensive features unchanged, per-cell complexity
// doubled). Structures built here; GII reads the IUCr table from SHARED_DIR.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"

namespace ionscreen {
namespace {

crystal::Crystal Base() {
  // A distorted LiCl-NaCl-like cell (Li+, Na+, Cl-) with 8 sites.
  Eigen::Matrix3d rows;
  rows << 5.3, 0.1, 0.0, 0.2, 5.5, 0.0, -0.3, 0.1, 5.7;
  crystal::Crystal c;
  c.set_id("test");
  crystal::SetLattice(rows, &c);
  struct S { double x, y, z; int zed; double ox; };
  std::vector<S> sites = {
      {0.01, 0.0, 0.02, 3, 1},   {0.5, 0.52, 0.0, 11, 1},
      {0.5, 0.0, 0.49, 3, 1},    {0.0, 0.5, 0.51, 11, 1},
      {0.5, 0.01, 0.0, 17, -1},  {0.0, 0.5, 0.02, 17, -1},
      {0.02, 0.0, 0.5, 17, -1},  {0.5, 0.5, 0.48, 17, -1}};
  for (const S& s : sites) {
    auto* site = c.add_sites();
    site->set_frac_x(s.x);
    site->set_frac_y(s.y);
    site->set_frac_z(s.z);
    auto* o = site->add_occupants();
    o->set_atomic_number(s.zed);
    o->set_occupancy(1);
    o->set_oxidation_state(s.ox);
  }
  return c;
}

crystal::Crystal Transform(const crystal::Crystal& in, const Eigen::Matrix3d& rot,
                           const Eigen::Matrix3i& basis, bool reverse) {
  // New rows = basis * old rows, rotated; sites re-expressed (and the
  // supercell filled) in the new basis.
  const Eigen::Matrix3d old_rows = crystal::LatticeMatrix(in);
  const Eigen::Matrix3d new_rows = basis.cast<double>() * old_rows;
  crystal::Crystal out = in;
  out.clear_sites();
  crystal::SetLattice((rot * new_rows.transpose()).transpose(), &out);
  const int det = static_cast<int>(std::lround(std::abs(basis.cast<double>().determinant())));
  const Eigen::Matrix3d to_new = new_rows.transpose().inverse();
  std::vector<crystal::Site> sites;
  for (const auto& s : in.sites()) {
    for (int a = -3; a <= 3; ++a)
      for (int b = -3; b <= 3; ++b)
        for (int k = -3; k <= 3; ++k) {
          Eigen::Vector3d cart =
              old_rows.transpose() * (crystal::FracPosition(s) + Eigen::Vector3d(a, b, k));
          Eigen::Vector3d f = to_new * cart;
          if ((f.array() >= -1e-9).all() && (f.array() < 1 - 1e-9).all()) {
            crystal::Site t = s;
            t.set_frac_x(f.x());
            t.set_frac_y(f.y());
            t.set_frac_z(f.z());
            sites.push_back(t);
          }
        }
  }
  EXPECT_EQ(sites.size(), static_cast<size_t>(in.sites_size() * det));
  if (reverse) std::reverse(sites.begin(), sites.end());
  for (const auto& s : sites) *out.add_sites() = s;
  return out;
}

std::vector<double> Describe(const std::string& name, const crystal::Crystal& c) {
  auto info = describe::FindDescriptor(name);
  EXPECT_TRUE(info.ok()) << name;
  auto d = (*info)->factory();
  describe::Params p;
  if (name == "bond_fractions") p["elements"] = "Li,Na,Cl";
  if (name == "global_instability") {
    const char* shared = std::getenv("SHARED_DIR");
    if (shared == nullptr) {
      ADD_FAILURE() << "SHARED_DIR is not set (needed for bvparm2020.cif)";
      return {};
    }
    p["bv_table"] = std::string(shared) + "/data/matminer/bvparm2020.cif";
  }
  EXPECT_OK(d->Configure(p));
  auto v = d->Compute(c);
  EXPECT_OK(v.status()) << name;
  return v.ok() ? *v : std::vector<double>();
}

const char* kNames[] = {"bond_fractions", "cavd_free_sphere", "chemical_ordering", "density_features",
                        "global_instability", "max_packing_efficiency",
                        "orbital_field_matrix",
                        "structural_complexity", "structural_heterogeneity"};

TEST(DescriptorInvariance, RotationPermutationAndBasis) {
  const crystal::Crystal base = Base();
  Eigen::Matrix3d rot =
      Eigen::AngleAxisd(1.1, Eigen::Vector3d(0.3, -1, 0.5).normalized())
          .toRotationMatrix();
  Eigen::Matrix3i basis;
  basis << 1, 0, 0, 1, 1, 0, 0, -1, 1;  // unimodular
  const crystal::Crystal moved = Transform(base, rot, basis, true);
  for (const char* name : kNames) {
    auto a = Describe(name, base);
    auto b = Describe(name, moved);
    ASSERT_EQ(a.size(), b.size()) << name;
    for (size_t k = 0; k < a.size(); ++k) {
      EXPECT_NEAR(a[k], b[k], 1e-8 * (1 + std::abs(a[k]))) << name << " " << k;
    }
  }
}

TEST(DescriptorInvariance, Supercell) {
  const crystal::Crystal base = Base();
  Eigen::Matrix3i basis;
  basis << 2, 0, 0, 0, 1, 0, 0, 0, 1;
  const crystal::Crystal super =
      Transform(base, Eigen::Matrix3d::Identity(), basis, false);
  for (const char* name : kNames) {
    auto a = Describe(name, base);
    auto b = Describe(name, super);
    ASSERT_EQ(a.size(), b.size()) << name;
    for (size_t k = 0; k < a.size(); ++k) {
      // Bits per cell is extensive.
      double scale = (std::string(name) == "structural_complexity" && k == 1) ? 2 : 1;
      EXPECT_NEAR(scale * a[k], b[k], 1e-8 * (1 + std::abs(b[k]))) << name << " " << k;
    }
  }
}

}  // namespace
}  // namespace ionscreen
