// Modified XRD descriptor ("xrd"): the powder pattern of pymatgen's
// XRDCalculator (atomic scattering factors from pymatgen's table,
// Lorentz-polarisation factor, no Debye-Waller factor, reflections with the
// same 2θ merged, scaled to a maximum of 100), smoothed as matminer's
// XRDPowderPattern does: a Gaussian kernel density estimate (scipy
// gaussian_kde, scalar bw_method) of the peak positions, each repeated
// int(intensity) times, evaluated on a fixed 2θ grid.
#ifndef IONSCREEN_LIB_DESCRIPTORS_XRD_XRD_H_
#define IONSCREEN_LIB_DESCRIPTORS_XRD_XRD_H_

#include <complex>
#include <vector>

#include "Eigen/Dense"
#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::descriptors {

inline constexpr double kCuKalphaAngstrom = 1.54184;  // pymatgen "CuKa"

struct XrdOptions {
  double wavelength_angstrom = kCuKalphaAngstrom;
  double two_theta_min_deg = 0;
  double two_theta_max_deg = 127;
};

struct XrdPeak {
  double two_theta_deg;
  double intensity;      // scaled: the strongest peak is 100
  double raw_intensity;  // |F|^2 times the Lorentz-polarisation factor
};

// Atomic scattering factor f(s) of element z at s = sin(θ)/λ (1/Å) in
// pymatgen's form Z - 41.78214 s^2 sum_i a_i exp(-b_i s^2); NotFound for
// elements without coefficients.
absl::StatusOr<double> AtomicScatteringFactor(int z, double s);

// Structure factor F(hkl) = sum_sites sum_occupants occupancy f exp(2πi h.x)
// (occupancy-weighted, as crystallography and pymatgen do).
absl::StatusOr<std::complex<double>> StructureFactor(
    const crystal::Crystal& c, const Eigen::Vector3i& hkl);

// The peaks of pymatgen XRDCalculator(wavelength).get_pattern(structure,
// two_theta_range=(min, max)) in ascending 2θ, peaks below 1e-3 % of the
// maximum dropped. Error when the structure has no reflection in range or
// an element without scattering coefficients.
absl::StatusOr<std::vector<XrdPeak>> ComputeXrdPeaks(
    const crystal::Crystal& c, const XrdOptions& options = {});

// matminer's smoothing of a peak list onto `grid_deg`: gaussian_kde of the
// positions weighted by int(intensity), bandwidth factor bw_method.
// Error when fewer than two weighted points or all at one position (scipy
// fails there too).
absl::StatusOr<std::vector<double>> SmoothXrdPattern(
    const std::vector<XrdPeak>& peaks, double bw_method,
    const std::vector<double>& grid_deg);

}  // namespace ionscreen::descriptors

#endif  // IONSCREEN_LIB_DESCRIPTORS_XRD_XRD_H_
