// DScribe's orthonormalised Gaussian-type radial basis for SOAP (DScribe
// 1.2.2 `SOAP.get_basis_gto`): primitive functions r^l exp(-alpha_{lk} r^2)
// whose alphas make each primitive decay to 1e-3 at its own reach a_k
// (evenly spaced from 1 Å to r_cut), made orthonormal on [0, inf) with the
// weight r^2 by Löwdin's symmetric orthonormalisation, beta = S^{-1/2}.
#ifndef IONSCREEN_LIB_DESCRIPTORS_SOAP_GTO_BASIS_H_
#define IONSCREEN_LIB_DESCRIPTORS_SOAP_GTO_BASIS_H_

#include <vector>

#include "Eigen/Dense"
#include "absl/status/statusor.h"

namespace ionscreen::descriptors::soap {

struct GtoBasis {
  int nmax = 0;
  int lmax = 0;
  // alphas[l](k), in Å^-2.
  std::vector<Eigen::VectorXd> alphas;
  // betas[l](n, k): radial function n is sum_k betas[l](n, k) r^l
  // exp(-alphas[l](k) r^2). Symmetric.
  std::vector<Eigen::MatrixXd> betas;
};

// Decay threshold of each primitive at its reach (DScribe's fixed 1e-3).
inline constexpr double kGtoDecayThreshold = 1e-3;

// InvalidArgument for r_cut <= 1 Å (DScribe's requirement), nmax < 1,
// lmax < 0, or an overlap matrix that is not positive definite.
absl::StatusOr<GtoBasis> MakeGtoBasis(double rcut_angstrom, int nmax,
                                      int lmax);

}  // namespace ionscreen::descriptors::soap

#endif  // IONSCREEN_LIB_DESCRIPTORS_SOAP_GTO_BASIS_H_
