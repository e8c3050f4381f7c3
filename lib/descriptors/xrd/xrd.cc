#include "lib/descriptors/xrd/xrd.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"
#include "lib/descriptors/common/periodic.h"

namespace ionscreen::descriptors {
namespace {

struct ScatteringRow {
  int z;
  double ab[4][2];
};

constexpr ScatteringRow kScattering[] = {
#include "lib/descriptors/xrd/scattering_factors.inc"
};

const ScatteringRow* FindScattering(int z) {
  for (const ScatteringRow& row : kScattering) {
    if (row.z == z) return &row;
  }
  return nullptr;
}

// pymatgen AbstractDiffractionPatternCalculator tolerances.
constexpr double kTwoThetaTolDeg = 1e-5;
constexpr double kScaledIntensityTol = 1e-3;

constexpr double kPi = 3.14159265358979323846;
// See SmoothXrdPattern.
constexpr double kIntegerSlack = 1e-9;

double Deg(double rad) { return rad * 180.0 / kPi; }
double Rad(double deg) { return deg * kPi / 180.0; }

// One scatterer: an occupant of a site.
struct Scatterer {
  const ScatteringRow* coeffs;
  Eigen::Vector3d frac;
  double occupancy;
};

absl::StatusOr<std::vector<Scatterer>> Scatterers(const crystal::Crystal& c) {
  std::vector<Scatterer> out;
  for (const crystal::Site& s : c.sites()) {
    for (const crystal::Occupant& o : s.occupants()) {
      const ScatteringRow* row = FindScattering(o.atomic_number());
      if (row == nullptr) {
        return absl::NotFoundError(absl::StrCat(
            "no X-ray scattering coefficients for Z=", o.atomic_number()));
      }
      out.push_back({row, crystal::FracPosition(s), o.occupancy()});
    }
  }
  return out;
}

double ScatteringFactor(const ScatteringRow& row, double s2) {
  double sum = 0;
  for (int i = 0; i < 4; ++i) sum += row.ab[i][0] * std::exp(-row.ab[i][1] * s2);
  return row.z - 41.78214 * s2 * sum;
}

}  // namespace

absl::StatusOr<double> AtomicScatteringFactor(int z, double s) {
  const ScatteringRow* row = FindScattering(z);
  if (row == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("no X-ray scattering coefficients for Z=", z));
  }
  return ScatteringFactor(*row, s * s);
}

absl::StatusOr<std::complex<double>> StructureFactor(
    const crystal::Crystal& c, const Eigen::Vector3i& hkl) {
  ASSIGN_OR_RETURN(std::vector<Scatterer> scatterers, Scatterers(c));
  const Eigen::Matrix3d recip = crystal::LatticeMatrix(c).inverse().transpose();
  const Eigen::Vector3d g = recip.transpose() * hkl.cast<double>();
  const double s2 = 0.25 * g.squaredNorm();
  std::complex<double> f = 0;
  for (const Scatterer& sc : scatterers) {
    const double phase = 2 * kPi * sc.frac.dot(hkl.cast<double>());
    f += ScatteringFactor(*sc.coeffs, s2) * sc.occupancy *
         std::complex<double>(std::cos(phase), std::sin(phase));
  }
  return f;
}

absl::StatusOr<std::vector<XrdPeak>> ComputeXrdPeaks(
    const crystal::Crystal& c, const XrdOptions& options) {
  if (!(options.wavelength_angstrom > 0) || !(options.two_theta_min_deg >= 0) ||
      !(options.two_theta_max_deg > options.two_theta_min_deg) ||
      !(options.two_theta_max_deg <= 180)) {
    return absl::InvalidArgumentError(
        "XRD needs wavelength > 0 and 0 <= 2θ min < 2θ max <= 180");
  }
  ASSIGN_OR_RETURN(std::vector<Scatterer> scatterers, Scatterers(c));
  const double lambda = options.wavelength_angstrom;
  // Bragg: |g| = 2 sin(θ) / λ with the crystallographic reciprocal lattice.
  const double g_min = 2 * std::sin(Rad(options.two_theta_min_deg / 2)) / lambda;
  const double g_max = 2 * std::sin(Rad(options.two_theta_max_deg / 2)) / lambda;
  const Eigen::Matrix3d lattice = crystal::LatticeMatrix(c);

  // Scatterers grouped by element: f(|g|) is evaluated once per element and
  // reflection, not once per atom (the exps were ~30 % of the time), and
  // F = sum over elements of f times that element's phase sum.
  const size_t n = scatterers.size();
  std::vector<const ScatteringRow*> species;
  std::vector<int> species_of(n);
  for (size_t i = 0; i < n; ++i) {
    auto it = std::find(species.begin(), species.end(), scatterers[i].coeffs);
    species_of[i] = static_cast<int>(it - species.begin());
    if (it == species.end()) species.push_back(scatterers[i].coeffs);
  }
  std::vector<size_t> atom(n);  // atom order: by element, then input order
  for (size_t i = 0; i < n; ++i) atom[i] = i;
  std::stable_sort(atom.begin(), atom.end(), [&](size_t a, size_t b) {
    return species_of[a] < species_of[b];
  });
  std::vector<Eigen::Index> species_begin(species.size() + 1, 0);
  for (size_t i = 0; i < n; ++i) ++species_begin[species_of[i] + 1];
  for (size_t s = 0; s < species.size(); ++s) {
    species_begin[s + 1] += species_begin[s];
  }

  // exp(2πi m x_a) for |m| <= nmax[axis], laid out [axis][m + nmax][atom], so
  // exp(2πi h.x) is a product of three table entries instead of a sincos per
  // atom and reflection (sincos was ~45 % of the time). Each entry is a
  // direct sincos, so the product is within a few ulp of the old phase.
  int nmax[3];
  for (int a = 0; a < 3; ++a) {
    nmax[a] = static_cast<int>(std::floor(g_max * lattice.row(a).norm() + 1e-9));
  }
  std::vector<double> table_re[3], table_im[3];
  for (int a = 0; a < 3; ++a) {
    const int rows = 2 * nmax[a] + 1;
    table_re[a].resize(static_cast<size_t>(rows) * n);
    table_im[a].resize(static_cast<size_t>(rows) * n);
    for (int m = -nmax[a]; m <= nmax[a]; ++m) {
      double* re = &table_re[a][static_cast<size_t>(m + nmax[a]) * n];
      double* im = &table_im[a][static_cast<size_t>(m + nmax[a]) * n];
      for (size_t i = 0; i < n; ++i) {
        const double phase = 2 * kPi * (scatterers[atom[i]].frac[a] * m);
        re[i] = std::cos(phase);
        im[i] = std::sin(phase);
      }
    }
  }

  // Reflections of the positive Friedel half in enumeration order, which is
  // ascending (h, k, l): F(-h) = conj F(h) for real scattering factors, and
  // -g is computed as the exact negation of g, so each pair is evaluated
  // once.
  struct Reflection {
    double g;
    int index;  // into f2, ascending with (h, k, l)
  };
  std::vector<Reflection> refl;
  std::vector<double> f2;  // |F|^2
  // Occupancy times exp(2πi (h x + k y)), for the current (h, k).
  Eigen::ArrayXd hk_re(n), hk_im(n);
  std::vector<double> occupancy(n);
  for (size_t i = 0; i < n; ++i) occupancy[i] = scatterers[atom[i]].occupancy;
  std::vector<double> f_species(species.size());
  int last_h = 0, last_k = 0;
  bool have_hk = false;
  ForEachReciprocalPoint(
      lattice, 1.0, g_max, [&](int h, int k, int l, const Eigen::Vector3d& g) {
        if (h < 0 || (h == 0 && (k < 0 || (k == 0 && l < 0)))) return;
        const double gn = g.norm();
        if (gn < g_min) return;
        if (!have_hk || h != last_h || k != last_k) {
          const double* xr = &table_re[0][static_cast<size_t>(h + nmax[0]) * n];
          const double* xi = &table_im[0][static_cast<size_t>(h + nmax[0]) * n];
          const double* yr = &table_re[1][static_cast<size_t>(k + nmax[1]) * n];
          const double* yi = &table_im[1][static_cast<size_t>(k + nmax[1]) * n];
          for (size_t i = 0; i < n; ++i) {
            hk_re[i] = occupancy[i] * (xr[i] * yr[i] - xi[i] * yi[i]);
            hk_im[i] = occupancy[i] * (xr[i] * yi[i] + xi[i] * yr[i]);
          }
          last_h = h, last_k = k, have_hk = true;
        }
        const double s2 = 0.25 * gn * gn;
        const Eigen::Index l_row = static_cast<Eigen::Index>(l + nmax[2]) * n;
        const Eigen::Map<const Eigen::ArrayXd> zr(table_re[2].data() + l_row, n);
        const Eigen::Map<const Eigen::ArrayXd> zi(table_im[2].data() + l_row, n);
        double re = 0, im = 0;
        for (size_t s = 0; s < species.size(); ++s) {
          const Eigen::Index b = species_begin[s];
          const Eigen::Index len = species_begin[s + 1] - b;
          // Eigen vectorises these reductions (plain loops would not be, as
          // that reorders a floating-point sum).
          const double sum_re = (hk_re.segment(b, len) * zr.segment(b, len) -
                                 hk_im.segment(b, len) * zi.segment(b, len)).sum();
          const double sum_im = (hk_re.segment(b, len) * zi.segment(b, len) +
                                 hk_im.segment(b, len) * zr.segment(b, len)).sum();
          const double f = ScatteringFactor(*species[s], s2);
          re += f * sum_re;
          im += f * sum_im;
        }
        refl.push_back({gn, static_cast<int>(f2.size())});
        f2.push_back(re * re + im * im);
      });
  // pymatgen's order: by |g|, then descending h, k, l. Only the positive
  // half is sorted: within a run of equal |g| the positive members P1 > ... >
  // Pm precede all negative ones, which (as -a < -b iff a > b) come in the
  // order -Pm, ..., -P1. So the full order is each run forwards, then
  // backwards.
  std::sort(refl.begin(), refl.end(), [](const Reflection& a, const Reflection& b) {
    if (a.g != b.g) return a.g < b.g;
    return a.index > b.index;
  });
  std::vector<const Reflection*> order;
  order.reserve(2 * refl.size());
  for (size_t run = 0; run < refl.size();) {
    size_t end = run + 1;
    while (end < refl.size() && refl[end].g == refl[run].g) ++end;
    for (size_t i = run; i < end; ++i) order.push_back(&refl[i]);
    for (size_t i = end; i > run; --i) order.push_back(&refl[i - 1]);
    run = end;
  }

  std::vector<XrdPeak> peaks;  // in order of first 2θ, ascending
  double last_g = -1, lorentz = 0, theta = 0;
  for (const Reflection* rp : order) {
    const Reflection& r = *rp;
    // Friedel mates and other reflections of exactly equal |g| share θ.
    if (r.g != last_g) {
      theta = std::asin(lambda * r.g / 2);
      const double cos2t = std::cos(2 * theta);
      lorentz = (1 + cos2t * cos2t) /
                (std::sin(theta) * std::sin(theta) * std::cos(theta));
      last_g = r.g;
    }
    const double intensity = f2[r.index] * lorentz;
    const double two_theta = Deg(2 * theta);
    // pymatgen adds a reflection to the first recorded peak within the
    // tolerance; recorded peaks are ascending, so scan back from the end.
    int match = -1;
    for (int p = static_cast<int>(peaks.size()) - 1; p >= 0; --p) {
      if (std::abs(peaks[p].two_theta_deg - two_theta) < kTwoThetaTolDeg) {
        match = p;
      } else if (peaks[p].two_theta_deg < two_theta - kTwoThetaTolDeg) {
        break;
      }
    }
    if (match >= 0) {
      peaks[match].raw_intensity += intensity;
    } else {
      peaks.push_back({two_theta, 0, intensity});
    }
  }
  if (peaks.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "no reflection between 2θ = ", options.two_theta_min_deg, " and ",
        options.two_theta_max_deg, " degrees"));
  }
  double max_raw = 0;
  for (const XrdPeak& p : peaks) max_raw = std::max(max_raw, p.raw_intensity);
  if (!(max_raw > 0) || !std::isfinite(max_raw)) {
    return absl::InvalidArgumentError("all reflections have zero intensity");
  }
  std::vector<XrdPeak> kept;
  for (const XrdPeak& p : peaks) {
    if (p.raw_intensity / max_raw * 100 > kScaledIntensityTol) kept.push_back(p);
  }
  std::sort(kept.begin(), kept.end(), [](const XrdPeak& a, const XrdPeak& b) {
    return a.two_theta_deg < b.two_theta_deg;
  });
  // Spectrum.normalize(mode="max", value=100): y /= max / 100.
  const double factor = max_raw / 100;
  for (XrdPeak& p : kept) p.intensity = p.raw_intensity / factor;
  return kept;
}

absl::StatusOr<std::vector<double>> SmoothXrdPattern(
    const std::vector<XrdPeak>& peaks, double bw_method,
    const std::vector<double>& grid_deg) {
  // matminer repeats each position int(y) times. Plain int() is fragile at
  // integers: the strongest peak, 100 in exact arithmetic, comes out as
  // 99.99999999999999 or 100.00000000000001 depending on the last bit of the
  // summation, and int() then gives 99 or 100. Values within 1e-9 below an
  // integer count as that integer.
  double n = 0, sum = 0;
  std::vector<double> w(peaks.size());
  for (size_t i = 0; i < peaks.size(); ++i) {
    w[i] = std::floor(peaks[i].intensity + kIntegerSlack);
    n += w[i];
    sum += w[i] * peaks[i].two_theta_deg;
  }
  if (n < 2) {
    return absl::InvalidArgumentError(
        "XRD pattern has fewer than two intensity units to smooth");
  }
  const double mean = sum / n;
  double ss = 0;
  for (size_t i = 0; i < peaks.size(); ++i) {
    const double d = peaks[i].two_theta_deg - mean;
    ss += w[i] * d * d;
  }
  // np.cov(bias=False) of the repeated data, times bw_method^2.
  const double var = ss / (n - 1) * bw_method * bw_method;
  if (!(var > 0)) {
    return absl::InvalidArgumentError(
        "XRD pattern has all intensity at one 2θ: kernel bandwidth is zero");
  }
  const double norm = 1.0 / (n * std::sqrt(2 * kPi * var));
  // Terms whose exponent is below kExpZero are exactly 0 in double (exp
  // underflows below -745.14), so skipping them leaves every sum bit for bit
  // unchanged; they are most of the work for a grid point far from the peaks.
  constexpr double kExpZero = -746;
  const double d2_zero = -2 * var * kExpZero;
  std::vector<size_t> live;  // weighted peaks, ascending 2θ if `peaks` is
  for (size_t i = 0; i < peaks.size(); ++i) {
    if (w[i] != 0) live.push_back(i);
  }
  std::vector<double> out(grid_deg.size(), 0.0);
  for (size_t g = 0; g < grid_deg.size(); ++g) {
    double acc = 0;
    for (size_t i : live) {
      const double d = grid_deg[g] - peaks[i].two_theta_deg;
      const double d2 = d * d;
      if (d2 > d2_zero) continue;
      acc += w[i] * std::exp(-0.5 * d2 / var);
    }
    out[g] = acc * norm;
  }
  return out;
}

namespace {

class XrdDescriptor : public describe::Descriptor {
 public:
  XrdDescriptor() {
    schema().Number("wavelength_angstrom", &options_.wavelength_angstrom,
                    kCuKalphaAngstrom)
        .Unit("Å").Above(0).Help("X-ray wavelength (CuKα)");
    schema().Number("two_theta_min_deg", &options_.two_theta_min_deg, 0)
        .Unit("deg").AtLeast(0).Help("start of the 2θ range and grid");
    schema().Number("two_theta_max_deg", &options_.two_theta_max_deg, 127)
        .Unit("deg").AtMost(180)
        .Help("end of the 2θ range and grid (> two_theta_min_deg)");
    schema().Number("bw_method", &bw_method_, 0.05)
        .Above(0)
        .Help("gaussian_kde bandwidth factor (times the std of the peak "
              "positions)");
    schema().Integer("pattern_length", &pattern_length_, 0)
        .AtLeast(0)
        .Help("grid points, 0 or >= 2; 0 = one per degree (max - min + 1), "
              "as matminer");
    (void)Configure({});
  }

  std::vector<std::string> feature_labels() const override {
    std::vector<std::string> labels;
    for (double t : grid_) {
      char buf[64];
      std::snprintf(buf, sizeof(buf), "xrd_2theta_%g_deg", t);
      labels.push_back(buf);
    }
    return labels;
  }

  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    auto peaks = ComputeXrdPeaks(c, options_);
    if (!peaks.ok()) return crystal::RecordError("xrd", c, peaks.status());
    auto smooth = SmoothXrdPattern(*peaks, bw_method_, grid_);
    if (!smooth.ok()) return crystal::RecordError("xrd", c, smooth.status());
    return smooth;
  }

 private:
  absl::Status Configured() override {
    if (!(options_.two_theta_max_deg > options_.two_theta_min_deg)) {
      return absl::InvalidArgumentError(
          "parameters two_theta_min_deg/two_theta_max_deg: need 0 <= min < max "
          "<= 180");
    }
    if (pattern_length_ == 1) {
      return absl::InvalidArgumentError(
          "parameter pattern_length: must be 0 (default) or >= 2");
    }
    // matminer: two_theta_range[1] - two_theta_range[0] + 1 (integer range);
    // the header shows the resolved length.
    if (pattern_length_ == 0) {
      pattern_length_ = static_cast<int>(options_.two_theta_max_deg -
                                         options_.two_theta_min_deg) + 1;
    }
    const int n = pattern_length_;
    grid_.resize(n);
    // np.linspace(min, max, n).
    const double step =
        (options_.two_theta_max_deg - options_.two_theta_min_deg) / (n - 1);
    for (int i = 0; i < n; ++i) grid_[i] = options_.two_theta_min_deg + i * step;
    grid_.back() = options_.two_theta_max_deg;
    return absl::OkStatus();
  }

  XrdOptions options_;
  double bw_method_ = 0.05;
  int pattern_length_ = 0;
  std::vector<double> grid_;
};

}  // namespace

IONSCREEN_REGISTER_DESCRIPTOR(
    xrd, "xrd",
    "modified XRD: CuKα powder pattern (pymatgen XRDCalculator) smoothed by a "
    "Gaussian KDE on a fixed 2θ grid (matminer XRDPowderPattern)",
    XrdDescriptor);

}  // namespace ionscreen::descriptors
