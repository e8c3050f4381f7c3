#include "lib/oxidation/bond_valence.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "Eigen/Dense"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/element/element.h"
#include "lib/oxidation/oxidation_tables.h"
#include "spglib.h"

namespace ionscreen::oxidation {
namespace {

struct Neighbor {
  int site;
  double distance;
};

// All sites (with periodic images) within `radius` of site i, itself
// excluded (pymatgen's get_neighbors excludes distances below 1e-8), ordered
// by site, then image (a, b, c ascending).
std::vector<Neighbor> NeighborsWithin(const crystal::Crystal& c,
                                      const Eigen::Matrix3d& lattice, int i,
                                      double radius) {
  // Rows of inverse-transpose are reciprocal vectors (no 2 pi). A point within
  // `radius` has |fractional coordinate k| <= radius * |a_k*|, so only images
  // in that slab can hold neighbours: a tight box per site pair instead of a
  // fixed cube (the profile's top entry before).
  const Eigen::Matrix3d recip = lattice.inverse().transpose();
  double half[3];
  for (int k = 0; k < 3; ++k) half[k] = radius * recip.row(k).norm() + 1e-9;
  // Slightly above radius^2 so the exact test below decides the boundary.
  const double radius2 = radius * radius * (1 + 1e-12);
  const Eigen::Vector3d fi = crystal::FracPosition(c.sites(i));
  std::vector<Neighbor> out;
  for (int j = 0; j < c.sites_size(); ++j) {
    Eigen::Vector3d d = crystal::FracPosition(c.sites(j)) - fi;
    int lo[3], hi[3];
    for (int k = 0; k < 3; ++k) {
      d[k] -= std::round(d[k]);
      lo[k] = static_cast<int>(std::ceil(-half[k] - d[k]));
      hi[k] = static_cast<int>(std::floor(half[k] - d[k]));
    }
    for (int a = lo[0]; a <= hi[0]; ++a) {
      for (int b = lo[1]; b <= hi[1]; ++b) {
        for (int e = lo[2]; e <= hi[2]; ++e) {
          const Eigen::Vector3d f = d + Eigen::Vector3d(a, b, e);
          // Eigen's norm() is sqrt(squaredNorm()): same distances, and the
          // sqrt only for neighbours.
          const double dist2 = (f.transpose() * lattice).squaredNorm();
          if (dist2 > radius2) continue;
          const double dist = std::sqrt(dist2);
          if (dist <= radius && dist > 1e-8) out.push_back({j, dist});
        }
      }
    }
  }
  return out;
}

double Electronegativity(int z) { return element::Get(z).pauling_electronegativity; }

// pymatgen's Element ordering: electronegativity (NaN last), then symbol.
bool ElementLess(int a, int b) {
  double xa = Electronegativity(a), xb = Electronegativity(b);
  if (std::isnan(xa)) xa = INFINITY;
  if (std::isnan(xb)) xb = INFINITY;
  if (xa != xb) return xa < xb;
  return std::string(element::Get(a).symbol) < element::Get(b).symbol;
}

double PairValence(int z1, int z2, double distance, double scale) {
  const BondValenceParam p1 = *FindBondValenceParam(z1);
  const BondValenceParam p2 = *FindBondValenceParam(z2);
  const double dc = std::sqrt(p1.c) - std::sqrt(p2.c);
  const double r = p1.r + p2.r - p1.r * p2.r * dc * dc / (p1.c * p1.r + p2.c * p2.r);
  const double v = std::exp((r - distance * scale) / 0.31);
  return Electronegativity(z1) < Electronegativity(z2) ? v : -v;
}

double SiteSum(const crystal::Crystal& c, int i,
               const std::vector<Neighbor>& nn, double scale) {
  double sum = 0;
  for (const crystal::Occupant& o1 : c.sites(i).occupants()) {
    const int z1 = o1.atomic_number();
    for (const Neighbor& n : nn) {
      for (const crystal::Occupant& o2 : c.sites(n.site).occupants()) {
        const int z2 = o2.atomic_number();
        if (z1 == z2) continue;
        if (!IsBondValenceElectronegative(z1) && !IsBondValenceElectronegative(z2)) {
          continue;
        }
        sum += o1.occupancy() * o2.occupancy() *
               PairValence(z1, z2, n.distance, scale);
      }
    }
  }
  return sum;
}

absl::Status CheckParams(const crystal::Crystal& c) {
  for (const crystal::Site& s : c.sites()) {
    for (const crystal::Occupant& o : s.occupants()) {
      if (!FindBondValenceParam(o.atomic_number())) {
        return absl::FailedPreconditionError(
            absl::StrCat(element::Get(o.atomic_number()).symbol,
                         " has no bond-valence parameters"));
      }
    }
  }
  return absl::OkStatus();
}

// Groups of symmetry-equivalent sites, ordered by representative index, each
// listing its members in index order (pymatgen's SymmetrizedStructure).
std::vector<std::vector<int>> EquivalentGroups(const crystal::Crystal& c,
                                               const BondValenceOptions& opt) {
  const int n = c.sites_size();
  std::vector<int> rep(n);
  std::iota(rep.begin(), rep.end(), 0);
  if (opt.symprec_angstrom > 0 && n > 0) {
    // Sites with the same occupants (element and occupancy) share a type.
    std::map<std::vector<std::pair<int, long long>>, int> type_of;
    std::vector<int> types(n);
    std::vector<double> pos(3 * n);
    for (int i = 0; i < n; ++i) {
      std::vector<std::pair<int, long long>> key;
      for (const crystal::Occupant& o : c.sites(i).occupants()) {
        key.push_back({o.atomic_number(), std::llround(o.occupancy() * 1e6)});
      }
      std::sort(key.begin(), key.end());
      types[i] = type_of.emplace(key, static_cast<int>(type_of.size())).first->second;
      pos[3 * i] = c.sites(i).frac_x();
      pos[3 * i + 1] = c.sites(i).frac_y();
      pos[3 * i + 2] = c.sites(i).frac_z();
    }
    const Eigen::Matrix3d l = crystal::LatticeMatrix(c);
    double lattice[3][3];
    for (int r = 0; r < 3; ++r) {
      for (int k = 0; k < 3; ++k) lattice[r][k] = l(k, r);  // columns a, b, c
    }
    SpglibDataset* ds = spgat_get_dataset(
        lattice, reinterpret_cast<double(*)[3]>(pos.data()), types.data(), n,
        opt.symprec_angstrom, opt.angle_tolerance_deg);
    if (ds != nullptr) {
      for (int i = 0; i < n; ++i) rep[i] = ds->equivalent_atoms[i];
      spg_free_dataset(ds);
    }
  }
  std::map<int, std::vector<int>> groups;
  for (int i = 0; i < n; ++i) groups[rep[i]].push_back(i);
  std::vector<std::vector<int>> out;
  for (auto& [r, members] : groups) out.push_back(std::move(members));
  return out;
}

double AverageElectronegativity(const crystal::Site& s) {
  double num = 0, den = 0;
  for (const crystal::Occupant& o : s.occupants()) {
    num += Electronegativity(o.atomic_number()) * std::abs(o.occupancy());
    den += o.occupancy();
  }
  return num / den;
}

// Normalised posterior of each candidate state of element z at a site whose
// bond-valence sum is `bv_sum`: Gaussian likelihood times ICSD prior.
std::vector<std::pair<int, double>> StateProbabilities(int z, double bv_sum) {
  std::vector<std::pair<int, double>> prob;
  double total = 0;
  for (const IcsdBvSum& s : IcsdBvSumsFor(z)) {
    const double d = bv_sum - s.mean;
    const double p = std::exp(-d * d / 2 / (s.std * s.std)) / s.std *
                     IcsdOccurrenceCount(z, s.oxidation_state);
    prob.push_back({s.oxidation_state, p});
    total += p;
  }
  for (auto& [state, p] : prob) p = total > 0 ? p / total : 0.0;
  return prob;
}

// Candidate states of element z at a site with bond-valence sum `bv_sum`:
// those more probable than keep_fraction x the most probable.
std::vector<int> PlausibleStates(int z, double bv_sum, double keep_fraction) {
  std::vector<std::pair<int, double>> prob = StateProbabilities(z, bv_sum);
  std::stable_sort(prob.begin(), prob.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<int> out;
  if (prob.empty()) return out;
  for (const auto& [state, p] : prob) {
    if (p > keep_fraction * prob[0].second) out.push_back(state);
  }
  return out;
}

// Shortcuts that skip spglib (the most costly step) when the grouping of
// equivalent sites cannot change the result, from every site's own
// bond-valence sum (a group uses its first site's, one of these):
//  - no charge-neutral assignment: even with each element's highest (lowest)
//    candidate over all its sites on every site, the charge cannot reach
//    zero, so the search's root cut fails for any grouping;
//  - each element has one and the same candidate on every site: the search
//    has a single leaf whatever the grouping.
// Returns nullopt otherwise, or when a site has no candidate (then the full
// search reports it, with the same messages as before).
std::optional<absl::StatusOr<std::vector<std::vector<int>>>> Shortcut(
    const crystal::Crystal& c, const std::vector<double>& bv_sums, bool ordered,
    double keep_fraction) {
  struct Range {
    int lo, hi;
    double weight;  // number of atoms (times occupancy when disordered)
    bool single;    // one and the same candidate everywhere
  };
  std::map<int, Range> range_of;
  std::vector<std::vector<int>> out(c.sites_size());
  for (int i = 0; i < c.sites_size(); ++i) {
    for (const crystal::Occupant& o : c.sites(i).occupants()) {
      const std::vector<int> states =
          PlausibleStates(o.atomic_number(), bv_sums[i], keep_fraction);
      if (states.empty()) return std::nullopt;
      const int lo = *std::min_element(states.begin(), states.end());
      const int hi = *std::max_element(states.begin(), states.end());
      const double w = ordered ? 1.0 : o.occupancy();
      auto [it, fresh] =
          range_of.emplace(o.atomic_number(), Range{lo, hi, w, states.size() == 1});
      if (!fresh) {
        Range& r = it->second;
        r.single = r.single && states.size() == 1 && r.lo == lo;
        r.lo = std::min(r.lo, lo);
        r.hi = std::max(r.hi, hi);
        r.weight += w;
      }
      out[i].push_back(states[0]);
    }
  }
  // The search's cut: exact zero when ordered (integer sums), within 1e-5
  // when disordered.
  const double tol = ordered ? 0.0 : 1e-5;
  double highest = 0, lowest = 0;
  bool single = true;
  for (const auto& [z, r] : range_of) {
    highest += r.hi * r.weight;
    lowest += r.lo * r.weight;
    single = single && r.single;
  }
  if (highest < -tol || lowest > tol) {
    return absl::StatusOr<std::vector<std::vector<int>>>(
        absl::FailedPreconditionError("no charge-neutral bond-valence assignment"));
  }
  if (!single) return std::nullopt;
  return absl::StatusOr<std::vector<std::vector<int>>>(std::move(out));
}

// One unknown of the search: an element on a group of equivalent sites.
struct Variable {
  int z;
  double weight;  // number of sites (times occupancy when disordered)
  std::vector<int> valences;  // candidates, most probable first
  std::map<int, double> prob;
};

// pymatgen's _recurse: depth-first over candidates (most probable first),
// cutting a branch when no completion can reach zero net charge; every cut and
// every leaf counts towards max_permutations, as in pymatgen, so the result is
// the same when the limit is hit. Per node O(1): running charge bounds and
// per-variable tables instead of maps.
class Search {
 public:
  Search(const std::vector<Variable>& vars, bool ordered, int max_permutations)
      : ordered_(ordered), max_permutations_(max_permutations) {
    const size_t m = vars.size();
    suffix_max_.assign(m + 1, 0.0);
    suffix_min_.assign(m + 1, 0.0);
    for (size_t k = m; k-- > 0;) {
      const Variable& v = vars[k];
      const int vmax = *std::max_element(v.valences.begin(), v.valences.end());
      const int vmin = *std::min_element(v.valences.begin(), v.valences.end());
      suffix_max_[k] = suffix_max_[k + 1] + vmax * v.weight;
      suffix_min_[k] = suffix_min_[k + 1] + vmin * v.weight;
    }
    std::vector<int> elements;
    for (const Variable& v : vars) {
      auto it = std::find(elements.begin(), elements.end(), v.z);
      element_.push_back(static_cast<int>(it - elements.begin()));
      if (it == elements.end()) elements.push_back(v.z);
      weight_.push_back(v.weight);
      valences_.push_back(v.valences);
      std::vector<double> p;
      for (int val : v.valences) p.push_back(v.prob.at(val));
      prob_.push_back(std::move(p));
    }
    n_elements_ = static_cast<int>(elements.size());
    lo_.resize(n_elements_);
    hi_.resize(n_elements_);
  }
  bool Run() {
    assigned_.clear();
    choice_.clear();
    Recurse(0.0);
    return !best_.empty();
  }
  const std::vector<int>& best() const { return best_; }
  bool exhausted() const { return n_ > max_permutations_; }

 private:
  void Evaluate() {
    const int max_spread = ordered_ ? 1 : 2;
    std::fill(lo_.begin(), lo_.end(), INT_MAX);
    std::fill(hi_.begin(), hi_.end(), INT_MIN);
    for (size_t i = 0; i < assigned_.size(); ++i) {
      const int e = element_[i];
      lo_[e] = std::min(lo_[e], assigned_[i]);
      hi_[e] = std::max(hi_[e], assigned_[i]);
    }
    for (int e = 0; e < n_elements_; ++e) {
      if (hi_[e] - lo_[e] > max_spread) return;
    }
    double score = 1;
    for (size_t i = 0; i < choice_.size(); ++i) score *= prob_[i][choice_[i]];
    if (score > best_score_) {
      best_score_ = score;
      best_ = assigned_;
    }
  }
  // `charge`: weighted sum of the assigned prefix.
  void Recurse(double charge) {
    if (n_ > max_permutations_) return;
    const size_t i = assigned_.size();
    const double highest = charge + suffix_max_[i];
    const double lowest = charge + suffix_min_[i];
    const double tol = ordered_ ? 0.0 : 1e-5;
    if (highest < -tol || lowest > tol) {
      ++n_;
      return;
    }
    if (i == valences_.size()) {
      Evaluate();
      ++n_;
      return;
    }
    const std::vector<int>& candidates = valences_[i];
    for (size_t j = 0; j < candidates.size(); ++j) {
      assigned_.push_back(candidates[j]);
      choice_.push_back(static_cast<int>(j));
      Recurse(charge + candidates[j] * weight_[i]);
      assigned_.pop_back();
      choice_.pop_back();
    }
  }

  const bool ordered_;
  const int max_permutations_;
  std::vector<double> suffix_max_, suffix_min_, weight_;
  std::vector<int> element_;
  std::vector<std::vector<int>> valences_;
  std::vector<std::vector<double>> prob_;
  int n_elements_ = 0;
  std::vector<int> lo_, hi_;
  std::vector<int> assigned_, choice_;
  long long n_ = 0;
  double best_score_ = 0;
  std::vector<int> best_;
};

}  // namespace

absl::StatusOr<double> BondValenceSum(const crystal::Crystal& c, int i,
                                      const BondValenceOptions& options) {
  if (i < 0 || i >= c.sites_size()) {
    return absl::InvalidArgumentError(absl::StrCat("no site ", i));
  }
  RETURN_IF_ERROR(CheckParams(c));
  const Eigen::Matrix3d lattice = crystal::LatticeMatrix(c);
  return SiteSum(c, i, NeighborsWithin(c, lattice, i, options.max_radius_angstrom),
                 options.distance_scale_factor);
}

absl::StatusOr<std::vector<std::vector<int>>> BondValenceStates(
    const crystal::Crystal& c, const BondValenceOptions& options) {
  RETURN_IF_ERROR(CheckParams(c));
  if (c.sites_size() == 0) return absl::FailedPreconditionError("no sites");
  const bool ordered = !crystal::IsDisordered(c);
  const Eigen::Matrix3d lattice = crystal::LatticeMatrix(c);
  const double keep_fraction = ordered ? 0.01 : 0.001;
  // Every site's sum once (a group's sum is its first site's).
  std::vector<double> bv_sums(c.sites_size());
  for (int i = 0; i < c.sites_size(); ++i) {
    bv_sums[i] = SiteSum(
        c, i, NeighborsWithin(c, lattice, i, options.max_radius_angstrom),
        options.distance_scale_factor);
  }
  if (auto shortcut = Shortcut(c, bv_sums, ordered, keep_fraction)) {
    return *std::move(shortcut);
  }
  std::vector<std::vector<int>> groups = EquivalentGroups(c, options);
  // Most electronegative groups first (stable, as pymatgen's sorted()).
  std::stable_sort(groups.begin(), groups.end(),
                   [&](const std::vector<int>& a, const std::vector<int>& b) {
                     return -AverageElectronegativity(c.sites(a[0])) <
                            -AverageElectronegativity(c.sites(b[0]));
                   });
  std::vector<Variable> vars;
  std::vector<std::pair<int, int>> var_group_occupant;  // group, occupant index
  for (size_t g = 0; g < groups.size(); ++g) {
    const int test = groups[g][0];
    const crystal::Site& site = c.sites(test);
    const double bv = bv_sums[test];
    std::vector<int> order(site.occupants_size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      const int za = site.occupants(a).atomic_number();
      const int zb = site.occupants(b).atomic_number();
      if (za != zb) return ElementLess(za, zb);
      return site.occupants(a).occupancy() < site.occupants(b).occupancy();
    });
    for (int oi : order) {
      const crystal::Occupant& o = site.occupants(oi);
      Variable v;
      v.z = o.atomic_number();
      v.weight = static_cast<double>(groups[g].size()) *
                 (ordered ? 1.0 : o.occupancy());
      std::vector<std::pair<int, double>> prob = StateProbabilities(v.z, bv);
      std::stable_sort(prob.begin(), prob.end(),
                       [](const auto& a, const auto& b) { return a.second > b.second; });
      for (const auto& [state, p] : prob) v.prob[state] = p;
      if (!prob.empty()) {
        const double top = prob[0].second;
        for (const auto& [state, p] : prob) {
          if (p > keep_fraction * top) v.valences.push_back(state);
        }
      }
      if (v.valences.empty()) {
        return absl::FailedPreconditionError(absl::StrCat(
            "no plausible bond-valence state for ", element::Get(v.z).symbol,
            " at site ", site.label(), " (bond-valence sum ", bv, ")"));
      }
      vars.push_back(std::move(v));
      var_group_occupant.push_back({static_cast<int>(g), oi});
    }
  }
  Search search(vars, ordered, options.max_permutations);
  if (!search.Run()) {
    return absl::FailedPreconditionError(
        search.exhausted()
            ? "no charge-neutral bond-valence assignment within the search limit"
            : "no charge-neutral bond-valence assignment");
  }
  std::vector<std::vector<int>> out(c.sites_size());
  for (int i = 0; i < c.sites_size(); ++i) {
    out[i].assign(c.sites(i).occupants_size(), 0);
  }
  // Equivalent sites share occupant elements but not necessarily their order.
  for (size_t k = 0; k < vars.size(); ++k) {
    const int g = var_group_occupant[k].first;
    for (int site : groups[g]) {
      for (int oi = 0; oi < c.sites(site).occupants_size(); ++oi) {
        if (c.sites(site).occupants(oi).atomic_number() == vars[k].z) {
          out[site][oi] = search.best()[k];
        }
      }
    }
  }
  return out;
}

}  // namespace ionscreen::oxidation
