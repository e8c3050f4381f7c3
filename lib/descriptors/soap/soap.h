// SOAP power spectrum, bit-compatible with DScribe 1.2.2's periodic SOAP with
// the GTO radial basis (`SOAP(rbf="gto", periodic=True)`).
//
// Around each centre (every site) the density of species Z is a sum of
// unnormalised Gaussians exp(-|r - r_j|^2 / (2 sigma^2)), one per atom j of
// that species within r_cut + 3.717 sigma (DScribe's cutoff padding: where a
// Gaussian has decayed to 1e-3), periodic images included and the centre's
// own atom too. It is projected on g_nl(r) Y_lm(r^) (GTO basis of
// gto_basis.h, real spherical harmonics) analytically, and
//   p^{Z1 Z2}_{n n' l} = pi sqrt(8 / (2l + 1)) sum_m c^{Z1}_{nlm} c^{Z2}_{n'lm}.
//
// Feature layout (DScribe 1.2.2, checked against its output): species pairs
// (Z1, Z2) with Z1 <= Z2 in the order of `species` sorted by atomic number,
// row by row ((0,0), (0,1), ..., (1,1), ...); crossover = false keeps only
// Z1 == Z2. Inside a pair block: l outermost, then n, then n' (n' >= n when
// Z1 == Z2, all n' otherwise). Length (lmax+1) * S nmax (S nmax + 1) / 2
// with crossover, (lmax+1) * S nmax (nmax + 1) / 2 without.
//
// pairs_with (an atomic number, 0 = off) keeps only the blocks of pairs that
// contain that species, as the authors do (Step3 `run_SOAP`: for x in the
// species sorted by symbol, concatenate get_location(("S", x))): the blocks
// are ordered by the partner's element symbol (alphabetical, numpy's sort of
// the symbols), each block unchanged. For CAN (Mg, Al, S) with pairs_with S:
// Al-S (100), Mg-S (100), S-S (60) = 260 features. The order changes no
// Euclidean distance; it is kept only to match their files column by column.
//
// Disorder ("weighted"): each occupant of a site adds its Gaussian scaled by
// its occupancy; with all occupancies 1 this is exactly DScribe. Centres are
// sites; a site's weight in the averages is its total occupancy (1 when
// fully occupied, so ordered structures get DScribe's plain mean).
#ifndef IONSCREEN_LIB_DESCRIPTORS_SOAP_SOAP_H_
#define IONSCREEN_LIB_DESCRIPTORS_SOAP_SOAP_H_

#include <cmath>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/descriptors/soap/gto_basis.h"

namespace ionscreen::descriptors::soap {

enum class Average {
  kOff,    // one vector per site, concatenated in site order
  kInner,  // coefficients averaged over sites, then the power spectrum
  kOuter,  // power spectra averaged over sites
};

struct SoapOptions {
  double rcut_angstrom = 3.0;
  int nmax = 5;
  int lmax = 3;
  double sigma_angstrom = 1.0;
  // Atomic numbers the vector has room for (order irrelevant: sorted).
  std::vector<int> species;
  Average average = Average::kOuter;
  bool crossover = true;
  // Keep only pairs containing this atomic number (0: every pair). Must be
  // one of `species`.
  int pairs_with = 0;
  // exp(e r^2) from a grid in r^2 (fast); false evaluates every value with
  // the vectorised exp instead (used when the grid would be too large; the
  // switch lets tests compare both).
  bool exp_grid = true;
};

// Largest supported lmax (the recurrences are general; this bounds cost).
inline constexpr int kMaxLmax = 20;

// DScribe's padding of the neighbour cutoff: sigma sqrt(-2 ln 1e-3).
inline double CutoffPaddingAngstrom(double sigma_angstrom) {
  return sigma_angstrom * std::sqrt(-2.0 * std::log(1e-3));
}

// Expansion coefficients c^Z_{nlm} of every centre, for tests and callers
// that need the linear part. coefficients[i] holds centre (site) i at
// CoefficientIndex(s, l, n, m).
struct SoapExpansion {
  std::vector<std::vector<double>> coefficients;
  std::vector<double> centre_weights;  // total occupancy of each site
};

class SoapCalculator {
 public:
  // InvalidArgument naming the offending option (rcut <= 1, sigma <= 0,
  // nmax < 1, lmax outside 0..kMaxLmax, empty or unknown species, pairs_with
  // not among the species).
  static absl::StatusOr<SoapCalculator> Create(SoapOptions options);

  const SoapOptions& options() const { return options_; }
  // Length of one power spectrum (the averaged vector, or each site's block
  // when average is kOff).
  size_t dimension() const { return dimension_; }
  // "Li_O_l2_n0_n3" per feature of one power spectrum, in layout order.
  std::vector<std::string> feature_labels() const;

  // The descriptor: dimension() values, or sites x dimension() for kOff.
  // Errors name the record id: an element outside `species`, a degenerate
  // lattice, no sites, zero total occupancy.
  absl::StatusOr<std::vector<double>> Compute(const crystal::Crystal& c) const;

  absl::StatusOr<SoapExpansion> Expand(const crystal::Crystal& c) const;
  // Position of c^{species index s}_{nlm} (m = -l..l) in a centre's block.
  size_t CoefficientIndex(int s, int l, int n, int m) const {
    return static_cast<size_t>(s) * per_species_ +
           static_cast<size_t>(options_.nmax) * l * l + n * (2 * l + 1) +
           (l + m);
  }
  size_t coefficients_per_centre() const {
    return per_species_ * options_.species.size();
  }

  // One block of the power spectrum: species indices s1 <= s2 and where the
  // block starts in the vector.
  struct Block {
    int s1, s2;
    size_t offset;
  };
  const std::vector<Block>& blocks() const { return blocks_; }

  // Power spectrum of one set of coefficients (appended to `out`).
  void PowerSpectrum(const double* coefficients, std::vector<double>* out) const;
  // Same, skipping species whose present[s] is false (their blocks are 0).
  void PowerSpectrum(const double* coefficients, const std::vector<char>& present,
                     std::vector<double>* out) const;
  // sum[k] += weight * power spectrum[k] (absent species contribute 0).
  void AccumulatePowerSpectrum(const double* coefficients,
                               const std::vector<char>& present, double weight,
                               double* sum) const;

 private:
  SoapCalculator() = default;
  // Calls fn(site index, site weight, coefficients) per centre; `present`
  // receives which species occur in the structure (others stay zero).
  template <typename Fn>
  absl::Status ForEachCentre(const crystal::Crystal& c,
                             std::vector<char>* present, Fn&& fn) const;

  SoapOptions options_;
  GtoBasis basis_;
  size_t dimension_ = 0;
  std::vector<Block> blocks_;
  size_t per_species_ = 0;  // nmax (lmax+1)^2
  double cutoff_angstrom_ = 0;
  int species_index_[128];  // atomic number -> index in species, or -1
  // Exponent coefficients e_lk (exp(e_lk r^2)) at l * nmax + k, and per l
  // the row-major nmax x nmax matrix turning primitive sums into c_nlm
  // (betas with the analytic prefactor), at l * nmax^2.
  std::vector<double> exponents_;
  std::vector<double> transforms_;
  // exp(e_lk r^2) on a grid of r^2 (step exp_step_angstrom2_, rows of
  // nmax (lmax+1) values), corrected between grid points by a short series;
  // empty when the grid would be too large (tiny sigma): direct exp then.
  std::vector<double> exp_table_;
  double exp_step_angstrom2_ = 0;
  // Solid-harmonic recurrence constants and normalisations.
  std::vector<double> norm_;  // by l^2 + l + m
  std::vector<double> rec_a_, rec_b_;  // by l * (lmax+1) + m
  std::vector<double> ps_prefactor_;   // pi sqrt(8 / (2l+1))
};

}  // namespace ionscreen::descriptors::soap

#endif  // IONSCREEN_LIB_DESCRIPTORS_SOAP_SOAP_H_
