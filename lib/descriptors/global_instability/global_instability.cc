#include "lib/descriptors/global_instability/global_instability.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"
#include "lib/element/element.h"
#include "lib/voronoi/neighbors.h"

namespace ionscreen::descriptors {

namespace {

// matminer's IUCrBondValenceData.interpolate_soft_anions (v0.6.3,
// matminer/utils/data.py:440-466) excludes the anions whose symbol contains
// "O", "Cl" or "F" (pandas str.contains, i.e. a case-sensitive substring
// match, so Os or Fe as anions would be excluded too).
bool IsHardAnionSymbol(const std::string& symbol) {
  return symbol.find('O') != std::string::npos ||
         symbol.find("Cl") != std::string::npos ||
         symbol.find('F') != std::string::npos;
}

}  // namespace

absl::StatusOr<BondValenceTable> ParseBondValenceTable(const std::string& text,
                                                       bool interpolate_soft) {
  BondValenceTable table;
  // First valence-9 ("any valence") row per (cation, soft anion), file order.
  struct SoftRow {
    int cation, anion, anion_valence;
    BondValenceParam param;
  };
  std::vector<SoftRow> soft;
  std::set<std::pair<int, int>> soft_seen;
  std::istringstream in(text);
  std::string line;
  bool in_loop = false, rows = false;
  int n_rows = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> tok =
        absl::StrSplit(line, absl::ByAnyChar(" \t\r"), absl::SkipEmpty());
    if (!in_loop) {
      if (!tok.empty() && tok[0] == "_valence_param_details") in_loop = true;
      continue;
    }
    if (tok.empty()) {
      if (rows) break;  // the loop ends at the first blank line after rows
      continue;
    }
    if (tok[0][0] == '#') {
      if (rows) break;
      continue;
    }
    if (tok.size() < 6) continue;
    rows = true;
    int v1, v2;
    double r0, b;
    if (!absl::SimpleAtoi(tok[1], &v1) || !absl::SimpleAtoi(tok[3], &v2) ||
        !absl::SimpleAtod(tok[4], &r0) || !absl::SimpleAtod(tok[5], &b)) {
      continue;
    }
    auto e1 = element::BySymbol(tok[0]);
    auto e2 = element::BySymbol(tok[2]);
    if (!e1.ok() || !e2.ok()) continue;
    ++n_rows;
    // The table lists the most reliable value first; keep the first.
    table.emplace(std::make_tuple((*e1)->atomic_number, v1,
                                  (*e2)->atomic_number, v2),
                  BondValenceParam{r0, b});
    if (v1 == 9 && !IsHardAnionSymbol(tok[2]) &&
        soft_seen.insert({(*e1)->atomic_number, (*e2)->atomic_number}).second) {
      soft.push_back({(*e1)->atomic_number, (*e2)->atomic_number, v2,
                      BondValenceParam{r0, b}});
    }
  }
  if (interpolate_soft) {
    // matminer appends rows for cation valences 1-6 after the whole table,
    // so a tabulated row for the same key still wins (first-row rule):
    // emplace never overwrites.
    for (const SoftRow& r : soft) {
      for (int n = 1; n <= 6; ++n) {
        table.emplace(std::make_tuple(r.cation, n, r.anion, r.anion_valence),
                      r.param);
      }
    }
  }
  if (n_rows == 0) {
    return absl::InvalidArgumentError(
        "no _valence_param rows found in the bond valence table");
  }
  return table;
}

absl::StatusOr<BondValenceTable> ReadBondValenceTable(const std::string& path,
                                                      bool interpolate_soft) {
  std::ifstream f(path);
  if (!f) {
    return absl::NotFoundError(
        absl::StrCat("cannot open bond valence table ", path));
  }
  std::stringstream ss;
  ss << f.rdbuf();
  auto t = ParseBondValenceTable(ss.str(), interpolate_soft);
  if (!t.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", t.status().message()));
  }
  return t;
}

absl::StatusOr<GiiResult> ComputeGii(const crystal::Crystal& c,
                                     const BondValenceTable& table,
                                     double cutoff_angstrom,
                                     bool all_zero_is_zero) {
  const int n = c.sites_size();
  std::set<int> elements;
  for (const auto& s : c.sites()) {
    for (const auto& o : s.occupants()) {
      if (!o.has_oxidation_state()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "record ", c.id(), ": site ", s.label(),
            " has no oxidation state (GII needs formal valences)"));
      }
      if (o.oxidation_state() != std::round(o.oxidation_state())) {
        return absl::InvalidArgumentError(absl::StrCat(
            "record ", c.id(), ": site ", s.label(),
            " has a non-integer valence ", o.oxidation_state()));
      }
      elements.insert(o.atomic_number());
    }
  }
  bool any_charged = false;
  for (const auto& s : c.sites())
    for (const auto& o : s.occupants()) any_charged |= o.oxidation_state() != 0;
  if (!any_charged && !all_zero_is_zero) {
    return absl::InvalidArgumentError(absl::StrCat(
        "record ", c.id(), ": every valence is 0 (no ionic bonds for a GII)"));
  }
  if (elements.size() < 2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "record ", c.id(), ": GII needs at least two elements"));
  }
  if (!any_charged) {
    // matminer's calc_gii_iucr: sign 0 skips every bond, so each deviation
    // is 0 - 0 and the GII is exactly 0; no neighbour search needed.
    return GiiResult{0.0, std::vector<double>(n, 0.0)};
  }
  const Eigen::Matrix3d L = crystal::LatticeMatrix(c);
  const Eigen::Matrix3d inv = L.inverse();
  std::vector<Eigen::Vector3d> cart(n);
  for (int i = 0; i < n; ++i) {
    Eigen::Vector3d f = crystal::FracPosition(c.sites(i));
    f = f.array() - f.array().floor();
    cart[i] = L.transpose() * f;
  }
  // Lattice translations reaching the cutoff (|x_k| <= cutoff * |b*_k|, plus
  // one cell for the offset between two sites in the cell), computed once and
  // sorted by length: a pair (i, j) at in-cell offset d0 only needs those with
  // |T| <= cutoff + |d0|.
  int reach[3];
  for (int k = 0; k < 3; ++k) {
    reach[k] = static_cast<int>(std::ceil(cutoff_angstrom * inv.col(k).norm())) + 1;
  }
  struct Translation {
    Eigen::Vector3d t;
    double norm;
  };
  std::vector<Translation> translations;
  for (int a = -reach[0]; a <= reach[0]; ++a)
    for (int b = -reach[1]; b <= reach[1]; ++b)
      for (int k = -reach[2]; k <= reach[2]; ++k) {
        const Eigen::Vector3d t = a * L.row(0).transpose() +
                                  b * L.row(1).transpose() +
                                  k * L.row(2).transpose();
        translations.push_back({t, t.norm()});
      }
  std::stable_sort(translations.begin(), translations.end(),
                   [](const Translation& x, const Translation& y) {
                     return x.norm < y.norm;
                   });
  const double cut2 = cutoff_angstrom * cutoff_angstrom;

  // Occupants as flat arrays; the table is looked up once per occupant pair,
  // not per neighbour image.
  struct Occ {
    int z, valence;
    double occupancy;
  };
  std::vector<std::vector<Occ>> occ(n);
  for (int i = 0; i < n; ++i) {
    for (const auto& o : c.sites(i).occupants()) {
      occ[i].push_back({o.atomic_number(),
                        static_cast<int>(o.oxidation_state()), o.occupancy()});
    }
  }
  // An opposite-sign occupant pair (p on site i, q on site j): the bond
  // valence parameters, or the missing key (an error only if the two sites
  // are within the cutoff, as before).
  struct Term {
    int p, q;
    const BondValenceParam* param;
    std::tuple<int, int, int, int> key;
    double to_i, to_j;  // signed occupancy weights added to bvs[i][p], bvs[j][q]
  };
  // Bond valence sum per (site, occupant).
  std::vector<std::vector<double>> bvs(n);
  for (int i = 0; i < n; ++i) bvs[i].assign(occ[i].size(), 0.0);
  std::vector<Term> terms;
  for (int i = 0; i < n; ++i) {
    for (int j = i; j < n; ++j) {
      terms.clear();
      for (size_t p = 0; p < occ[i].size(); ++p) {
        for (size_t q = 0; q < occ[j].size(); ++q) {
          const Occ& oi = occ[i][p];
          const Occ& oj = occ[j][q];
          if (!((oi.valence > 0 && oj.valence < 0) ||
                (oi.valence < 0 && oj.valence > 0))) {
            continue;
          }
          const bool cat = oi.valence > 0;
          auto key = cat ? std::make_tuple(oi.z, oi.valence, oj.z, oj.valence)
                         : std::make_tuple(oj.z, oj.valence, oi.z, oi.valence);
          auto it = table.find(key);
          const double si = cat ? 1.0 : -1.0;
          terms.push_back({static_cast<int>(p), static_cast<int>(q),
                           it == table.end() ? nullptr : &it->second, key,
                           si * oj.occupancy, -si * oi.occupancy});
        }
      }
      if (terms.empty()) continue;  // e.g. two cations: no bonds
      const Eigen::Vector3d d0 = cart[j] - cart[i];
      const double reach_norm = cutoff_angstrom + d0.norm() + 1e-9;
      for (const Translation& tr : translations) {
        if (tr.norm > reach_norm) break;  // |d0 + T| >= |T| - |d0| > cutoff
        const double r2 = (d0 + tr.t).squaredNorm();
        if (r2 > cut2 || r2 < 1e-16) continue;
        const double r = std::sqrt(r2);
        for (const Term& t : terms) {
          if (t.param == nullptr) {
            return absl::NotFoundError(absl::StrCat(
                "record ", c.id(), ": no bond valence parameters for ",
                element::Get(std::get<0>(t.key)).symbol, std::get<1>(t.key),
                "+ - ", element::Get(std::get<2>(t.key)).symbol,
                -std::get<3>(t.key), "-"));
          }
          const double sv =
              std::exp((t.param->r0_angstrom - r) / t.param->b_angstrom);
          bvs[i][t.p] += t.to_i * sv;
          // Site j sees i at -(d0 + T): the same distance. For j == i the
          // image -T is visited separately, so count each direction once.
          if (j != i) bvs[j][t.q] += t.to_j * sv;
        }
      }
    }
  }
  GiiResult out;
  out.deviation.resize(n);
  double sum = 0, weight = 0;
  for (int i = 0; i < n; ++i) {
    const auto& s = c.sites(i);
    double occ = 0, dev = 0, dev2 = 0;
    for (int p = 0; p < s.occupants_size(); ++p) {
      const double o = s.occupants(p).occupancy();
      const double d = bvs[i][p] - s.occupants(p).oxidation_state();
      occ += o;
      dev += o * d;
      dev2 += o * d * d;
    }
    out.deviation[i] = dev / occ;
    sum += dev2;  // = occ * (occupancy-weighted mean of d²)
    weight += occ;
  }
  out.gii = std::sqrt(sum / weight);
  return out;
}

namespace {

constexpr char kDefaultTable[] = "../shared/data/matminer/bvparm2020.cif";

class GlobalInstability : public describe::Descriptor {
 public:
  GlobalInstability() {
    schema().Number("cutoff_angstrom", &cutoff_, 4.0)
        .Unit("Å").Above(0).Help("neighbour search radius (matminer r_cut)");
    schema().Path("bv_table", &path_, kDefaultTable)
        .Help("the IUCr bond valence table (bvparm20xx.cif); relative paths "
              "are resolved from the working directory");
    schema().Bool("interpolate_soft", &interpolate_soft_, false)
        .Help("true: add matminer's IUCrBondValenceData(interpolate_soft=True) "
              "rows: each cation's valence-9 row with an anion other than "
              "O/Cl/F is used for cation valences 1-6 where no row exists");
    schema().Choice("all_zero_valences", &all_zero_is_zero_,
                    {{"error", false}, {"zero", true}}, "error")
        .Help("a structure whose valences are all 0: error, or zero (GII 0, "
              "what matminer 0.6.3's featurize returns)");
  }
  std::vector<std::string> feature_labels() const override {
    return {"global_instability_index"};
  }
  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    if (table_.empty()) {
      return absl::FailedPreconditionError("global_instability: not configured");
    }
    ASSIGN_OR_RETURN(GiiResult r, ComputeGii(c, table_, cutoff_, all_zero_is_zero_));
    return std::vector<double>{r.gii};
  }

 private:
  double cutoff_ = 4.0;
  std::string path_ = kDefaultTable;
  bool interpolate_soft_ = false;
  bool all_zero_is_zero_ = false;
  BondValenceTable table_;

  absl::Status Configured() override {
    auto t = ReadBondValenceTable(path_, interpolate_soft_);
    if (!t.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("parameter bv_table: ", t.status().message()));
    }
    table_ = std::move(*t);
    return absl::OkStatus();
  }
};

}  // namespace

IONSCREEN_REGISTER_DESCRIPTOR(
    global_instability, "global_instability",
    "global instability index from IUCr bond valence sums within "
    "cutoff_angstrom (default 4 Å) "
    "(matminer GlobalInstabilityIndex; Salinas-Sanchez et al. 1992)",
    GlobalInstability);

}  // namespace ionscreen::descriptors
