#include "lib/descriptors/soap/gto_basis.h"

#include <cmath>

#include "absl/strings/str_cat.h"

namespace ionscreen::descriptors::soap {

absl::StatusOr<GtoBasis> MakeGtoBasis(double rcut_angstrom, int nmax,
                                      int lmax) {
  if (!(rcut_angstrom > 1.0)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "rcut must exceed 1 Å for the GTO basis (got ", rcut_angstrom, ")"));
  }
  if (nmax < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("nmax must be at least 1 (got ", nmax, ")"));
  }
  if (lmax < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("lmax must not be negative (got ", lmax, ")"));
  }
  // Reaches as numpy.linspace(1, rcut, nmax) computes them, last one exact.
  Eigen::VectorXd reach(nmax);
  const double step = nmax > 1 ? (rcut_angstrom - 1.0) / (nmax - 1) : 0.0;
  for (int k = 0; k < nmax; ++k) reach(k) = 1.0 + k * step;
  if (nmax > 1) reach(nmax - 1) = rcut_angstrom;

  GtoBasis basis;
  basis.nmax = nmax;
  basis.lmax = lmax;
  for (int l = 0; l <= lmax; ++l) {
    Eigen::VectorXd alpha(nmax);
    for (int k = 0; k < nmax; ++k) {
      const double a = reach(k);
      alpha(k) = -std::log(kGtoDecayThreshold / std::pow(a, l)) / (a * a);
    }
    // Overlap of the primitives: int_0^inf r^(2l+2) exp(-(a_i + a_j) r^2) dr.
    const double p = l + 1.5;
    const double half_gamma = 0.5 * std::tgamma(p);
    Eigen::MatrixXd overlap(nmax, nmax);
    for (int i = 0; i < nmax; ++i) {
      for (int j = 0; j < nmax; ++j) {
        overlap(i, j) = half_gamma * std::pow(alpha(i) + alpha(j), -p);
      }
    }
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(overlap);
    if (eig.info() != Eigen::Success || !(eig.eigenvalues().minCoeff() > 0)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the GTO radial basis cannot be orthonormalised for l = ", l,
          " (overlap matrix not positive definite): lower nmax or raise "
          "rcut"));
    }
    const Eigen::VectorXd inv_sqrt = eig.eigenvalues().array().rsqrt();
    basis.alphas.push_back(alpha);
    basis.betas.push_back(eig.eigenvectors() * inv_sqrt.asDiagonal() *
                          eig.eigenvectors().transpose());
  }
  return basis;
}

}  // namespace ionscreen::descriptors::soap
