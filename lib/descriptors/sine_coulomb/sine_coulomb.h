// Sine Coulomb matrix descriptor ("sine_coulomb"): Faber et al., Int. J.
// Quantum Chem. 115, 1094 (2015), as matminer's SineCoulombMatrix computes it:
// M_ii = 0.5 Z_i^2.4, M_ij = Z_i Z_j / |sin²(π Δf_ij) · L| with the lattice
// rows L and the distance in bohr; the feature vector is the eigenvalue
// spectrum, padded with zeros to a fixed length.
//
// Eigenvalues are sorted by decreasing absolute value (DScribe's
// eigenspectrum order), so that zero padding goes last. matminer (<= 0.7.4
// and later) returns them in np.linalg.eig's unspecified order, which makes
// its vectors not comparable between structures; the paper used that.
//
// Disorder (weighted): a site's charge is sum_occupants occupancy · Z, used
// in both the diagonal and off-diagonal terms.
#ifndef IONSCREEN_LIB_DESCRIPTORS_SINE_COULOMB_SINE_COULOMB_H_
#define IONSCREEN_LIB_DESCRIPTORS_SINE_COULOMB_SINE_COULOMB_H_

#include <vector>

#include "Eigen/Dense"
#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::descriptors {

// matminer: const.value("Angstrom star") / const.value("Bohr radius")
// (scipy 1.10, CODATA 2018).
inline constexpr double kSineCoulombAngstromToBohr = 1.8897543760313331;

// The sine Coulomb matrix (sites in order); error when two sites coincide.
absl::StatusOr<Eigen::MatrixXd> SineCoulombMatrix(const crystal::Crystal& c,
                                                  bool diag_elems = true);

// Its eigenvalues sorted by decreasing absolute value.
absl::StatusOr<std::vector<double>> SineCoulombEigenvalues(
    const crystal::Crystal& c, bool diag_elems = true);

}  // namespace ionscreen::descriptors

#endif  // IONSCREEN_LIB_DESCRIPTORS_SINE_COULOMB_SINE_COULOMB_H_
