#include "lib/descriptors/structural_complexity/structural_complexity.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"
#include "lib/symmetry/symmetry.h"
#include "lib/voronoi/neighbors.h"


namespace ionscreen::descriptors {

absl::StatusOr<std::vector<int>> SymmetryOrbits(const crystal::Crystal& c,
                                                double symprec_angstrom,
                                                double angle_tolerance_deg) {
  ASSIGN_OR_RETURN(symmetry::Symmetry s,
                   symmetry::Analyze(c, symprec_angstrom, angle_tolerance_deg));
  return std::move(s.equivalent_atoms);
}

absl::StatusOr<std::vector<double>> ComputeStructuralComplexity(
    const crystal::Crystal& c, double symprec_angstrom,
    double angle_tolerance_deg) {
  ASSIGN_OR_RETURN(std::vector<int> orbits,
                   SymmetryOrbits(c, symprec_angstrom, angle_tolerance_deg));
  std::map<int, int> counts;
  for (int o : orbits) ++counts[o];
  const double v = static_cast<double>(orbits.size());
  double bits = 0;
  for (const auto& [orbit, m] : counts) {
    const double p = m / v;
    bits -= p * std::log2(p);
  }
  return std::vector<double>{bits, bits * v};
}

namespace {

class StructuralComplexity : public describe::Descriptor {
 public:
  StructuralComplexity() {
    schema().Number("symprec_angstrom", &symprec_, 0.1)
        .Unit("Å").Above(0).Help("spglib distance tolerance");
    schema().Number("angle_tolerance_deg", &angle_, 5)
        .Unit("deg").Help("spglib angle tolerance");
  }
  std::vector<std::string> feature_labels() const override {
    return {"structural_complexity_bits_per_atom",
            "structural_complexity_bits_per_cell"};
  }
  bool Intensive() const override { return false; }  // bits per cell
  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    return ComputeStructuralComplexity(c, symprec_, angle_);
  }

 private:
  double symprec_ = 0.1, angle_ = 5;
};

}  // namespace

IONSCREEN_REGISTER_DESCRIPTOR(
    structural_complexity, "structural_complexity",
    "Shannon information entropy over symmetry orbits, spglib symprec 0.1 "
    "(matminer StructuralComplexity; Krivovichev 2013)",
    StructuralComplexity);

}  // namespace ionscreen::descriptors
