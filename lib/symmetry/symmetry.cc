#include "lib/symmetry/symmetry.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "lib/crystal/crystal_util.h"

extern "C" {
#include <spglib.h>
}

namespace ionscreen::symmetry {

absl::StatusOr<Symmetry> Analyze(const crystal::Crystal& c,
                                 double symprec_angstrom,
                                 double angle_tolerance_deg) {
  const int n = c.sites_size();
  if (n == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("record ", c.id(), ": no sites"));
  }
  const Eigen::Matrix3d rows = crystal::LatticeMatrix(c);
  double lattice[3][3];
  // spglib takes the lattice vectors as columns.
  for (int r = 0; r < 3; ++r)
    for (int k = 0; k < 3; ++k) lattice[r][k] = rows(k, r);
  std::vector<double> pos(3 * n);
  std::vector<int> types(n);
  using Species = std::vector<std::tuple<int, double, double>>;
  std::map<Species, int> type_of;
  for (int i = 0; i < n; ++i) {
    const crystal::Site& s = c.sites(i);
    pos[3 * i] = s.frac_x();
    pos[3 * i + 1] = s.frac_y();
    pos[3 * i + 2] = s.frac_z();
    Species sp;
    for (const auto& o : s.occupants()) {
      sp.emplace_back(o.atomic_number(), o.occupancy(),
                      o.has_oxidation_state() ? o.oxidation_state() : 1e9);
    }
    std::sort(sp.begin(), sp.end());
    auto it = type_of.emplace(sp, static_cast<int>(type_of.size()) + 1).first;
    types[i] = it->second;
  }
  SpglibDataset* ds = spgat_get_dataset(
      lattice, reinterpret_cast<double(*)[3]>(pos.data()), types.data(), n,
      symprec_angstrom, angle_tolerance_deg);
  if (ds == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "record ", c.id(), ": spglib found no symmetry dataset (",
        spg_get_error_message(spg_get_error_code()), ")"));
  }
  Symmetry out;
  out.number = ds->spacegroup_number;
  out.international = ds->international_symbol;
  out.equivalent_atoms.assign(ds->equivalent_atoms, ds->equivalent_atoms + n);
  spg_free_dataset(ds);
  return out;
}

std::string Label(const Symmetry& s) {
  return absl::StrCat(s.international, " (#", s.number, ")");
}

}  // namespace ionscreen::symmetry
