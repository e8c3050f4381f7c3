#include "lib/crystal/testing/fixtures.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "absl/strings/str_cat.h"
#include "lib/crystal/crystal_util.h"
#include "lib/element/element.h"

namespace ionscreen::crystal::fixtures {
namespace {

double Wrap(double x) {
  x -= std::floor(x);
  return x >= 1.0 ? 0.0 : x;
}

void SetFrac(const Eigen::Vector3d& f, Site* s) {
  s->set_frac_x(f[0]);
  s->set_frac_y(f[1]);
  s->set_frac_z(f[2]);
}

}  // namespace

Crystal MakeCrystal(const Eigen::Matrix3d& lattice, const std::vector<Atom>& atoms) {
  Crystal c;
  c.set_id("test");
  SetLattice(lattice, &c);
  for (const Atom& a : atoms) {
    AddSite(&c, absl::StrCat("s", c.sites_size()),
            {Wrap(a.x), Wrap(a.y), Wrap(a.z_frac)}, {{a.z, 1.0, a.oxidation}});
  }
  return c;
}

Crystal MakeCrystal(const std::string& id, const Eigen::Matrix3d& lattice,
                    const std::vector<int>& numbers,
                    const std::vector<Eigen::Vector3d>& frac) {
  Crystal c;
  c.set_id(id);
  SetLattice(lattice, &c);
  for (size_t i = 0; i < numbers.size(); ++i) {
    AddSite(&c, absl::StrCat(element::Get(numbers[i]).symbol, i), frac[i],
            {{numbers[i], 1.0}});
  }
  return c;
}

Crystal OneElementCrystal(const Eigen::Matrix3d& lattice,
                          const std::vector<Eigen::Vector3d>& frac, int z) {
  Crystal c;
  SetLattice(lattice, &c);
  for (const Eigen::Vector3d& f : frac) AddSite(&c, "", f, {{z, 1}});
  return c;
}

Site* AddSite(Crystal* c, const std::string& label, const Eigen::Vector3d& frac,
              const std::vector<OccupantSpec>& occupants) {
  Site* s = c->add_sites();
  s->set_label(label);
  SetFrac(frac, s);
  for (const OccupantSpec& o : occupants) {
    Occupant* occ = s->add_occupants();
    occ->set_atomic_number(o.z);
    occ->set_occupancy(o.occupancy);
    if (o.oxidation_state) occ->set_oxidation_state(*o.oxidation_state);
  }
  return s;
}

Crystal CompositionCrystal(const std::string& id,
                           const std::vector<std::vector<OccupantSpec>>& sites,
                           double a_angstrom) {
  Crystal c;
  c.set_id(id);
  SetLattice(Eigen::Matrix3d::Identity() * a_angstrom, &c);
  for (size_t i = 0; i < sites.size(); ++i) {
    const double f = static_cast<double>(i) / sites.size();
    AddSite(&c, absl::StrCat("s", i), {f, f, f}, sites[i]);
  }
  return c;
}

Crystal RockSaltLiF() {
  std::vector<Atom> atoms;
  const double f[4][3] = {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}};
  for (const auto& p : f) {
    atoms.push_back({3, 1, p[0], p[1], p[2]});
    atoms.push_back({9, -1, p[0] + .5, p[1], p[2]});
  }
  return MakeCrystal(Eigen::Matrix3d::Identity() * 4.03, atoms);
}

Crystal RockSalt(int cation, int anion, double a_angstrom) {
  const double fcc[4][3] = {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}};
  Crystal c;
  c.set_id("rocksalt");
  SetLattice(Eigen::Matrix3d::Identity() * a_angstrom, &c);
  for (const auto& p : fcc) AddSite(&c, "M", {p[0], p[1], p[2]}, {{cation, 1}});
  for (const auto& p : fcc) {
    AddSite(&c, "X", {Wrap(p[0] + .5), p[1], p[2]}, {{anion, 1}});
  }
  return c;
}

Crystal RockSalt(int cation, double cation_state, int anion, double anion_state,
                 double a_angstrom) {
  Crystal c = RockSalt(cation, anion, a_angstrom);
  for (Site& s : *c.mutable_sites()) {
    s.mutable_occupants(0)->set_oxidation_state(s.label() == "M" ? cation_state
                                                                  : anion_state);
  }
  return c;
}

Crystal TriclinicLi3PS4() {
  const Eigen::Matrix3d lattice =
      LatticeFromParameters(5.31, 6.12, 7.43, 81.3, 97.1, 104.2);
  return MakeCrystal(lattice, {{3, 1, 0.11, 0.23, 0.07},
                               {3, 1, 0.62, 0.41, 0.33},
                               {3, 1, 0.35, 0.83, 0.71},
                               {15, 5, 0.81, 0.12, 0.55},
                               {16, -2, 0.05, 0.61, 0.38},
                               {16, -2, 0.47, 0.09, 0.86},
                               {16, -2, 0.72, 0.69, 0.02},
                               {16, -2, 0.27, 0.37, 0.52}});
}

Crystal DistortedLiNaCl() {
  Eigen::Matrix3d rows;
  rows << 5.3, 0.1, 0.0, 0.2, 5.5, 0.0, -0.3, 0.1, 5.7;
  return MakeCrystal(rows, {{3, 1, 0.01, 0.0, 0.02},
                            {11, 1, 0.5, 0.52, 0.0},
                            {3, 1, 0.5, 0.0, 0.49},
                            {11, 1, 0.0, 0.5, 0.51},
                            {17, -1, 0.5, 0.01, 0.0},
                            {17, -1, 0.0, 0.5, 0.02},
                            {17, -1, 0.02, 0.0, 0.5},
                            {17, -1, 0.5, 0.5, 0.48}});
}

Crystal Li2OComposition() {
  return CompositionCrystal("Li2O", {{{3, 1.0, 1.0}}, {{3, 1.0, 1.0}}, {{8, 1.0, -2.0}}});
}

Crystal Fe2O3Composition() {
  return CompositionCrystal("Fe2O3", {{{26, 1, 3.0}}, {{26, 1, 3.0}}, {{8, 1, -2.0}},
                                      {{8, 1, -2.0}}, {{8, 1, -2.0}}});
}

Crystal LiNaClComposition() {
  return CompositionCrystal("LiNaCl2",
                            {{{3, 0.5, 1.0}, {11, 0.5, 1.0}}, {{17, 1.0, -1.0}}});
}

Crystal Translate(const Crystal& c, const Eigen::Vector3d& shift, bool wrap) {
  Crystal out = c;
  for (Site& s : *out.mutable_sites()) {
    Eigen::Vector3d f = FracPosition(s) + shift;
    if (wrap) f = Eigen::Vector3d(Wrap(f[0]), Wrap(f[1]), Wrap(f[2]));
    SetFrac(f, &s);
  }
  return out;
}

Crystal Rotate(const Crystal& c, const Eigen::Matrix3d& rotation) {
  Crystal out = c;
  SetLattice((rotation * LatticeMatrix(c).transpose()).transpose(), &out);
  return out;
}

Crystal Supercell(const Crystal& c, int n1, int n2, int n3) {
  Crystal out = c;
  out.clear_sites();
  Eigen::Matrix3d rows = LatticeMatrix(c);
  rows.row(0) *= n1;
  rows.row(1) *= n2;
  rows.row(2) *= n3;
  SetLattice(rows, &out);
  for (int i = 0; i < n1; ++i) {
    for (int j = 0; j < n2; ++j) {
      for (int k = 0; k < n3; ++k) {
        for (const Site& s : c.sites()) {
          Site* t = out.add_sites();
          *t = s;
          SetFrac({(s.frac_x() + i) / n1, (s.frac_y() + j) / n2,
                   (s.frac_z() + k) / n3},
                  t);
        }
      }
    }
  }
  return out;
}

Crystal Supercell(const Crystal& c, const Eigen::Matrix3i& m) {
  const Eigen::Matrix3d md = m.cast<double>();
  const Eigen::Matrix3d inv = md.inverse();
  // Old fractional f + t is new fractional (f + t) m^-1 (row vectors).
  const int reach = m.cwiseAbs().sum() + 1;
  Crystal out = c;
  out.clear_sites();
  SetLattice(md * LatticeMatrix(c), &out);
  for (const Site& s : c.sites()) {
    const Eigen::RowVector3d f = FracPosition(s).transpose();
    for (int a = -reach; a <= reach; ++a) {
      for (int b = -reach; b <= reach; ++b) {
        for (int d = -reach; d <= reach; ++d) {
          Eigen::RowVector3d g = (f + Eigen::RowVector3d(a, b, d)) * inv;
          bool inside = true;
          for (int k = 0; k < 3; ++k) {
            if (std::abs(g[k]) < 1e-9) g[k] = 0;
            if (g[k] < 0 || g[k] >= 1 - 1e-9) inside = false;
          }
          if (!inside) continue;
          Site* t = out.add_sites();
          *t = s;
          SetFrac(g.transpose(), t);
        }
      }
    }
  }
  return out;
}

Crystal Permute(const Crystal& c) {
  Crystal out = Reverse(c);
  auto* sites = out.mutable_sites();
  if (sites->size() > 2) {
    std::rotate(sites->begin(), sites->begin() + 2, sites->end());
  }
  return out;
}

Crystal Reverse(const Crystal& c) {
  Crystal out = c;
  std::reverse(out.mutable_sites()->begin(), out.mutable_sites()->end());
  return out;
}

Crystal Shuffle(const Crystal& c, unsigned seed, std::vector<int>* order) {
  std::vector<int> idx(c.sites_size());
  for (int i = 0; i < c.sites_size(); ++i) idx[i] = i;
  std::mt19937 rng(seed);
  std::shuffle(idx.begin(), idx.end(), rng);
  Crystal out = c;
  out.clear_sites();
  for (int i : idx) *out.add_sites() = c.sites(i);
  if (order != nullptr) *order = idx;
  return out;
}

Eigen::Matrix3d Rotation(const Eigen::Vector3d& axis, double angle_rad) {
  return Eigen::AngleAxisd(angle_rad, axis.normalized()).toRotationMatrix();
}

Eigen::Matrix3d SomeRotation() { return Rotation({1, 2, 3}, 0.7); }

}  // namespace ionscreen::crystal::fixtures
