#include "lib/crystal/crystal_util.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "lib/element/element.h"

namespace ionscreen::crystal {
namespace {

constexpr double kAvogadro = 6.02214076e23;
constexpr double kOccupancyTolerance = 1e-6;
// pymatgen's Composition.amount_tolerance.
constexpr double kAmountTolerance = 1e-8;

double Electronegativity(int z) {
  double x = element::Get(z).pauling_electronegativity;
  // pymatgen sorts elements without an electronegativity last.
  return std::isnan(x) ? 1e9 : x;
}

// pymatgen.util.string.formula_double_format.
std::string FormatAmount(double amount, bool ignore_ones) {
  if (ignore_ones && amount == 1.0) return "";
  if (std::abs(amount - static_cast<long long>(amount)) < 1e-8) {
    return std::to_string(static_cast<long long>(amount));
  }
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.8f", amount);
  std::string s = buf;
  // Python's repr(round(x, 8)): trailing zeros go, one decimal stays
  // ("4.0" for 3.9999999999, which pymatgen does not treat as integral).
  while (s.size() > 2 && s.back() == '0' && s[s.size() - 2] != '.') s.pop_back();
  return s;
}

// pymatgen.core.composition.reduce_formula on integer amounts.
std::pair<std::string, long long> ReduceIntegerFormula(
    std::vector<std::pair<int, long long>> amounts) {
  std::sort(amounts.begin(), amounts.end(), [](const auto& x, const auto& y) {
    double ex = Electronegativity(x.first), ey = Electronegativity(y.first);
    if (ex != ey) return ex < ey;
    return std::string(element::Get(x.first).symbol) <
           element::Get(y.first).symbol;
  });
  long long factor = 0;
  for (const auto& [z, n] : amounts) factor = std::gcd(factor, n);
  if (factor == 0) factor = 1;
  std::string polyanion;
  size_t n_syms = amounts.size();
  if (n_syms >= 3 && Electronegativity(amounts[n_syms - 1].first) -
                             Electronegativity(amounts[n_syms - 2].first) <
                         1.65) {
    std::vector<std::pair<int, long long>> poly = {
        {amounts[n_syms - 2].first, amounts[n_syms - 2].second / factor},
        {amounts[n_syms - 1].first, amounts[n_syms - 1].second / factor}};
    auto [poly_form, poly_factor] = ReduceIntegerFormula(poly);
    if (poly_factor != 1) {
      polyanion = absl::StrCat("(", poly_form, ")", poly_factor);
      n_syms -= 2;
    }
  }
  std::string out;
  for (size_t i = 0; i < n_syms; ++i) {
    out += element::Get(amounts[i].first).symbol;
    out += FormatAmount(static_cast<double>(amounts[i].second) / factor, true);
  }
  return {out + polyanion, factor};
}

}  // namespace

Eigen::Matrix3d LatticeMatrix(const Crystal& c) {
  Eigen::Matrix3d m = Eigen::Matrix3d::Zero();
  const Lattice& l = c.lattice();
  for (int j = 0; j < 3 && j < l.a_angstrom_size(); ++j) m(0, j) = l.a_angstrom(j);
  for (int j = 0; j < 3 && j < l.b_angstrom_size(); ++j) m(1, j) = l.b_angstrom(j);
  for (int j = 0; j < 3 && j < l.c_angstrom_size(); ++j) m(2, j) = l.c_angstrom(j);
  return m;
}

void SetLattice(const Eigen::Matrix3d& rows, Crystal* c) {
  Lattice* l = c->mutable_lattice();
  l->clear_a_angstrom();
  l->clear_b_angstrom();
  l->clear_c_angstrom();
  for (int j = 0; j < 3; ++j) {
    l->add_a_angstrom(rows(0, j));
    l->add_b_angstrom(rows(1, j));
    l->add_c_angstrom(rows(2, j));
  }
}

Eigen::Matrix3d LatticeFromParameters(double a, double b, double c,
                                      double alpha_deg, double beta_deg,
                                      double gamma_deg) {
  // pymatgen Lattice.from_parameters (vesta=False).
  const double d2r = M_PI / 180.0;
  double ca = std::cos(alpha_deg * d2r), cb = std::cos(beta_deg * d2r),
         cg = std::cos(gamma_deg * d2r), sa = std::sin(alpha_deg * d2r),
         sb = std::sin(beta_deg * d2r);
  double val = (ca * cb - cg) / (sa * sb);
  val = std::max(-1.0, std::min(1.0, val));
  double gamma_star = std::acos(val);
  Eigen::Matrix3d m;
  m.row(0) << a * sb, 0.0, a * cb;
  m.row(1) << -b * sa * std::cos(gamma_star), b * sa * std::sin(gamma_star),
      b * ca;
  m.row(2) << 0.0, 0.0, c;
  return m;
}

double VolumeAngstrom3(const Crystal& c) {
  return std::abs(LatticeMatrix(c).determinant());
}

Eigen::Vector3d FracPosition(const Site& s) {
  return Eigen::Vector3d(s.frac_x(), s.frac_y(), s.frac_z());
}

Eigen::Vector3d CartesianPosition(const Crystal& c, const Site& s) {
  return LatticeMatrix(c).transpose() * FracPosition(s);
}

bool IsSiteDisordered(const Site& s) {
  if (s.occupants_size() != 1) return true;
  return s.occupants(0).occupancy() < 1.0 - kOccupancyTolerance;
}

bool IsDisordered(const Crystal& c) {
  for (const Site& s : c.sites()) {
    if (IsSiteDisordered(s)) return true;
  }
  return false;
}

std::map<int, double> Composition(const Crystal& c) {
  std::map<int, double> out;
  for (const Site& s : c.sites()) {
    for (const Occupant& o : s.occupants()) {
      out[o.atomic_number()] += o.occupancy();
    }
  }
  return out;
}

double NumAtoms(const Crystal& c) {
  double n = 0;
  for (const auto& [z, amount] : Composition(c)) n += amount;
  return n;
}

std::vector<std::pair<int, double>> CompositionInSiteOrder(const Crystal& c) {
  std::vector<std::pair<int, double>> out;
  for (const Site& s : c.sites()) {
    for (const Occupant& o : s.occupants()) {
      auto it = std::find_if(out.begin(), out.end(), [&](const auto& a) {
        return a.first == o.atomic_number();
      });
      if (it == out.end()) {
        out.push_back({o.atomic_number(), o.occupancy()});
      } else {
        it->second += o.occupancy();
      }
    }
  }
  return out;
}

double DensityGramPerCm3(const Crystal& c) {
  double mass_amu = 0;
  for (const auto& [z, amount] : Composition(c)) {
    if (z >= 1 && z <= element::kMaxAtomicNumber) {
      mass_amu += amount * element::Get(z).mass_amu;
    }
  }
  double volume_cm3 = VolumeAngstrom3(c) * 1e-24;
  return mass_amu / kAvogadro / volume_cm3;
}

std::string ReducedFormula(const std::map<int, double>& composition) {
  std::vector<std::pair<int, double>> amounts;
  bool all_int = true;
  for (const auto& [z, amount] : composition) {
    if (z < 1 || z > element::kMaxAtomicNumber) continue;
    if (std::abs(amount) <= kAmountTolerance) continue;
    amounts.emplace_back(z, amount);
    if (std::abs(amount - std::round(amount)) >= kAmountTolerance) {
      all_int = false;
    }
  }
  if (amounts.empty()) return "";
  if (!all_int) {
    // pymatgen returns the unreduced formula, amounts always printed.
    std::stable_sort(amounts.begin(), amounts.end(),
                     [](const auto& x, const auto& y) {
                       return Electronegativity(x.first) <
                              Electronegativity(y.first);
                     });
    std::string out;
    for (const auto& [z, amount] : amounts) {
      out += element::Get(z).symbol;
      out += FormatAmount(amount, false);
    }
    return out;
  }
  std::vector<std::pair<int, long long>> ints;
  for (const auto& [z, amount] : amounts) {
    ints.emplace_back(z, std::llround(amount));
  }
  std::string formula = ReduceIntegerFormula(ints).first;
  static const std::pair<const char*, const char*> kSpecial[] = {
      {"LiO", "Li2O2"}, {"NaO", "Na2O2"}, {"KO", "K2O2"}, {"HO", "H2O2"},
      {"CsO", "Cs2O2"}, {"RbO", "Rb2O2"}, {"O", "O2"},    {"N", "N2"},
      {"F", "F2"},      {"Cl", "Cl2"},    {"H", "H2"}};
  for (const auto& [from, to] : kSpecial) {
    if (formula == from) return to;
  }
  return formula;
}

namespace {
ValidationLimits& MutableDefaultLimits() {
  static ValidationLimits* limits = new ValidationLimits();
  return *limits;
}
}  // namespace

const ValidationLimits& DefaultValidationLimits() {
  return MutableDefaultLimits();
}

void SetDefaultValidationLimits(const ValidationLimits& limits) {
  MutableDefaultLimits() = limits;
}

absl::Status Validate(const Crystal& c) {
  return ValidateCrystal(c, DefaultValidationLimits());
}

absl::Status RecordError(absl::string_view what, const Crystal& c,
                         const absl::Status& status) {
  return absl::Status(status.code(), absl::StrCat(what, ": record ", c.id(),
                                                  ": ", status.message()));
}

absl::Status ValidateCrystal(const Crystal& c, const ValidationLimits& limits) {
  const Lattice& l = c.lattice();
  if (l.a_angstrom_size() != 3 || l.b_angstrom_size() != 3 ||
      l.c_angstrom_size() != 3) {
    return absl::InvalidArgumentError("lattice does not have three 3-vectors");
  }
  Eigen::Matrix3d m = LatticeMatrix(c);
  if (!m.allFinite()) return absl::InvalidArgumentError("lattice is not finite");
  double det = m.determinant();
  if (!(std::abs(det) > 1e-6)) {
    return absl::InvalidArgumentError(
        absl::StrCat("cell volume is zero or degenerate (", det, " Å³)"));
  }
  const double volume = std::abs(det);
  if (!(volume <= limits.max_volume_angstrom3)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cell volume ", volume, " Å³ exceeds the limit of ",
        limits.max_volume_angstrom3,
        " Å³ (raise it with --max_volume_angstrom3)"));
  }
  // Spacing of the lattice planes spanned by two of the vectors:
  // 1 / |column k of L^-1|.
  const Eigen::Matrix3d inv = m.inverse();
  for (int k = 0; k < 3; ++k) {
    const double spacing = 1.0 / inv.col(k).norm();
    if (!(spacing >= kMinInterplanarSpacingAngstrom)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "cell is too thin: lattice planes ", spacing, " Å apart (< ",
          kMinInterplanarSpacingAngstrom, " Å)"));
    }
  }
  if (c.sites_size() == 0) return absl::InvalidArgumentError("no atoms");
  if (c.sites_size() > limits.max_sites) {
    return absl::InvalidArgumentError(absl::StrCat(
        c.sites_size(), " sites exceed the limit of ", limits.max_sites,
        " (raise it with --max_sites)"));
  }
  if (volume / c.sites_size() < kMinVolumePerSiteAngstrom3) {
    return absl::InvalidArgumentError(absl::StrCat(
        c.sites_size(), " sites in ", volume, " Å³: denser than ",
        kMinVolumePerSiteAngstrom3, " Å³ per site"));
  }
  for (const Site& s : c.sites()) {
    if (!std::isfinite(s.frac_x()) || !std::isfinite(s.frac_y()) ||
        !std::isfinite(s.frac_z())) {
      return absl::InvalidArgumentError(
          absl::StrCat("site ", s.label(), ": coordinates are not finite"));
    }
    if (std::abs(s.frac_x()) > kMaxAbsFractionalCoordinate ||
        std::abs(s.frac_y()) > kMaxAbsFractionalCoordinate ||
        std::abs(s.frac_z()) > kMaxAbsFractionalCoordinate) {
      return absl::InvalidArgumentError(absl::StrCat(
          "site ", s.label(), ": fractional coordinates (", s.frac_x(), ", ",
          s.frac_y(), ", ", s.frac_z(), ") far outside the cell"));
    }
    if (s.occupants_size() == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("site ", s.label(), ": no occupants"));
    }
    double total = 0;
    for (const Occupant& o : s.occupants()) {
      if (o.atomic_number() < 1 || o.atomic_number() > element::kMaxAtomicNumber) {
        return absl::InvalidArgumentError(absl::StrCat(
            "site ", s.label(), ": unknown element Z=", o.atomic_number()));
      }
      if (!(o.occupancy() > 0) || !(o.occupancy() <= 1.0 + 1e-3)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "site ", s.label(), ": occupancy ", o.occupancy(),
            " not in (0, 1]"));
      }
      if (o.has_oxidation_state() && !std::isfinite(o.oxidation_state())) {
        return absl::InvalidArgumentError(absl::StrCat(
            "site ", s.label(), ": oxidation state ", o.oxidation_state(),
            " is not finite"));
      }
      total += o.occupancy();
    }
    if (total > 1.0 + 1e-3) {
      return absl::InvalidArgumentError(absl::StrCat(
          "site ", s.label(), ": occupancies sum to ", total, " > 1"));
    }
  }
  return absl::OkStatus();
}

}  // namespace ionscreen::crystal
