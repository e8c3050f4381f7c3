#include "lib/records/structure_export.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "Eigen/Dense"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/element/element.h"

namespace ionscreen::records {
namespace {

constexpr double kRadToDeg = 180.0 / M_PI;

double AngleDeg(const Eigen::Vector3d& u, const Eigen::Vector3d& v) {
  double c = u.dot(v) / (u.norm() * v.norm());
  return std::acos(std::clamp(c, -1.0, 1.0)) * kRadToDeg;
}

// "1", "2.5", "2.977272727": an oxidation state to 10 significant digits.
std::string Number(double x) { return absl::StrFormat("%.10g", x); }

// pymatgen's Species spelling: "Li+", "S2-", "Fe2.5+", "Li0+".
std::string IonSymbol(const char* element, double oxidation) {
  double magnitude = std::abs(oxidation);
  std::string amount = magnitude == 1.0 ? "" : Number(magnitude);
  return absl::StrCat(element, amount, oxidation >= 0 ? "+" : "-");
}

// Keeps letters, digits and "-_.+()"; anything else becomes "_".
std::string Sanitize(absl::string_view s, absl::string_view extra) {
  std::string out;
  for (char ch : s) {
    bool keep = absl::ascii_isalnum(static_cast<unsigned char>(ch)) ||
                extra.find(ch) != absl::string_view::npos;
    out.push_back(keep ? ch : '_');
  }
  return out;
}

// A CIF character value: single quotes, double quotes or a text field.
std::string CifQuote(absl::string_view s) {
  if (s.find('\'') == absl::string_view::npos &&
      s.find('\n') == absl::string_view::npos) {
    return absl::StrCat("'", s, "'");
  }
  if (s.find('"') == absl::string_view::npos &&
      s.find('\n') == absl::string_view::npos) {
    return absl::StrCat("\"", s, "\"");
  }
  return absl::StrCat("\n;", s, "\n;");
}

// An extxyz comment-line value: double-quoted, inner quotes and backslashes
// escaped.
std::string XyzQuote(absl::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out.push_back('\\');
    out.push_back(ch == '\n' ? ' ' : ch);
  }
  out.push_back('"');
  return out;
}

bool AllOxidationStatesKnown(const crystal::Crystal& c) {
  for (const auto& s : c.sites()) {
    for (const auto& o : s.occupants()) {
      if (!o.has_oxidation_state()) return false;
    }
  }
  return true;
}

// Index of the occupant with the highest occupancy (first on a tie).
int DominantOccupant(const crystal::Site& s) {
  int best = 0;
  for (int i = 1; i < s.occupants_size(); ++i) {
    if (s.occupants(i).occupancy() > s.occupants(best).occupancy()) best = i;
  }
  return best;
}

absl::Status CheckCrystal(const crystal::Crystal& c) {
  absl::Status st = crystal::Validate(c);
  if (!st.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(c.id(), ": cannot export: ", st.message()));
  }
  return absl::OkStatus();
}

}  // namespace

std::string CifBlockName(absl::string_view id) {
  if (id.empty()) return "record";
  return Sanitize(id, "-_.+");
}

absl::StatusOr<std::string> CrystalToCif(const crystal::Crystal& c,
                                         absl::string_view block_name) {
  RETURN_IF_ERROR(CheckCrystal(c));
  Eigen::Matrix3d m = crystal::LatticeMatrix(c);
  Eigen::Vector3d a = m.row(0), b = m.row(1), cv = m.row(2);
  std::string out = absl::StrCat("data_", block_name, "\n");
  absl::StrAppend(&out, "# ionscreen Crystal ", c.id(), " (representation ",
                  c.representation().empty() ? "none" : c.representation(),
                  ")\n");
  if (!c.reduced_formula().empty()) {
    absl::StrAppend(&out, "_chemical_formula_structural ",
                    CifQuote(c.reduced_formula()), "\n");
  }
  absl::StrAppendFormat(&out, "_cell_length_a %.10f\n", a.norm());
  absl::StrAppendFormat(&out, "_cell_length_b %.10f\n", b.norm());
  absl::StrAppendFormat(&out, "_cell_length_c %.10f\n", cv.norm());
  absl::StrAppendFormat(&out, "_cell_angle_alpha %.10f\n", AngleDeg(b, cv));
  absl::StrAppendFormat(&out, "_cell_angle_beta %.10f\n", AngleDeg(a, cv));
  absl::StrAppendFormat(&out, "_cell_angle_gamma %.10f\n", AngleDeg(a, b));
  absl::StrAppendFormat(&out, "_cell_volume %.10f\n", std::abs(m.determinant()));
  absl::StrAppend(&out,
                  "_symmetry_space_group_name_H-M 'P 1'\n"
                  "_symmetry_Int_Tables_number 1\n"
                  "loop_\n_symmetry_equiv_pos_site_id\n"
                  "_symmetry_equiv_pos_as_xyz\n1 'x, y, z'\n");

  const bool ions = AllOxidationStatesKnown(c);
  auto type_symbol = [&](const crystal::Occupant& o) {
    const char* el = element::Get(o.atomic_number()).symbol;
    return ions ? IonSymbol(el, o.oxidation_state()) : std::string(el);
  };
  if (ions) {
    // Types in order of first appearance.
    std::vector<std::pair<std::string, double>> types;
    absl::flat_hash_map<std::string, int> seen;
    for (const auto& s : c.sites()) {
      for (const auto& o : s.occupants()) {
        std::string t = type_symbol(o);
        if (seen.emplace(t, types.size()).second) {
          types.emplace_back(t, o.oxidation_state());
        }
      }
    }
    absl::StrAppend(&out,
                    "loop_\n_atom_type_symbol\n_atom_type_oxidation_number\n");
    for (const auto& [t, ox] : types) {
      absl::StrAppend(&out, t, " ", Number(ox), "\n");
    }
  }
  absl::StrAppend(&out,
                  "loop_\n_atom_site_label\n_atom_site_type_symbol\n"
                  "_atom_site_fract_x\n_atom_site_fract_y\n"
                  "_atom_site_fract_z\n_atom_site_occupancy\n");
  absl::flat_hash_set<std::string> taken;
  absl::flat_hash_map<std::string, int> next_suffix;
  for (const auto& s : c.sites()) {
    for (const auto& o : s.occupants()) {
      const char* el = element::Get(o.atomic_number()).symbol;
      std::string base = s.label().empty() ? std::string(el)
                                           : Sanitize(s.label(), "-_.+()");
      if (!absl::ascii_isalnum(static_cast<unsigned char>(base[0]))) {
        base = absl::StrCat(el, base);
      }
      if (s.occupants_size() > 1) absl::StrAppend(&base, "_", el);
      std::string label = base;
      if (!taken.insert(label).second) {
        // Later uses of a label get "_2", "_3", ...
        int& k = next_suffix[base];
        if (k < 2) k = 2;
        do {
          label = absl::StrCat(base, "_", k++);
        } while (!taken.insert(label).second);
      }
      absl::StrAppendFormat(&out, "%s %s %.10f %.10f %.10f %.8f\n", label,
                            type_symbol(o), s.frac_x(), s.frac_y(), s.frac_z(),
                            o.occupancy());
    }
  }
  return out;
}

absl::StatusOr<std::string> CrystalToExtxyz(const crystal::Crystal& c) {
  RETURN_IF_ERROR(CheckCrystal(c));
  Eigen::Matrix3d m = crystal::LatticeMatrix(c);
  std::string out = absl::StrCat(c.sites_size(), "\n");
  absl::StrAppendFormat(
      &out, "Lattice=\"%.10f %.10f %.10f %.10f %.10f %.10f %.10f %.10f %.10f\"",
      m(0, 0), m(0, 1), m(0, 2), m(1, 0), m(1, 1), m(1, 2), m(2, 0), m(2, 1),
      m(2, 2));
  absl::StrAppend(&out,
                  " Properties=species:S:1:pos:R:3:occupancy:R:1:"
                  "site_occupancy:R:1:occupants:S:1:label:S:1:"
                  "initial_charges:R:1",
                  " id=", XyzQuote(c.id()), " representation=",
                  XyzQuote(c.representation().empty() ? "none"
                                                      : c.representation()));
  if (!c.reduced_formula().empty()) {
    absl::StrAppend(&out, " formula=", XyzQuote(c.reduced_formula()));
  }
  absl::StrAppend(&out, " pbc=\"T T T\"\n");
  for (const auto& s : c.sites()) {
    const crystal::Occupant& dom = s.occupants(DominantOccupant(s));
    Eigen::Vector3d r = crystal::CartesianPosition(c, s);
    double total = 0;
    std::vector<std::string> parts;
    for (const auto& o : s.occupants()) {
      total += o.occupancy();
      parts.push_back(absl::StrCat(element::Get(o.atomic_number()).symbol, ":",
                                   absl::StrFormat("%.6g", o.occupancy())));
    }
    std::string label = s.label().empty()
                            ? std::string(element::Get(dom.atomic_number()).symbol)
                            : Sanitize(s.label(), "-_.+()");
    absl::StrAppendFormat(
        &out, "%-2s %.10f %.10f %.10f %.8f %.8f %s %s %s\n",
        element::Get(dom.atomic_number()).symbol, r.x(), r.y(), r.z(),
        dom.occupancy(), total, absl::StrJoin(parts, ","), label,
        Number(dom.has_oxidation_state() ? dom.oxidation_state() : 0.0));
  }
  return out;
}

}  // namespace ionscreen::records
