#include "lib/descriptors/sine_coulomb/sine_coulomb.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"
#include "lib/descriptors/common/periodic.h"

namespace ionscreen::descriptors {
namespace {
constexpr double kPi = 3.14159265358979323846;
}  // namespace

absl::StatusOr<Eigen::MatrixXd> SineCoulombMatrix(const crystal::Crystal& c,
                                                  bool diag_elems) {
  const int n = c.sites_size();
  // Eigen's solver crashes on a 0x0 matrix; the engine rejects empty records
  // first, a direct library call gets this error.
  if (n == 0) return absl::InvalidArgumentError("no sites");
  std::vector<double> z(n, 0.0);
  std::vector<Eigen::Vector3d> frac(n);
  for (int i = 0; i < n; ++i) {
    for (const crystal::Occupant& o : c.sites(i).occupants()) {
      z[i] += o.occupancy() * o.atomic_number();
    }
    frac[i] = crystal::FracPosition(c.sites(i));
  }
  const Eigen::Matrix3d lattice = crystal::LatticeMatrix(c);
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(n, n);
  for (int i = 0; i < n; ++i) {
    if (diag_elems) m(i, i) = 0.5 * std::pow(z[i], 2.4);
    for (int j = i + 1; j < n; ++j) {
      Eigen::Vector3d s;
      for (int k = 0; k < 3; ++k) {
        const double v = std::sin(kPi * (frac[i][k] - frac[j][k]));
        s[k] = v * v;
      }
      // Row vector times the lattice (rows a, b, c), as matminer.
      const double d =
          (lattice.transpose() * s).norm() * kSineCoulombAngstromToBohr;
      if (!(d > 1e-8)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "sites ", i, " and ", j, " coincide (sine distance zero)"));
      }
      m(i, j) = m(j, i) = z[i] * z[j] / d;
    }
  }
  return m;
}

absl::StatusOr<std::vector<double>> SineCoulombEigenvalues(
    const crystal::Crystal& c, bool diag_elems) {
  ASSIGN_OR_RETURN(Eigen::MatrixXd m, SineCoulombMatrix(c, diag_elems));
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(m, Eigen::EigenvaluesOnly);
  if (solver.info() != Eigen::Success) {
    return absl::InternalError("sine Coulomb eigensolver did not converge");
  }
  std::vector<double> eig(solver.eigenvalues().data(),
                          solver.eigenvalues().data() + m.rows());
  // Ties in |λ| are broken by value (positive first) so the order is
  // deterministic.
  std::sort(eig.begin(), eig.end(), [](double a, double b) {
    if (std::abs(a) != std::abs(b)) return std::abs(a) > std::abs(b);
    return a > b;
  });
  return eig;
}

namespace {

class SineCoulombDescriptor : public describe::Descriptor {
 public:
  SineCoulombDescriptor() {
    schema().Integer("max_sites", &max_sites_, 0)
        .AtLeast(0)
        .Help("length of the zero-padded eigenvalue vector; 0 = the largest "
              "number of sites in the data set (matminer's fit; buffers the "
              "input); a record with more sites is an error");
    schema().Bool("diag_elems", &diag_elems_, true)
        .Help("diagonal 0.5 Z^2.4 (false: zero)");
  }

  bool NeedsPrepare() const override { return fit_from_data_; }

  absl::Status Prepare(const std::vector<crystal::Crystal>& records) override {
    if (!fit_from_data_) return absl::OkStatus();
    int largest = 0;
    for (const crystal::Crystal& c : records) {
      largest = std::max(largest, c.sites_size());
    }
    if (largest == 0) {
      return absl::InvalidArgumentError(
          "sine_coulomb: max_sites=0 needs at least one record with sites");
    }
    // The header's max_sites is the length fitted here.
    max_sites_ = length_ = largest;
    return absl::OkStatus();
  }

  std::vector<std::string> feature_labels() const override {
    std::vector<std::string> labels;
    for (int i = 0; i < length_; ++i) {
      labels.push_back(absl::StrCat("sine_coulomb_eig_", i));
    }
    return labels;
  }

  // One eigenvalue per site: a supercell has more (and different) ones.
  bool Intensive() const override { return false; }

  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    if (length_ == 0) {
      return absl::FailedPreconditionError(
          "sine_coulomb: max_sites=0 but Prepare was not called");
    }
    if (c.sites_size() > length_) {
      return absl::InvalidArgumentError(absl::StrCat(
          "sine_coulomb: record ", c.id(), " has ", c.sites_size(),
          " sites, more than max_sites=", length_));
    }
    auto eig = SineCoulombEigenvalues(c, diag_elems_);
    if (!eig.ok()) return crystal::RecordError("sine_coulomb", c, eig.status());
    std::vector<double> out = *std::move(eig);
    out.resize(length_, 0.0);
    return out;
  }

 private:
  absl::Status Configured() override {
    fit_from_data_ = max_sites_ == 0;
    length_ = max_sites_;
    return absl::OkStatus();
  }

  int max_sites_ = 0;
  int length_ = 0;
  bool fit_from_data_ = true;
  bool diag_elems_ = true;
};

}  // namespace

IONSCREEN_REGISTER_DESCRIPTOR(
    sine_coulomb, "sine_coulomb",
    "sine Coulomb matrix eigenvalues, sorted by |λ| and zero-padded (Faber et "
    "al. 2015; matminer SineCoulombMatrix)",
    SineCoulombDescriptor);

}  // namespace ionscreen::descriptors
