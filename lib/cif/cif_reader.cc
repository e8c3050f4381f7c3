#include "lib/cif/cif_reader.h"

#include <cctype>
#include <cmath>
#include <exception>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "Eigen/Dense"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "gemmi/cif.hpp"
#include "gemmi/symmetry.hpp"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/element/element.h"

namespace ionscreen::cif {
namespace {

namespace gcif = gemmi::cif;
using crystal::Crystal;

// pymatgen CifParser's default occupancy_tolerance: totals up to 2.0 are
// scaled down to 1 (with a warning); above that the file is rejected.
constexpr double kOccupancyTolerance = 1.0;

bool IsNull(const std::string& v) { return v == "?" || v == "."; }

// "5.4310(2)" -> 5.431; "?" -> error.
absl::StatusOr<double> ParseNumber(const std::string& raw,
                                   const std::string& what) {
  std::string v = gcif::as_string(raw);
  size_t paren = v.find('(');
  if (paren != std::string::npos) v = v.substr(0, paren);
  double x;
  if (IsNull(raw) || !absl::SimpleAtod(v, &x) || !std::isfinite(x)) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": \"", raw, "\" is not a number"));
  }
  return x;
}

std::string FileStem(const std::string& path) {
  size_t slash = path.find_last_of('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  size_t dot = base.find_last_of('.');
  return dot == std::string::npos ? base : base.substr(0, dot);
}

bool IsMpId(const std::string& s) {
  if (!absl::StartsWith(s, "mp-") && !absl::StartsWith(s, "mvc-")) return false;
  size_t dash = s.find('-');
  if (dash + 1 >= s.size()) return false;
  for (size_t i = dash + 1; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

struct Species {
  int atomic_number = 0;
  bool has_charge = false;
  double charge = 0;
};

// Parses "Li", "Li1+", "O2-", "Fe3+", "Li+", "D" (deuterium -> H), "Oa"
// (label-like suffixes are ignored).
absl::StatusOr<Species> ParseSpecies(const std::string& symbol_in) {
  std::string s = gcif::as_string(symbol_in);
  size_t i = 0;
  std::string letters;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i])) &&
         letters.size() < 2) {
    letters += s[i++];
  }
  if (letters.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown element \"", s, "\""));
  }
  std::string sym(1, static_cast<char>(std::toupper(letters[0])));
  Species sp;
  absl::StatusOr<const element::Element*> e = absl::NotFoundError("");
  if (letters.size() == 2) {
    std::string two = sym + static_cast<char>(std::tolower(letters[1]));
    e = element::BySymbol(two);
    if (!e.ok()) {
      e = element::BySymbol(sym);  // "Oa", "OH" style labels
      i = 1;
    }
  } else {
    e = element::BySymbol(sym);
  }
  if (!e.ok() && sym == "D") e = element::BySymbol("H");
  if (!e.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown element \"", s, "\""));
  }
  sp.atomic_number = (*e)->atomic_number;
  // Optional charge: digits (possibly with decimals) then a sign, or a sign
  // then digits.
  std::string rest = s.substr(i);
  if (!rest.empty()) {
    char last = rest.back();
    char first = rest.front();
    std::string digits;
    int sign = 0;
    if ((last == '+' || last == '-')) {
      sign = last == '+' ? 1 : -1;
      digits = rest.substr(0, rest.size() - 1);
    } else if ((first == '+' || first == '-')) {
      sign = first == '+' ? 1 : -1;
      digits = rest.substr(1);
    }
    if (sign != 0) {
      double mag = 1;
      if (!digits.empty() && !absl::SimpleAtod(digits, &mag)) mag = NAN;
      if (std::isfinite(mag)) {
        sp.has_charge = true;
        sp.charge = sign * mag;
      }
    }
  }
  return sp;
}

std::string FindValue(const gcif::Block& block,
                      std::initializer_list<const char*> tags) {
  for (const char* tag : tags) {
    const std::string* v = block.find_value(tag);
    if (v != nullptr && !IsNull(*v)) return gcif::as_string(*v);
  }
  return "";
}

absl::Status CheckTripletSize(absl::string_view triplet) {
  constexpr size_t kMaxLength = 128, kMaxDigits = 4;
  if (triplet.size() > kMaxLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("symmetry operator longer than ", kMaxLength,
                     " characters: \"", triplet.substr(0, 40), "...\""));
  }
  size_t run = 0;
  for (char ch : triplet) {
    run = absl::ascii_isdigit(static_cast<unsigned char>(ch)) ? run + 1 : 0;
    if (run > kMaxDigits) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown symmetry operator \"", triplet,
                       "\": a number with more than ", kMaxDigits, " digits"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<gemmi::Op>> SymmetryOps(const gcif::Block& block,
                                                   Crystal* c) {
  std::vector<gemmi::Op> ops;
  for (const char* tag :
       {"_symmetry_equiv_pos_as_xyz", "_space_group_symop_operation_xyz",
        "_space_group_symop.operation_xyz"}) {
    gcif::Column col = const_cast<gcif::Block&>(block).find_values(tag);
    if (!col || col.length() == 0) continue;
    for (size_t i = 0; i < col.length(); ++i) {
      std::string triplet = col.str(i);
      // gemmi multiplies each coefficient by 24 in an int: a long number
      // overflows (undefined behaviour, found by fuzzing). Real operators
      // are short ("-x+y+1/2") with one- or two-digit numbers.
      RETURN_IF_ERROR(CheckTripletSize(triplet));
      try {
        ops.push_back(gemmi::parse_triplet(triplet));
      } catch (const std::exception& e) {
        return absl::InvalidArgumentError(absl::StrCat(
            "unknown symmetry operator \"", triplet, "\": ", e.what()));
      }
    }
    return ops;
  }
  // No explicit operators: fall back to the space group symbol or number.
  std::string hm = c->space_group().hermann_mauguin();
  const gemmi::SpaceGroup* sg = nullptr;
  if (!hm.empty()) sg = gemmi::find_spacegroup_by_name(hm);
  if (sg == nullptr && c->space_group().number() > 0) {
    sg = gemmi::find_spacegroup_by_number(c->space_group().number());
  }
  if (sg == nullptr) {
    if (hm.empty() && c->space_group().number() == 0) {
      c->add_parse_warnings("no symmetry operators or space group: assumed P1");
      ops.push_back(gemmi::Op::identity());
      return ops;
    }
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown space group \"", hm, "\" (number ",
        c->space_group().number(), ") and no symmetry operators"));
  }
  c->add_parse_warnings(absl::StrCat(
      "no symmetry operators: generated from space group ", sg->xhm()));
  for (gemmi::Op op : sg->operations()) ops.push_back(op);
  return ops;
}

double Wrap(double x) {
  x -= std::floor(x);
  if (x >= 1.0 - 1e-12) x = 0.0;  // keep coordinates in [0, 1)
  return x;
}

struct RawSite {
  std::string label;
  Eigen::Vector3d frac;
  std::vector<crystal::Occupant> occupants;
};

double MinImageDistance(const Eigen::Matrix3d& lattice_rows,
                        const Eigen::Vector3d& a, const Eigen::Vector3d& b) {
  Eigen::Vector3d d = a - b;
  for (int k = 0; k < 3; ++k) d[k] -= std::round(d[k]);
  double best = 1e300;
  // Check neighbouring images too: rounding is not enough for skewed cells.
  for (int i = -1; i <= 1; ++i)
    for (int j = -1; j <= 1; ++j)
      for (int k = -1; k <= 1; ++k) {
        Eigen::Vector3d e = d + Eigen::Vector3d(i, j, k);
        best = std::min(best, (lattice_rows.transpose() * e).norm());
      }
  return best;
}

// MinImageDistance(a, b) < tolerance, with a quick reject: every image of
// b - a is at least |d_k| / |a_k*| away (d wrapped to [-0.5, 0.5], a_k* the
// reciprocal vectors without 2 pi), so far-apart pairs skip the 27 images.
bool CloserThan(const Eigen::Matrix3d& lattice_rows,
                const Eigen::Vector3d& recip_norms, const Eigen::Vector3d& a,
                const Eigen::Vector3d& b, double tolerance) {
  for (int k = 0; k < 3; ++k) {
    double d = a[k] - b[k];
    d -= std::round(d);
    if (std::abs(d) > tolerance * recip_norms[k] * (1 + 1e-9)) return false;
  }
  return MinImageDistance(lattice_rows, a, b) < tolerance;
}

absl::StatusOr<Crystal> ReadBlock(const gcif::Block& block,
                                  const std::string& file,
                                  const CifOptions& options) {
  Crystal c;
  c.mutable_source()->set_file(file);
  c.mutable_source()->set_data_block(block.name);
  c.set_representation("none");

  // Cell.
  double p[6];
  const char* cell_tags[6] = {"_cell_length_a",    "_cell_length_b",
                              "_cell_length_c",    "_cell_angle_alpha",
                              "_cell_angle_beta",  "_cell_angle_gamma"};
  for (int i = 0; i < 6; ++i) {
    const std::string* v = block.find_value(cell_tags[i]);
    if (v == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("missing cell parameter ", cell_tags[i]));
    }
    ASSIGN_OR_RETURN(p[i], ParseNumber(*v, cell_tags[i]));
  }
  for (int i = 0; i < 3; ++i) {
    if (!(p[i] > 0)) {
      return absl::InvalidArgumentError(
          absl::StrCat(cell_tags[i], " = ", p[i], " is not positive"));
    }
    if (!(p[3 + i] > 0 && p[3 + i] < 180)) {
      return absl::InvalidArgumentError(absl::StrCat(
          cell_tags[3 + i], " = ", p[3 + i], " is not in (0, 180) degrees"));
    }
  }
  Eigen::Matrix3d lattice =
      crystal::LatticeFromParameters(p[0], p[1], p[2], p[3], p[4], p[5]);
  double volume = std::abs(lattice.determinant());
  if (!(volume > 1e-3) || !lattice.allFinite()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cell volume is zero or negative (", volume,
        " Å³): the cell angles are inconsistent"));
  }
  crystal::SetLattice(lattice, &c);
  Eigen::Vector3d recip_norms;
  {
    const Eigen::Matrix3d recip = lattice.inverse().transpose();
    for (int k = 0; k < 3; ++k) recip_norms[k] = recip.row(k).norm();
  }

  // Space group as read.
  c.mutable_space_group()->set_hermann_mauguin(
      FindValue(block, {"_symmetry_space_group_name_H-M",
                        "_space_group_name_H-M_alt",
                        "_space_group.name_H-M_alt"}));
  std::string sgnum = FindValue(block, {"_symmetry_Int_Tables_number",
                                        "_space_group_IT_number",
                                        "_space_group.IT_number"});
  int num = 0;
  if (!sgnum.empty() && absl::SimpleAtoi(sgnum, &num)) {
    c.mutable_space_group()->set_number(num);
  }

  // Ids.
  std::string icsd = FindValue(block, {"_database_code_ICSD",
                                       "_database_code_icsd"});
  long long icsd_id = 0;
  if (!icsd.empty() && absl::SimpleAtoi(icsd, &icsd_id) && icsd_id > 0) {
    c.add_icsd_ids(icsd_id);
  }

  // Oxidation states by type symbol.
  std::map<std::string, double> type_oxidation;
  {
    gcif::Table t = const_cast<gcif::Block&>(block).find(
        "_atom_type_", {"symbol", "oxidation_number"});
    if (t.ok()) {
      for (size_t i = 0; i < t.length(); ++i) {
        gcif::Table::Row row = t[i];
        if (!row.has2(1)) continue;
        absl::StatusOr<double> ox =
            ParseNumber(row[1], "_atom_type_oxidation_number");
        if (ox.ok()) type_oxidation[row.str(0)] = *ox;
      }
    }
  }

  ASSIGN_OR_RETURN(std::vector<gemmi::Op> ops, SymmetryOps(block, &c));
  // No space group has more (F m -3 m); a longer list would make the
  // expansion below quadratic in garbage (issue 16).
  if (ops.size() > 192) {
    return absl::InvalidArgumentError(absl::StrCat(
        ops.size(), " symmetry operators (no space group has more than 192)"));
  }

  gcif::Table atoms = const_cast<gcif::Block&>(block).find(
      "_atom_site_", {"fract_x", "fract_y", "fract_z", "?label",
                      "?type_symbol", "?occupancy"});
  if (!atoms.ok() || atoms.length() == 0) {
    return absl::InvalidArgumentError(
        "no atoms (no _atom_site_fract_x/y/z loop)");
  }
  if (!atoms.has_column(3) && !atoms.has_column(4)) {
    return absl::InvalidArgumentError(
        "atom sites have neither _atom_site_type_symbol nor _atom_site_label");
  }

  // The merges below are quadratic in the site count: refuse an oversized
  // cell before them (issue 16), naming the flag that raises the limit.
  const int64_t max_sites = crystal::DefaultValidationLimits().max_sites;
  if (static_cast<int64_t>(atoms.length()) > max_sites) {
    return absl::InvalidArgumentError(absl::StrCat(
        atoms.length(), " atom sites exceed the limit of ", max_sites,
        " (raise it with --max_sites)"));
  }
  // Asymmetric-unit rows, merged when at the same position (mixed sites).
  std::vector<RawSite> asym;
  for (size_t i = 0; i < atoms.length(); ++i) {
    gcif::Table::Row row = atoms[i];
    std::string label = atoms.has_column(3) ? row.str(3) : "";
    std::string symbol =
        atoms.has_column(4) && row.has2(4) ? row.str(4) : label;
    if (label.empty()) label = symbol;
    absl::StatusOr<Species> sp = ParseSpecies(symbol);
    if (!sp.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "atom site ", label, ": ", sp.status().message()));
    }
    Eigen::Vector3d frac;
    for (int k = 0; k < 3; ++k) {
      ASSIGN_OR_RETURN(frac[k], ParseNumber(row[k],
                                            absl::StrCat("atom site ", label,
                                                         " coordinate")));
    }
    double occ = 1.0;
    if (atoms.has_column(5) && row.has2(5)) {
      ASSIGN_OR_RETURN(occ, ParseNumber(row[5], absl::StrCat(
                                                    "atom site ", label,
                                                    " occupancy")));
    }
    if (!(occ > 0)) {
      c.add_parse_warnings(absl::StrCat("atom site ", label, " has occupancy ",
                                        occ, ": skipped"));
      continue;
    }
    crystal::Occupant o;
    o.set_atomic_number(sp->atomic_number);
    o.set_occupancy(occ);
    auto ox_it = type_oxidation.find(symbol);
    if (ox_it != type_oxidation.end()) {
      o.set_oxidation_state(ox_it->second);
    } else if (sp->has_charge) {
      o.set_oxidation_state(sp->charge);
    }
    for (int k = 0; k < 3; ++k) frac[k] = Wrap(frac[k]);
    bool merged = false;
    for (RawSite& s : asym) {
      if (CloserThan(lattice, recip_norms, s.frac, frac,
                     options.merge_tolerance_angstrom)) {
        bool same = false;
        for (crystal::Occupant& existing : s.occupants) {
          if (existing.atomic_number() == o.atomic_number() &&
              existing.has_oxidation_state() == o.has_oxidation_state() &&
              (!o.has_oxidation_state() ||
               existing.oxidation_state() == o.oxidation_state())) {
            existing.set_occupancy(existing.occupancy() + o.occupancy());
            same = true;
          }
        }
        if (!same) s.occupants.push_back(o);
        s.label = absl::StrCat(s.label, "/", label);
        merged = true;
        break;
      }
    }
    if (!merged) asym.push_back(RawSite{label, frac, {o}});
  }
  if (asym.empty()) return absl::InvalidArgumentError("no atoms with occupancy > 0");

  // Occupancy checks (pymatgen semantics).
  for (RawSite& s : asym) {
    double total = 0;
    for (const auto& o : s.occupants) total += o.occupancy();
    if (total > 1.0 + kOccupancyTolerance) {
      return absl::InvalidArgumentError(absl::StrCat(
          "site ", s.label, ": occupancies sum to ", total, " (> 2)"));
    }
    if (total > 1.0 + 1e-6) {
      c.add_parse_warnings(absl::StrCat("site ", s.label, ": occupancy ",
                                        total, " scaled down to 1"));
      for (auto& o : s.occupants) o.set_occupancy(o.occupancy() / total);
    }
  }

  // Symmetry expansion with coincident images merged.
  for (const RawSite& s : asym) {
    std::vector<Eigen::Vector3d> images;
    for (const gemmi::Op& op : ops) {
      std::array<double, 3> r = op.apply_to_xyz({s.frac[0], s.frac[1], s.frac[2]});
      Eigen::Vector3d f(Wrap(r[0]), Wrap(r[1]), Wrap(r[2]));
      bool dup = false;
      for (const Eigen::Vector3d& g : images) {
        if (CloserThan(lattice, recip_norms, f, g,
                       options.merge_tolerance_angstrom)) {
          dup = true;
          break;
        }
      }
      if (!dup) images.push_back(f);
    }
    for (const Eigen::Vector3d& f : images) {
      // An image on top of another asymmetric site's image means the CIF
      // lists overlapping sites; merge them into one disordered site.
      crystal::Site* target = nullptr;
      for (crystal::Site& existing : *c.mutable_sites()) {
        if (CloserThan(lattice, recip_norms, crystal::FracPosition(existing),
                       f, options.merge_tolerance_angstrom)) {
          target = &existing;
          break;
        }
      }
      if (target != nullptr) {
        for (const auto& o : s.occupants) *target->add_occupants() = o;
        continue;
      }
      if (c.sites_size() >= max_sites) {
        return absl::InvalidArgumentError(absl::StrCat(
            "symmetry expansion exceeds the limit of ", max_sites,
            " sites (raise it with --max_sites)"));
      }
      crystal::Site* site = c.add_sites();
      site->set_label(s.label);
      site->set_frac_x(f[0]);
      site->set_frac_y(f[1]);
      site->set_frac_z(f[2]);
      for (const auto& o : s.occupants) *site->add_occupants() = o;
    }
  }
  c.set_reduced_formula(crystal::ReducedFormula(crystal::Composition(c)));
  RETURN_IF_ERROR(crystal::Validate(c));
  // Oxidation states read from the CIF on every occupant.
  bool all_ox = true;
  for (const auto& s : c.sites())
    for (const auto& o : s.occupants()) all_ox &= o.has_oxidation_state();
  if (all_ox) c.set_oxidation_tier(crystal::OXIDATION_FROM_CIF);
  return c;
}

}  // namespace

std::vector<BlockResult> ReadCifText(const std::string& text,
                                     const std::string& name,
                                     const CifOptions& options) {
  std::vector<BlockResult> out;
  gcif::Document doc;
  try {
    // gemmi's read_memory rejects a whole file for one duplicate block name;
    // parse without that check and judge each block on its own.
    tao::pegtl::memory_input<> in(text.data(), text.size(), name);
    doc.source = name;
    gcif::parse_input(doc, in);
    gcif::check_for_missing_values(doc);
  } catch (const std::exception& e) {
    std::string msg = e.what();
    if (msg.size() > 300) msg = msg.substr(0, 300) + "...";
    out.push_back({name, "", absl::InvalidArgumentError(
                                 absl::StrCat("CIF syntax error: ", msg))});
    return out;
  } catch (...) {
    out.push_back({name, "", absl::InvalidArgumentError("CIF syntax error")});
    return out;
  }
  if (doc.blocks.empty()) {
    out.push_back({name, "", absl::InvalidArgumentError("no data blocks")});
    return out;
  }
  std::string stem = FileStem(name);
  std::set<std::string> seen;
  // Blocks without cell parameters (e.g. a global_ block) are not structures;
  // they are skipped only when the file also has structure blocks.
  for (const gcif::Block& block : doc.blocks) {
    BlockResult r{name, block.name, absl::UnknownError("")};
    std::string duplicate_tag;
    {
      std::set<std::string> tags;
      for (const gcif::Item& item : block.items) {
        if (item.type == gcif::ItemType::Pair &&
            !tags.insert(absl::AsciiStrToLower(item.pair[0])).second) {
          duplicate_tag = item.pair[0];
        } else if (item.type == gcif::ItemType::Loop) {
          for (const std::string& t : item.loop.tags) {
            if (!tags.insert(absl::AsciiStrToLower(t)).second) duplicate_tag = t;
          }
        }
      }
    }
    if (!duplicate_tag.empty()) {
      r.crystal = absl::InvalidArgumentError(
          absl::StrCat("duplicate tag ", duplicate_tag));
      out.push_back(std::move(r));
      continue;
    }
    if (!seen.insert(absl::AsciiStrToLower(block.name)).second) {
      r.crystal = absl::InvalidArgumentError(
          absl::StrCat("duplicate data block name \"", block.name, "\""));
      out.push_back(std::move(r));
      continue;
    }
    try {
      r.crystal = ReadBlock(block, name, options);
    } catch (const std::exception& e) {
      r.crystal = absl::InvalidArgumentError(
          absl::StrCat("cannot read block: ", e.what()));
    }
    if (r.crystal.ok()) {
      Crystal& c = *r.crystal;
      bool single = doc.blocks.size() == 1;
      std::string base = (stem.empty() || stem == "<stdin>" || stem == "-")
                             ? block.name
                             : stem;
      c.set_id(single || base == block.name ? base
                                             : absl::StrCat(base, "/", block.name));
      if (IsMpId(stem)) {
        c.set_mp_id(stem);
      } else if (IsMpId(block.name)) {
        c.set_mp_id(block.name);
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<BlockResult> ReadCifFile(const std::string& path,
                                     const CifOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return {{path, "", absl::NotFoundError("cannot open file")}};
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ReadCifText(ss.str(), path, options);
}

absl::StatusOr<crystal::Crystal> ReadFirstCrystal(const std::string& path,
                                                  const CifOptions& options) {
  std::vector<BlockResult> blocks = ReadCifFile(path, options);
  if (blocks.empty()) return absl::InvalidArgumentError(path + ": no blocks");
  BlockResult& b = blocks.front();
  if (!b.crystal.ok()) {
    return absl::Status(b.crystal.status().code(),
                        absl::StrCat(path, ": block ", b.block, ": ",
                                     b.crystal.status().message()));
  }
  return std::move(b.crystal).value();
}

}  // namespace ionscreen::cif
