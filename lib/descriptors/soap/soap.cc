#include "lib/descriptors/soap/soap.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/descriptors/common/periodic.h"
#include "lib/element/element.h"

namespace ionscreen::descriptors::soap {
namespace {

constexpr double kPi = 3.14159265358979323846;

std::string SpeciesList(const std::vector<int>& species) {
  std::vector<std::string> symbols;
  for (int z : species) symbols.push_back(element::Get(z).symbol);
  return absl::StrCat("[", absl::StrJoin(symbols, ", "), "]");
}

// exp(x) for -700 <= x[i] <= 0, within a few ulp of libm's exp,
// four at a time: count must be a multiple of 4. glibc's exp is one call
// per value and was a third of the run time. Cody-Waite reduction
// x = n ln2 + r, |r| <= ln2 / 2, degree-12 Taylor (truncation below 2e-16
// relative), 2^n written into the exponent bits. GCC vector extensions:
// plain SSE2 pairs on the default target.
typedef double Vec4d __attribute__((vector_size(32)));
typedef int64_t Vec4i __attribute__((vector_size(32)));

void ExpNonPositive(const double* x, double* y, int count) {
  constexpr double kLog2e = 1.4426950408889634;
  constexpr double kLn2Hi = 6.93147180369123816490e-01;  // n * kLn2Hi is exact
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  constexpr double kShifter = 6755399441055744.0;         // 1.5 * 2^52
  constexpr int64_t kShifterBits = 0x4338000000000000;
  for (int i = 0; i < count; i += 4) {
    Vec4d xi;
    std::memcpy(&xi, x + i, sizeof(xi));
    const Vec4d t = xi * kLog2e + kShifter;  // n in the low mantissa bits
    const Vec4d n = t - kShifter;
    const Vec4d r = (xi - n * kLn2Hi) - n * kLn2Lo;
    Vec4d p = Vec4d{} + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    const Vec4i scale_bits = ((Vec4i)t - kShifterBits + 1023) << 52;
    const Vec4d out = p * (Vec4d)scale_bits;
    std::memcpy(y + i, &out, sizeof(out));
  }
}

}  // namespace

absl::StatusOr<SoapCalculator> SoapCalculator::Create(SoapOptions options) {
  if (!(options.sigma_angstrom > 0) || !std::isfinite(options.sigma_angstrom)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "sigma must be positive (got ", options.sigma_angstrom, ")"));
  }
  if (!std::isfinite(options.rcut_angstrom)) {
    return absl::InvalidArgumentError("rcut must be finite");
  }
  if (options.lmax < 0 || options.lmax > kMaxLmax) {
    return absl::InvalidArgumentError(absl::StrCat(
        "lmax must be in 0..", kMaxLmax, " (got ", options.lmax, ")"));
  }
  if (options.species.empty()) {
    return absl::InvalidArgumentError("species must not be empty");
  }
  for (int z : options.species) {
    if (z < 1 || z > element::kMaxAtomicNumber) {
      return absl::InvalidArgumentError(
          absl::StrCat("species: atomic number ", z, " is not an element"));
    }
  }
  std::sort(options.species.begin(), options.species.end());
  options.species.erase(
      std::unique(options.species.begin(), options.species.end()),
      options.species.end());

  if (options.pairs_with != 0 &&
      !std::binary_search(options.species.begin(), options.species.end(),
                          options.pairs_with)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "pairs_with: ",
        options.pairs_with >= 1 && options.pairs_with <= element::kMaxAtomicNumber
            ? element::Get(options.pairs_with).symbol
            : absl::StrCat("Z=", options.pairs_with),
        " is not in the SOAP species ", SpeciesList(options.species)));
  }

  SoapCalculator calc;
  ASSIGN_OR_RETURN(calc.basis_, MakeGtoBasis(options.rcut_angstrom,
                                             options.nmax, options.lmax));
  calc.options_ = options;
  const int nmax = options.nmax, lmax = options.lmax;
  const size_t n_species = options.species.size();
  std::fill(std::begin(calc.species_index_), std::end(calc.species_index_), -1);
  for (size_t s = 0; s < n_species; ++s) {
    calc.species_index_[options.species[s]] = static_cast<int>(s);
  }
  calc.per_species_ = static_cast<size_t>(nmax) * (lmax + 1) * (lmax + 1);
  const size_t same = static_cast<size_t>(nmax) * (nmax + 1) / 2 * (lmax + 1);
  const size_t cross = static_cast<size_t>(nmax) * nmax * (lmax + 1);
  // Blocks in DScribe's order, then (pairs_with) the authors' selection.
  for (size_t s1 = 0; s1 < n_species; ++s1) {
    for (size_t s2 = s1; s2 < n_species; ++s2) {
      if (s2 != s1 && !options.crossover) continue;
      calc.blocks_.push_back({static_cast<int>(s1), static_cast<int>(s2), 0});
    }
  }
  if (options.pairs_with != 0) {
    const int p = calc.species_index_[options.pairs_with];
    std::vector<Block> kept;
    for (const Block& b : calc.blocks_) {
      if (b.s1 == p || b.s2 == p) kept.push_back(b);
    }
    auto partner = [&](const Block& b) {
      return std::string(
          element::Get(options.species[b.s1 == p ? b.s2 : b.s1]).symbol);
    };
    std::stable_sort(kept.begin(), kept.end(),
                     [&](const Block& a, const Block& b) {
                       return partner(a) < partner(b);
                     });
    calc.blocks_ = std::move(kept);
  }
  calc.dimension_ = 0;
  for (Block& b : calc.blocks_) {
    b.offset = calc.dimension_;
    calc.dimension_ += b.s1 == b.s2 ? same : cross;
  }
  calc.cutoff_angstrom_ =
      options.rcut_angstrom + CutoffPaddingAngstrom(options.sigma_angstrom);

  // Projection of exp(-eta |r - r_j|^2) on r^l exp(-alpha r^2) Y_lm:
  //   (pi / (eta + alpha))^{3/2} (eta / (eta + alpha))^l
  //   * exp(-eta alpha r_j^2 / (eta + alpha)) r_j^l Y_lm(r_j^).
  const double eta = 1.0 / (2.0 * options.sigma_angstrom * options.sigma_angstrom);
  for (int l = 0; l <= lmax; ++l) {
    Eigen::VectorXd pref(nmax);
    for (int k = 0; k < nmax; ++k) {
      const double a = calc.basis_.alphas[l](k);
      calc.exponents_.push_back(-eta * a / (eta + a));
      pref(k) = std::pow(kPi / (eta + a), 1.5) * std::pow(eta / (eta + a), l);
    }
    const Eigen::MatrixXd t = calc.basis_.betas[l] * pref.asDiagonal();
    for (int n = 0; n < nmax; ++n) {
      for (int k = 0; k < nmax; ++k) calc.transforms_.push_back(t(n, k));
    }
    calc.ps_prefactor_.push_back(kPi * std::sqrt(8.0 / (2.0 * l + 1.0)));
  }
  // Grid for exp(e r^2): r^2 = g h + delta, exp(e r^2) = table[g] exp(e delta)
  // with |e delta| <= 1/64, where the degree-6 series is exact to 5e-17.
  double e_max = 0;
  for (double e : calc.exponents_) e_max = std::max(e_max, -e);
  if (e_max > 0 && options.exp_grid) {
    const double step = 1.0 / (64.0 * e_max);
    const double rows =
        std::floor(calc.cutoff_angstrom_ * calc.cutoff_angstrom_ / step) + 2;
    const size_t n_radial = calc.exponents_.size();
    if (rows * n_radial <= (1 << 20)) {  // <= 8 MB
      calc.exp_step_angstrom2_ = step;
      calc.exp_table_.resize(static_cast<size_t>(rows) * n_radial);
      for (size_t g = 0; g < static_cast<size_t>(rows); ++g) {
        for (size_t t = 0; t < n_radial; ++t) {
          calc.exp_table_[g * n_radial + t] =
              std::exp(calc.exponents_[t] * (static_cast<double>(g) * step));
        }
      }
    }
  }

  // Real solid harmonics r^l Y_lm = N_lm Pi_l^m(z, r^2) {Re, Im}(x + iy)^m,
  // with Pi_m^m = (2m-1)!!, Pi_l^m = (a z Pi_{l-1}^m - b r^2 Pi_{l-2}^m).
  calc.norm_.assign((lmax + 1) * (lmax + 1), 0.0);
  calc.rec_a_.assign((lmax + 1) * (lmax + 1), 0.0);
  calc.rec_b_.assign((lmax + 1) * (lmax + 1), 0.0);
  for (int l = 0; l <= lmax; ++l) {
    for (int m = 0; m <= l; ++m) {
      double ratio = 1.0;  // (l-m)! / (l+m)!
      for (int t = l - m + 1; t <= l + m; ++t) ratio /= t;
      double n = std::sqrt((2.0 * l + 1.0) / (4.0 * kPi) * ratio);
      if (m > 0) n *= std::sqrt(2.0);
      calc.norm_[l * l + l + m] = n;
      calc.norm_[l * l + l - m] = n;
      if (l > m) {
        calc.rec_a_[l * (lmax + 1) + m] = (2.0 * l - 1.0) / (l - m);
        calc.rec_b_[l * (lmax + 1) + m] = (l + m - 1.0) / (l - m);
      }
    }
  }
  return calc;
}

std::vector<std::string> SoapCalculator::feature_labels() const {
  std::vector<std::string> labels;
  labels.reserve(dimension_);
  for (const Block& b : blocks_) {
    const char* a = element::Get(options_.species[b.s1]).symbol;
    const char* c = element::Get(options_.species[b.s2]).symbol;
    for (int l = 0; l <= options_.lmax; ++l) {
      for (int n = 0; n < options_.nmax; ++n) {
        for (int n2 = b.s1 == b.s2 ? n : 0; n2 < options_.nmax; ++n2) {
          labels.push_back(absl::StrCat(a, "_", c, "_l", l, "_n", n, "_n", n2));
        }
      }
    }
  }
  return labels;
}

void SoapCalculator::PowerSpectrum(const double* c,
                                   std::vector<double>* out) const {
  PowerSpectrum(c, std::vector<char>(options_.species.size(), 1), out);
}

void SoapCalculator::PowerSpectrum(const double* c,
                                   const std::vector<char>& present,
                                   std::vector<double>* out) const {
  const size_t start = out->size();
  out->resize(start + dimension_, 0.0);
  AccumulatePowerSpectrum(c, present, 1.0, out->data() + start);
}

void SoapCalculator::AccumulatePowerSpectrum(const double* c,
                                             const std::vector<char>& present,
                                             double weight, double* sum) const {
  const int nmax = options_.nmax;
  for (const Block& b : blocks_) {
    if (!present[b.s1] || !present[b.s2]) continue;
    double* dst = sum + b.offset;
    for (int l = 0; l <= options_.lmax; ++l) {
      const int width = 2 * l + 1;
      const double pref = weight * ps_prefactor_[l];
      for (int n = 0; n < nmax; ++n) {
        const double* x = c + CoefficientIndex(b.s1, l, n, -l);
        for (int n2 = b.s1 == b.s2 ? n : 0; n2 < nmax; ++n2) {
          const double* y = c + CoefficientIndex(b.s2, l, n2, -l);
          double dot = 0;
          for (int m = 0; m < width; ++m) dot += x[m] * y[m];
          *dst++ += pref * dot;
        }
      }
    }
  }
}

template <typename Fn>
absl::Status SoapCalculator::ForEachCentre(const crystal::Crystal& c,
                                           std::vector<char>* present,
                                           Fn&& fn) const {
  RETURN_IF_ERROR(crystal::Validate(c));
  if (c.sites().empty()) return absl::InvalidArgumentError("no sites");
  const Eigen::Matrix3d lattice = crystal::LatticeMatrix(c);
  if (!(std::abs(lattice.determinant()) > 1e-9)) {
    return absl::InvalidArgumentError("degenerate lattice (zero volume)");
  }
  const int nmax = options_.nmax, lmax = options_.lmax;
  const int n_lm = (lmax + 1) * (lmax + 1);
  const int n_radial = nmax * (lmax + 1);

  // Flattened cell: wrapped fractional and Cartesian positions, occupants
  // (species as an index among the species present in this structure).
  struct Occ {
    int local;
    double weight;
  };
  const int n_sites = c.sites_size();
  std::vector<Eigen::Vector3d> frac(n_sites), cart(n_sites);
  std::vector<std::vector<Occ>> occupants(n_sites);
  present->assign(options_.species.size(), 0);
  std::vector<double> site_weight(n_sites, 0.0);
  for (int i = 0; i < n_sites; ++i) {
    const crystal::Site& site = c.sites(i);
    Eigen::Vector3d f = crystal::FracPosition(site);
    for (int k = 0; k < 3; ++k) f[k] -= std::floor(f[k]);
    frac[i] = f;
    cart[i] = lattice.transpose() * f;
    for (const crystal::Occupant& o : site.occupants()) {
      const int z = o.atomic_number();
      const int s = (z >= 1 && z < 128) ? species_index_[z] : -1;
      if (s < 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            "site ", site.label().empty() ? absl::StrCat("#", i) : site.label(),
            " holds ", z >= 1 && z <= element::kMaxAtomicNumber
                           ? element::Get(z).symbol
                           : absl::StrCat("Z=", z),
            ", which is not in the SOAP species ",
            SpeciesList(options_.species)));
      }
      occupants[i].push_back({s, o.occupancy()});
      (*present)[s] = 1;
      site_weight[i] += o.occupancy();
    }
  }
  // Only species present in the structure are touched: with a data-set-wide
  // species list most blocks stay zero.
  std::vector<int> present_species, local_of(options_.species.size(), -1);
  for (size_t s = 0; s < present->size(); ++s) {
    if ((*present)[s]) {
      local_of[s] = static_cast<int>(present_species.size());
      present_species.push_back(static_cast<int>(s));
    }
  }
  for (auto& occ : occupants) {
    for (Occ& o : occ) o.local = local_of[o.local];
  }
  const int n_local = static_cast<int>(present_species.size());

  // Column k of L^-1 is the reciprocal vector b*_k: a neighbour within the
  // cutoff differs by at most cutoff |b*_k| in fractional coordinate k.
  const Eigen::Matrix3d inv = lattice.inverse();
  double reach[3];
  for (int k = 0; k < 3; ++k) reach[k] = cutoff_angstrom_ * inv.col(k).norm();
  const double cutoff2 = cutoff_angstrom_ * cutoff_angstrom_;
  const Eigen::Vector3d a_vec = lattice.row(0).transpose();
  const Eigen::Vector3d b_vec = lattice.row(1).transpose();
  const Eigen::Vector3d c_vec = lattice.row(2).transpose();
  const double cc = c_vec.squaredNorm(), inv_cc = 1.0 / cc;

  // Primitive sums of every centre, [site][local species][l, k, m]. Each
  // neighbour pair is evaluated once and added to both of its centres: the
  // solid harmonics of -d are (-1)^l those of d, the Gaussians are equal.
  const size_t per_centre = static_cast<size_t>(n_local) * per_species_;
  std::vector<double> raw(static_cast<size_t>(n_sites) * per_centre, 0.0);
  const int n_radial_padded = (n_radial + 3) / 4 * 4;  // ExpNonPositive's 4
  std::vector<double> solid(n_lm), arg(n_radial_padded, 0.0),
      expo(n_radial_padded);
  std::vector<double> prod(per_species_);
  std::vector<double> cos_m(lmax + 1), sin_m(lmax + 1);

  // Per-entry factors of prod: `reverse` for the pair read from its other
  // end ((-1)^l), `self` for the images T and -T of one site (2 for even l,
  // 0 for odd l).
  std::vector<double> reverse(per_species_), self(per_species_);
  for (int l = 0; l <= lmax; ++l) {
    for (size_t t = static_cast<size_t>(nmax) * l * l;
         t < static_cast<size_t>(nmax) * (l + 1) * (l + 1); ++t) {
      reverse[t] = (l & 1) ? -1.0 : 1.0;
      self[t] = (l & 1) ? 0.0 : 2.0;
    }
  }
  // Adds occupancy * factor * prod to centre `centre` per occupant.
  auto add = [&](int centre, const std::vector<Occ>& occ,
                 const double* factor) {
    for (const Occ& o : occ) {
      double* dst = raw.data() + centre * per_centre + o.local * per_species_;
      const double w = o.weight;
      if (factor == nullptr) {
        for (size_t t = 0; t < per_species_; ++t) dst[t] += w * prod[t];
      } else {
        for (size_t t = 0; t < per_species_; ++t) {
          dst[t] += w * (factor[t] * prod[t]);
        }
      }
    }
  };

  for (int i = 0; i < n_sites; ++i) {
    for (int j = i; j < n_sites; ++j) {
      const Eigen::Vector3d df = frac[j] - frac[i];
      const Eigen::Vector3d d0 = cart[j] - cart[i];
      // c is bounded per (a, b) below, tighter than its reach.
      const ImageShifts sa = ImageShiftsWithin(reach[0], df[0]);
      const ImageShifts sb = ImageShiftsWithin(reach[1], df[1]);
      for (int ta = sa.lo; ta <= sa.hi; ++ta) {
        for (int tb = sb.lo; tb <= sb.hi; ++tb) {
          const Eigen::Vector3d dab = d0 + ta * a_vec + tb * b_vec;
          // |dab + tc c|^2 <= cutoff^2 only between the roots of a quadratic
          // in tc; one extra step each side guards round-off, r2 decides.
          const double bc = dab.dot(c_vec);
          const double disc = bc * bc - cc * (dab.squaredNorm() - cutoff2);
          if (disc < 0) continue;
          const double mid = -bc * inv_cc, half = std::sqrt(disc) * inv_cc;
          const int tc_lo = static_cast<int>(std::floor(mid - half));
          const int tc_hi = static_cast<int>(std::ceil(mid + half));
          for (int tc = tc_lo; tc <= tc_hi; ++tc) {
            // Same site: the image -T is the pair read backwards; take the
            // lexicographically positive T only (and T = 0, the centre).
            int parity = -1;
            if (i == j) {
              if (ta < 0 || (ta == 0 && (tb < 0 || (tb == 0 && tc < 0)))) {
                continue;
              }
              parity = (ta == 0 && tb == 0 && tc == 0) ? 1 : 0;
            }
            const Eigen::Vector3d d = dab + tc * c_vec;
            const double r2 = d.squaredNorm();
            if (r2 > cutoff2) continue;
            const double x = d[0], y = d[1], z = d[2];
            // Solid harmonics r^l Y_lm at d.
            cos_m[0] = 1.0;
            sin_m[0] = 0.0;
            for (int m = 1; m <= lmax; ++m) {
              cos_m[m] = cos_m[m - 1] * x - sin_m[m - 1] * y;
              sin_m[m] = sin_m[m - 1] * x + cos_m[m - 1] * y;
            }
            double pmm = 1.0;  // (2m-1)!!
            for (int m = 0; m <= lmax; ++m) {
              if (m > 0) pmm *= 2.0 * m - 1.0;
              double p2 = 0.0, p1 = pmm;
              for (int l = m; l <= lmax; ++l) {
                double p;
                if (l == m) {
                  p = pmm;
                } else {
                  p = rec_a_[l * (lmax + 1) + m] * z * p1 -
                      rec_b_[l * (lmax + 1) + m] * r2 * p2;
                  p2 = p1;
                  p1 = p;
                }
                const int base = l * l + l;
                if (m == 0) {
                  solid[base] = norm_[base] * p;
                } else {
                  solid[base + m] = norm_[base + m] * p * cos_m[m];
                  solid[base - m] = norm_[base - m] * p * sin_m[m];
                }
              }
            }
            if (!exp_table_.empty()) {
              const int g = static_cast<int>(r2 / exp_step_angstrom2_);
              const double delta = r2 - g * exp_step_angstrom2_;
              const double* row = exp_table_.data() + g * n_radial;
              for (int t = 0; t < n_radial; ++t) {
                const double x = exponents_[t] * delta;
                const double p =
                    1.0 + x * (1.0 + x * (1.0 / 2 + x * (1.0 / 6 + x * (1.0 / 24 +
                    x * (1.0 / 120 + x * (1.0 / 720))))));
                expo[t] = row[t] * p;
              }
            } else {
              for (int t = 0; t < n_radial; ++t) {
                arg[t] = std::max(exponents_[t] * r2, -700.0);  // exp's domain
              }
              ExpNonPositive(arg.data(), expo.data(), n_radial_padded);
            }
            // The term as seen from centre i (the other end: odd l negated).
            for (int l = 0; l <= lmax; ++l) {
              const int width = 2 * l + 1;
              const double* sh = solid.data() + l * l;
              double* row = prod.data() + static_cast<size_t>(nmax) * l * l;
              for (int k = 0; k < nmax; ++k) {
                const double f = expo[l * nmax + k];
                for (int m = 0; m < width; ++m) row[k * width + m] = f * sh[m];
              }
            }
            if (i != j) {
              add(i, occupants[j], nullptr);
              add(j, occupants[i], reverse.data());
            } else {
              add(i, occupants[i], parity == 1 ? nullptr : self.data());
            }
          }
        }
      }
    }
  }

  // Primitive sums -> orthonormal radial functions (with the prefactor),
  // into the calculator's full layout (absent species stay zero).
  std::vector<double> coef(coefficients_per_centre(), 0.0);
  for (int i = 0; i < n_sites; ++i) {
    for (int local = 0; local < n_local; ++local) {
      const double* in = raw.data() + i * per_centre + local * per_species_;
      double* out = coef.data() + CoefficientIndex(present_species[local], 0, 0, 0);
      for (int l = 0; l <= lmax; ++l) {
        const int width = 2 * l + 1;
        const size_t off = static_cast<size_t>(nmax) * l * l;
        const double* tr = transforms_.data() + static_cast<size_t>(l) * nmax * nmax;
        for (int n = 0; n < nmax; ++n) {
          double* o = out + off + n * width;
          for (int m = 0; m < width; ++m) o[m] = 0.0;
          for (int k = 0; k < nmax; ++k) {
            const double t = tr[n * nmax + k];
            const double* src = in + off + k * width;
            for (int m = 0; m < width; ++m) o[m] += t * src[m];
          }
        }
      }
    }
    fn(i, site_weight[i], coef.data());
  }
  return absl::OkStatus();
}

absl::StatusOr<SoapExpansion> SoapCalculator::Expand(
    const crystal::Crystal& c) const {
  SoapExpansion e;
  const size_t size = coefficients_per_centre();
  std::vector<char> present;
  RETURN_IF_ERROR(ForEachCentre(c, &present, [&](int, double w, const double* coef) {
    e.coefficients.emplace_back(coef, coef + size);
    e.centre_weights.push_back(w);
  }));
  return e;
}

absl::StatusOr<std::vector<double>> SoapCalculator::Compute(
    const crystal::Crystal& c) const {
  std::vector<double> out;
  const size_t size = coefficients_per_centre();
  double total_weight = 0;
  std::vector<char> present;
  switch (options_.average) {
    case Average::kOff: {
      out.reserve(dimension_ * c.sites_size());
      RETURN_IF_ERROR(ForEachCentre(c, &present, [&](int, double, const double* coef) {
        PowerSpectrum(coef, present, &out);
      }));
      return out;
    }
    case Average::kInner: {
      std::vector<double> mean(size, 0.0);
      RETURN_IF_ERROR(ForEachCentre(c, &present, [&](int, double w, const double* coef) {
        for (size_t k = 0; k < size; ++k) mean[k] += w * coef[k];
        total_weight += w;
      }));
      if (!(total_weight > 0)) {
        return absl::InvalidArgumentError("total site occupancy is zero");
      }
      for (double& v : mean) v /= total_weight;
      out.reserve(dimension_);
      PowerSpectrum(mean.data(), present, &out);
      return out;
    }
    case Average::kOuter: {
      std::vector<double> sum(dimension_, 0.0);
      RETURN_IF_ERROR(ForEachCentre(c, &present, [&](int, double w, const double* coef) {
        AccumulatePowerSpectrum(coef, present, w, sum.data());
        total_weight += w;
      }));
      if (!(total_weight > 0)) {
        return absl::InvalidArgumentError("total site occupancy is zero");
      }
      for (double& v : sum) v /= total_weight;
      return sum;
    }
  }
  return absl::InternalError("unknown average mode");
}

}  // namespace ionscreen::descriptors::soap
