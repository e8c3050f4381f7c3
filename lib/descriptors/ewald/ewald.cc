#include "lib/descriptors/ewald/ewald.h"

#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"
#include "lib/descriptors/common/periodic.h"

namespace ionscreen::descriptors {
namespace {
constexpr double kPi = 3.14159265358979323846;
}  // namespace

absl::StatusOr<EwaldEnergy> ComputeEwaldEnergy(const crystal::Crystal& c,
                                               const EwaldOptions& options) {
  if (!(options.acc_factor > 0) || !(options.eta >= 0) || !(options.w > 0)) {
    return absl::InvalidArgumentError("Ewald needs acc_factor > 0, eta >= 0, w > 0");
  }
  const int n = c.sites_size();
  std::vector<double> q(n, 0.0);
  double total_charge = 0;
  for (int i = 0; i < n; ++i) {
    for (const crystal::Occupant& o : c.sites(i).occupants()) {
      if (!o.has_oxidation_state()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "site ", i, " \"", c.sites(i).label(), "\" occupant Z=",
            o.atomic_number(), " has no oxidation state"));
      }
      q[i] += o.occupancy() * o.oxidation_state();
    }
    total_charge += q[i];
  }
  const CellView cell = MakeCellView(c);
  const double volume = cell.volume_angstrom3;
  EwaldEnergy e;
  e.eta = options.eta > 0
              ? options.eta
              : std::cbrt(n * options.w / (volume * volume)) * kPi;
  const double sqrt_eta = std::sqrt(e.eta);
  const double accf = std::sqrt(options.acc_factor * std::log(10.0));
  const double r_max = accf / sqrt_eta;
  const double g_max = 2 * sqrt_eta * accf;

  double real = 0;
  ForEachNeighborPair(cell, r_max, [&](size_t i, size_t j, double r) {
    real += q[i] * q[j] * std::erfc(sqrt_eta * r) / r;
  });
  e.real_ev = 0.5 * kCoulombEvAngstrom * real;

  double recip = 0;
  ForEachReciprocalPoint(
      cell.lattice, 2 * kPi, g_max,
      [&](int, int, int, const Eigen::Vector3d& g) {
        double s_re = 0, s_im = 0;
        for (int i = 0; i < n; ++i) {
          const double gr = g.dot(cell.cart[i]);
          s_re += q[i] * std::cos(gr);
          s_im += q[i] * std::sin(gr);
        }
        const double g2 = g.squaredNorm();
        recip += std::exp(-g2 / (4 * e.eta)) / g2 * (s_re * s_re + s_im * s_im);
      });
  e.reciprocal_ev = 2 * kPi / volume * kCoulombEvAngstrom * recip;

  double q2 = 0;
  for (double qi : q) q2 += qi * qi;
  e.point_ev = -kCoulombEvAngstrom * q2 * std::sqrt(e.eta / kPi);
  e.charged_cell_ev = -kCoulombEvAngstrom / 2 * kPi / volume / e.eta *
                      total_charge * total_charge;
  e.total_ev = e.real_ev + e.reciprocal_ev + e.point_ev + e.charged_cell_ev;
  return e;
}

namespace {

class EwaldDescriptor : public describe::Descriptor {
 public:
  EwaldDescriptor() {
    schema().Number("accuracy", &options_.acc_factor, 12.0)
        .Above(0).AtMost(30)
        .Help("pymatgen acc_factor: significant figures of each sum (matminer "
              "used 4)");
    schema().Bool("per_atom", &per_atom_, true)
        .Help("divide by the (occupancy-weighted) atom count");
  }

  std::vector<std::string> feature_labels() const override {
    return {per_atom_ ? "ewald_energy_ev_per_atom" : "ewald_energy_ev"};
  }

  bool Intensive() const override { return per_atom_; }

  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    auto e = ComputeEwaldEnergy(c, options_);
    if (!e.ok()) return crystal::RecordError("ewald", c, e.status());
    double v = e->total_ev;
    if (per_atom_) v /= crystal::NumAtoms(c);
    if (!std::isfinite(v)) {
      return absl::InternalError(
          absl::StrCat("ewald: record ", c.id(), ": energy is not finite"));
    }
    return std::vector<double>{v};
  }

 private:
  EwaldOptions options_;
  bool per_atom_ = true;
};

}  // namespace

IONSCREEN_REGISTER_DESCRIPTOR(
    ewald, "ewald",
    "Ewald electrostatic energy of the oxidation-decorated structure, eV/atom "
    "(pymatgen EwaldSummation; matminer EwaldEnergy)",
    EwaldDescriptor);

}  // namespace ionscreen::descriptors
