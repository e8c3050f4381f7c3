#include "lib/descriptors/common/test_crystals.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "lib/crystal/crystal_util.h"

namespace ionscreen::descriptors::fixtures {
namespace {
double Wrap(double x) {
  x -= std::floor(x);
  return x >= 1.0 ? 0.0 : x;
}
}  // namespace

crystal::Crystal MakeCrystal(const Eigen::Matrix3d& lattice,
                             const std::vector<Atom>& atoms) {
  crystal::Crystal c;
  c.set_id("test");
  crystal::SetLattice(lattice, &c);
  int i = 0;
  for (const Atom& a : atoms) {
    crystal::Site* s = c.add_sites();
    s->set_label(absl::StrCat("s", i++));
    s->set_frac_x(Wrap(a.x));
    s->set_frac_y(Wrap(a.y));
    s->set_frac_z(Wrap(a.z_frac));
    crystal::Occupant* o = s->add_occupants();
    o->set_atomic_number(a.z);
    o->set_occupancy(1.0);
    o->set_oxidation_state(a.oxidation);
  }
  return c;
}

crystal::Crystal RockSaltLiF() {
  std::vector<Atom> atoms;
  const double f[4][3] = {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}};
  for (const auto& p : f) {
    atoms.push_back({3, 1, p[0], p[1], p[2]});
    atoms.push_back({9, -1, p[0] + .5, p[1], p[2]});
  }
  return MakeCrystal(Eigen::Matrix3d::Identity() * 4.03, atoms);
}

crystal::Crystal TriclinicLi3PS4() {
  const Eigen::Matrix3d lattice =
      crystal::LatticeFromParameters(5.31, 6.12, 7.43, 81.3, 97.1, 104.2);
  return MakeCrystal(lattice, {{3, 1, 0.11, 0.23, 0.07},
                               {3, 1, 0.62, 0.41, 0.33},
                               {3, 1, 0.35, 0.83, 0.71},
                               {15, 5, 0.81, 0.12, 0.55},
                               {16, -2, 0.05, 0.61, 0.38},
                               {16, -2, 0.47, 0.09, 0.86},
                               {16, -2, 0.72, 0.69, 0.02},
                               {16, -2, 0.27, 0.37, 0.52}});
}

crystal::Crystal Translate(const crystal::Crystal& c, const Eigen::Vector3d& shift) {
  crystal::Crystal out = c;
  for (crystal::Site& s : *out.mutable_sites()) {
    s.set_frac_x(Wrap(s.frac_x() + shift[0]));
    s.set_frac_y(Wrap(s.frac_y() + shift[1]));
    s.set_frac_z(Wrap(s.frac_z() + shift[2]));
  }
  return out;
}

crystal::Crystal Rotate(const crystal::Crystal& c, const Eigen::Matrix3d& rotation) {
  crystal::Crystal out = c;
  const Eigen::Matrix3d rows = crystal::LatticeMatrix(c);
  crystal::SetLattice((rotation * rows.transpose()).transpose(), &out);
  return out;
}

crystal::Crystal Supercell(const crystal::Crystal& c, int n1, int n2, int n3) {
  crystal::Crystal out = c;
  out.clear_sites();
  Eigen::Matrix3d rows = crystal::LatticeMatrix(c);
  rows.row(0) *= n1;
  rows.row(1) *= n2;
  rows.row(2) *= n3;
  crystal::SetLattice(rows, &out);
  for (int i = 0; i < n1; ++i) {
    for (int j = 0; j < n2; ++j) {
      for (int k = 0; k < n3; ++k) {
        for (const crystal::Site& s : c.sites()) {
          crystal::Site* t = out.add_sites();
          *t = s;
          t->set_frac_x((s.frac_x() + i) / n1);
          t->set_frac_y((s.frac_y() + j) / n2);
          t->set_frac_z((s.frac_z() + k) / n3);
        }
      }
    }
  }
  return out;
}

crystal::Crystal Permute(const crystal::Crystal& c) {
  crystal::Crystal out = c;
  auto* sites = out.mutable_sites();
  std::reverse(sites->begin(), sites->end());
  if (sites->size() > 2) {
    std::rotate(sites->begin(), sites->begin() + 2, sites->end());
  }
  return out;
}

Eigen::Matrix3d SomeRotation() {
  return Eigen::AngleAxisd(0.7, Eigen::Vector3d(1, 2, 3).normalized())
      .toRotationMatrix();
}

}  // namespace ionscreen::descriptors::fixtures
