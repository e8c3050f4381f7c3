#include "lib/descriptors/soap/soap.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/element/element.h"

namespace ionscreen::descriptors::soap {
namespace {

constexpr double kPi = 3.14159265358979323846;

std::string SpeciesList(const std::vector<int>& species) {
  std::vector<std::string> symbols;
  for (int z : species) symbols.push_back(element::Get(z).symbol);
  return absl::StrCat("[", absl::StrJoin(symbols, ", "), "]");
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
  calc.dimension_ = n_species * same;
  if (options.crossover) calc.dimension_ += n_species * (n_species - 1) / 2 * cross;
  calc.cutoff_angstrom_ =
      options.rcut_angstrom + CutoffPaddingAngstrom(options.sigma_angstrom);

  // Projection of exp(-eta |r - r_j|^2) on r^l exp(-alpha r^2) Y_lm:
  //   (pi / (eta + alpha))^{3/2} (eta / (eta + alpha))^l
  //   * exp(-eta alpha r_j^2 / (eta + alpha)) r_j^l Y_lm(r_j^).
  const double eta = 1.0 / (2.0 * options.sigma_angstrom * options.sigma_angstrom);
  for (int l = 0; l <= lmax; ++l) {
    Eigen::VectorXd e(nmax), pref(nmax);
    for (int k = 0; k < nmax; ++k) {
      const double a = calc.basis_.alphas[l](k);
      e(k) = -eta * a / (eta + a);
      pref(k) = std::pow(kPi / (eta + a), 1.5) * std::pow(eta / (eta + a), l);
    }
    calc.exponents_.push_back(e);
    calc.transforms_.push_back(calc.basis_.betas[l] * pref.asDiagonal());
    calc.ps_prefactor_.push_back(kPi * std::sqrt(8.0 / (2.0 * l + 1.0)));
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
  const size_t n_species = options_.species.size();
  for (size_t s1 = 0; s1 < n_species; ++s1) {
    for (size_t s2 = s1; s2 < n_species; ++s2) {
      if (s2 != s1 && !options_.crossover) continue;
      const char* a = element::Get(options_.species[s1]).symbol;
      const char* b = element::Get(options_.species[s2]).symbol;
      for (int l = 0; l <= options_.lmax; ++l) {
        for (int n = 0; n < options_.nmax; ++n) {
          for (int n2 = s1 == s2 ? n : 0; n2 < options_.nmax; ++n2) {
            labels.push_back(absl::StrCat(a, "_", b, "_l", l, "_n", n, "_n", n2));
          }
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
  const int n_species = static_cast<int>(options_.species.size());
  const int nmax = options_.nmax;
  const size_t same = static_cast<size_t>(nmax) * (nmax + 1) / 2 * (options_.lmax + 1);
  const size_t cross = static_cast<size_t>(nmax) * nmax * (options_.lmax + 1);
  for (int s1 = 0; s1 < n_species; ++s1) {
    for (int s2 = s1; s2 < n_species; ++s2) {
      if (s2 != s1 && !options_.crossover) continue;
      if (!present[s1] || !present[s2]) {
        out->insert(out->end(), s1 == s2 ? same : cross, 0.0);
        continue;
      }
      for (int l = 0; l <= options_.lmax; ++l) {
        const int width = 2 * l + 1;
        const double pref = ps_prefactor_[l];
        for (int n = 0; n < nmax; ++n) {
          const double* a = c + CoefficientIndex(s1, l, n, -l);
          for (int n2 = s1 == s2 ? n : 0; n2 < nmax; ++n2) {
            const double* b = c + CoefficientIndex(s2, l, n2, -l);
            double sum = 0;
            for (int m = 0; m < width; ++m) sum += a[m] * b[m];
            out->push_back(pref * sum);
          }
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

  // Flattened cell: wrapped fractional and Cartesian positions, occupants.
  struct Occ {
    int species;
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

  // Column k of L^-1 is the reciprocal vector b*_k: a neighbour within the
  // cutoff differs by at most cutoff |b*_k| in fractional coordinate k.
  const Eigen::Matrix3d inv = lattice.inverse();
  double reach[3];
  for (int k = 0; k < 3; ++k) reach[k] = cutoff_angstrom_ * inv.col(k).norm();
  const double cutoff2 = cutoff_angstrom_ * cutoff_angstrom_;
  const Eigen::Vector3d a_vec = lattice.row(0).transpose();
  const Eigen::Vector3d b_vec = lattice.row(1).transpose();
  const Eigen::Vector3d c_vec = lattice.row(2).transpose();

  // Only species present in the structure are touched: with a data-set-wide
  // species list most blocks stay zero.
  std::vector<int> present_species;
  for (size_t s = 0; s < present->size(); ++s) {
    if ((*present)[s]) present_species.push_back(static_cast<int>(s));
  }
  std::vector<double> raw(coefficients_per_centre(), 0.0);
  std::vector<double> coef(coefficients_per_centre(), 0.0);
  std::vector<double> solid(n_lm), expo(static_cast<size_t>(nmax) * (lmax + 1));
  std::vector<double> cos_m(lmax + 1), sin_m(lmax + 1);

  for (int i = 0; i < n_sites; ++i) {
    for (int s : present_species) {
      std::fill_n(raw.begin() + CoefficientIndex(s, 0, 0, 0), per_species_, 0.0);
    }
    for (int j = 0; j < n_sites; ++j) {
      const Eigen::Vector3d df = frac[j] - frac[i];
      const Eigen::Vector3d d0 = cart[j] - cart[i];
      int lo[3], hi[3];
      for (int k = 0; k < 3; ++k) {
        lo[k] = static_cast<int>(std::ceil(-reach[k] - df[k] - 1e-9));
        hi[k] = static_cast<int>(std::floor(reach[k] - df[k] + 1e-9));
      }
      for (int ta = lo[0]; ta <= hi[0]; ++ta) {
        for (int tb = lo[1]; tb <= hi[1]; ++tb) {
          const Eigen::Vector3d dab = d0 + ta * a_vec + tb * b_vec;
          for (int tc = lo[2]; tc <= hi[2]; ++tc) {
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
            for (int l = 0; l <= lmax; ++l) {
              for (int k = 0; k < nmax; ++k) {
                expo[l * nmax + k] = std::exp(exponents_[l](k) * r2);
              }
            }
            for (const Occ& o : occupants[j]) {
              double* dst = raw.data() + CoefficientIndex(o.species, 0, 0, 0);
              for (int l = 0; l <= lmax; ++l) {
                const int width = 2 * l + 1;
                const double* sh = solid.data() + l * l;
                double* row = dst + nmax * l * l;
                for (int k = 0; k < nmax; ++k) {
                  const double f = o.weight * expo[l * nmax + k];
                  double* r = row + k * width;
                  for (int m = 0; m < width; ++m) r[m] += f * sh[m];
                }
              }
            }
          }
        }
      }
    }
    // Primitive sums -> orthonormal radial functions (with the prefactor).
    for (int s : present_species) {
      for (int l = 0; l <= lmax; ++l) {
        const int width = 2 * l + 1;
        const size_t off = CoefficientIndex(s, l, 0, -l);
        using RowMat =
            Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
        Eigen::Map<const RowMat> in(raw.data() + off, nmax, width);
        Eigen::Map<RowMat> out(coef.data() + off, nmax, width);
        out.noalias() = transforms_[l] * in;
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
      std::vector<double> sum(dimension_, 0.0), one;
      one.reserve(dimension_);
      RETURN_IF_ERROR(ForEachCentre(c, &present, [&](int, double w, const double* coef) {
        one.clear();
        PowerSpectrum(coef, present, &one);
        for (size_t k = 0; k < dimension_; ++k) sum[k] += w * one[k];
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
