// Band center (Butler & Ginley 1978), as matminer's BandCenter.
//
// formula=pauling (default, matminer <= 0.7.4, the paper's version):
//   -(prod_e X_e^(n_e/N)), X = Pauling electronegativity (pymatgen Element.X,
//   lib/element), n_e the occupancy-weighted amount of element e, N = sum n_e.
// formula=mulliken (later matminer): prod_e chi_e^(n_e/N) with the Mulliken
//   electronegativity chi = (IE1 + EA)/2 in eV; IE1 from the Magpie
//   FirstIonizationEnergy table (eV), EA from ElectronAffinity (kJ/mol,
//   / 96.48 as matminer). matminer takes IE1 from Deml's table, which is not
//   in the shared data; the two agree to ~1e-4 relative.
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/describe/descriptor.h"
#include "lib/descriptors/elemdata/elemdata.h"

namespace ionscreen::descriptors {
namespace {


class BandCenter : public describe::Descriptor {
 public:
  BandCenter() {
    schema().Choice("formula", &formula_,
                    {{"pauling", Formula::kPauling},
                     {"mulliken", Formula::kMulliken}},
                    "pauling")
        .Help("pauling: -geometric mean of Pauling electronegativities "
              "(matminer <= 0.7.4, the paper); mulliken: geometric mean of "
              "(IE1 + EA)/2 in eV (matminer >= 0.7.6)");
    schema().Path("magpie_dir", &magpie_dir_, elemdata::kDefaultMagpieDir)
        .ShownIf([this] { return formula_ == Formula::kMulliken; })
        .Help("directory of the Magpie *.table files (formula=mulliken only)");
  }

  std::vector<std::string> feature_labels() const override {
    return {"band center"};
  }

  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    ASSIGN_OR_RETURN(elemdata::ElementAmounts comp, elemdata::GetElementAmounts(c));
    double total = 0;
    for (double a : comp.amount) total += a;
    double gmean = 1.0;
    for (size_t i = 0; i < comp.z.size(); ++i) {
      int z = comp.z[i];
      double x;
      if (formula_ == Formula::kPauling) {
        x = element::Get(z).pauling_electronegativity;
        if (!(x > 0)) {
          return absl::InvalidArgumentError(absl::StrCat(
              "record ", c.id(), ": ", element::Get(z).symbol,
              " has no Pauling electronegativity (band center undefined)"));
        }
      } else {
        double ie = ionization_(z), ea = affinity_(z);
        x = 0.5 * (ie + ea / 96.48);
        if (!std::isfinite(x) || !(x > 0)) {
          return absl::InvalidArgumentError(absl::StrCat(
              "record ", c.id(), ": ", element::Get(z).symbol,
              " has no first ionization energy or electron affinity in the "
              "Magpie tables (band center undefined)"));
        }
      }
      gmean *= std::pow(x, comp.amount[i] / total);
    }
    return std::vector<double>{formula_ == Formula::kPauling ? -gmean : gmean};
  }

 private:
  enum class Formula { kPauling, kMulliken };

  absl::Status Configured() override {
    if (formula_ != Formula::kMulliken) return absl::OkStatus();
    ASSIGN_OR_RETURN(ionization_, elemdata::LoadMagpieTable(
                                      magpie_dir_, "FirstIonizationEnergy",
                                      "magpie_dir"));
    ASSIGN_OR_RETURN(affinity_, elemdata::LoadMagpieTable(
                                    magpie_dir_, "ElectronAffinity",
                                    "magpie_dir"));
    return absl::OkStatus();
  }

  Formula formula_ = Formula::kPauling;
  std::string magpie_dir_;
  elemdata::MagpieTable ionization_, affinity_;
};

}  // namespace

IONSCREEN_REGISTER_DESCRIPTOR(
    band_center, "band_center",
    "band center from the geometric mean of elemental electronegativities "
    "(Butler & Ginley 1978; matminer BandCenter)",
    BandCenter);

}  // namespace ionscreen::descriptors
