#include "lib/descriptors/orbital_field_matrix/orbital_field_matrix.h"

#include <cctype>
#include <cmath>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"
#include "lib/element/element.h"
#include "lib/voronoi/neighbors.h"

namespace ionscreen::descriptors {
namespace {

// matminer: ANG_TO_BOHR = const.value("Angstrom star") / const.value("Bohr
// radius") with scipy's CODATA 2018 values.
constexpr double kAngToBohr = 1.00001495e-10 / 5.29177210903e-11;

using Orbital = std::tuple<int, char, int>;  // n, l letter, electrons

// pymatgen Element.full_electronic_structure: the noble-gas core expanded,
// then the listed subshells in order.
absl::StatusOr<std::vector<Orbital>> FullElectronicStructure(int z) {
  const element::Element& e = element::Get(z);
  std::vector<Orbital> out;
  std::vector<std::string> parts = absl::StrSplit(e.electronic_structure, '.');
  size_t start = 0;
  if (!parts.empty() && !parts[0].empty() && parts[0][0] == '[') {
    std::string core = parts[0].substr(1, parts[0].size() - 2);
    ASSIGN_OR_RETURN(const element::Element* ce, element::BySymbol(core));
    ASSIGN_OR_RETURN(out, FullElectronicStructure(ce->atomic_number));
    start = 1;
  }
  for (size_t k = start; k < parts.size(); ++k) {
    const std::string& p = parts[k];
    size_t i = 0;
    while (i < p.size() && std::isdigit(static_cast<unsigned char>(p[i]))) ++i;
    if (i == 0 || i + 1 >= p.size() || std::string("spdf").find(p[i]) == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "cannot parse electronic structure of ", e.symbol, ": ", p));
    }
    out.emplace_back(std::stoi(p.substr(0, i)), p[i], std::stoi(p.substr(i + 1)));
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<double>> OneHotValence(int z, bool period_tag) {
  ASSIGN_OR_RETURN(const element::Element* e, element::ByAtomicNumber(z));
  ASSIGN_OR_RETURN(std::vector<Orbital> es, FullElectronicStructure(z));
  if (es.empty()) return absl::InvalidArgumentError("empty configuration");
  // Offsets of s, p, d, f blocks in the 32-vector.
  const int offset[4] = {0, 2, 8, 18};
  std::vector<double> v(period_tag ? 39 : 32, 0.0);
  const int max_n = std::get<0>(es.back());
  // Keep the outer shells as matminer's get_ohv: n = max_n; d and f of
  // max_n - 1; f of max_n - 2.
  for (auto it = es.rbegin(); it != es.rend(); ++it) {
    const auto [n, l, count] = *it;
    if (n < max_n - 2) continue;
    if (n < max_n - 1 && l != 'f') continue;
    if (n < max_n && l != 'd' && l != 'f') continue;
    const int li = std::string("spdf").find(l);
    if (count < 1 || count > 2 * (2 * li + 1)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "bad subshell occupation for ", e->symbol));
    }
    v[offset[li] + count - 1] = 1;
  }
  if (period_tag) {
    int row = e->row;
    if (z >= 57 && z <= 71) row = 6;
    if (z >= 89 && z <= 103) row = 7;
    v[row + 31] = 1;
  }
  return v;
}

std::vector<std::string> OrbitalFieldMatrixLabels(bool period_tag) {
  std::vector<std::string> one;
  for (int i = 1; i <= 2; ++i) one.push_back(absl::StrCat("s", i));
  for (int i = 1; i <= 6; ++i) one.push_back(absl::StrCat("p", i));
  for (int i = 1; i <= 10; ++i) one.push_back(absl::StrCat("d", i));
  for (int i = 1; i <= 14; ++i) one.push_back(absl::StrCat("f", i));
  if (period_tag) {
    for (int i = 1; i <= 7; ++i) one.push_back(absl::StrCat("period", i));
  }
  std::vector<std::string> out;
  for (const auto& a : one)
    for (const auto& b : one) out.push_back(absl::StrCat("ofm_", a, "_", b));
  return out;
}

absl::StatusOr<std::vector<double>> OrbitalFieldMatrix(
    const crystal::Crystal& c, const voronoi::Tessellation& t,
    bool period_tag) {
  const size_t size = period_tag ? 39 : 32;
  const int n = c.sites_size();
  std::vector<std::vector<double>> site_vec(n, std::vector<double>(size, 0.0));
  for (int i = 0; i < n; ++i) {
    for (const auto& o : c.sites(i).occupants()) {
      ASSIGN_OR_RETURN(std::vector<double> v,
                       OneHotValence(o.atomic_number(), period_tag));
      for (size_t k = 0; k < size; ++k) site_vec[i][k] += o.occupancy() * v[k];
    }
  }
  const auto nns = voronoi::NormalizedNeighbors(t, voronoi::Weight::kSolidAngle);
  std::vector<double> ofm(size * size, 0.0);
  for (int i = 0; i < n; ++i) {
    for (const voronoi::Neighbor& nb : nns[i]) {
      const double scale =
          nb.weight / (nb.face->distance_angstrom * kAngToBohr);
      const std::vector<double>& other = site_vec[nb.site];
      for (size_t a = 0; a < size; ++a) {
        if (other[a] == 0) continue;
        for (size_t b = 0; b < size; ++b) {
          ofm[a * size + b] += other[a] * site_vec[i][b] * scale;
        }
      }
    }
  }
  for (double& x : ofm) x /= n;
  return ofm;
}

namespace {

class OrbitalFieldMatrixDescriptor : public describe::Descriptor {
 public:
  OrbitalFieldMatrixDescriptor() {
    schema().Bool("period_tag", &period_tag_, true)
        .Help("append 7 period entries to each element vector (39x39 = 1521 "
              "features; false: the original 32x32 = 1024)");
  }
  std::vector<std::string> feature_labels() const override {
    return OrbitalFieldMatrixLabels(period_tag_);
  }
  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    ASSIGN_OR_RETURN(const voronoi::Tessellation t,
                     voronoi::TessellateRecord(c, "orbital_field_matrix"));
    return OrbitalFieldMatrix(c, t, period_tag_);
  }

 private:
  bool period_tag_ = true;
};

}  // namespace

IONSCREEN_REGISTER_DESCRIPTOR(
    orbital_field_matrix, "orbital_field_matrix",
    "orbital field matrix, Voronoi solid-angle weights / distance (Pham et "
    "al. 2017; matminer OrbitalFieldMatrix, period_tag: 1521 features)",
    OrbitalFieldMatrixDescriptor);

}  // namespace ionscreen::descriptors
