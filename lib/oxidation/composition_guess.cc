#include "lib/oxidation/composition_guess.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/element/element.h"
#include "lib/oxidation/oxidation_tables.h"

namespace ionscreen::oxidation {
namespace {

constexpr double kNone = -1.0;  // scores are >= 0
// Bound on the per-element tables (states x atoms x sum range).
constexpr int64_t kMaxTableCells = 60'000'000;

// For one element: every achievable sum of states over its atoms, in the order
// pymatgen first meets it while enumerating
// itertools.combinations_with_replacement(states, n), each with its best score.
struct ElementSums {
  std::vector<int> sums;
  std::vector<double> scores;
};

absl::StatusOr<ElementSums> SumsForElement(int z, int n) {
  const std::vector<int>& states = GuessStates(z);
  const int k = static_cast<int>(states.size());
  ElementSums out;
  if (k == 0) return out;
  const int lo_state = *std::min_element(states.begin(), states.end());
  const int hi_state = *std::max_element(states.begin(), states.end());
  // One sum window for every atom count c <= n: [min(0, n*lo), max(0, n*hi)].
  const int base = std::min(0, n * lo_state);
  const int width = std::max(0, n * hi_state) - base + 1;
  if (static_cast<int64_t>(k + 1) * (n + 1) * width > kMaxTableCells) {
    return absl::ResourceExhaustedError(absl::StrCat(
        n, " atoms of ", element::Get(z).symbol,
        " are too many for the composition search"));
  }
  std::vector<double> prob(k);
  for (int j = 0; j < k; ++j) prob[j] = IcsdOccurrenceCount(z, states[j]);

  // reach[idx(j, c, s)]: sum s is reachable with c atoms using state
  // indices >= j.
  auto idx = [&](int j, int c, int s) -> int64_t {
    return (static_cast<int64_t>(j) * (n + 1) + c) * width + (s - base);
  };
  std::vector<uint8_t> reach(static_cast<size_t>(k + 1) * (n + 1) * width, 0);
  for (int j = k; j >= 0; --j) {
    reach[idx(j, 0, 0)] = 1;
    if (j == k) continue;
    for (int c = 1; c <= n; ++c) {
      for (int s = base; s < base + width; ++s) {
        uint8_t r = reach[idx(j + 1, c, s)];
        const int prev = s - states[j];
        if (!r && prev >= base && prev < base + width) {
          r = reach[idx(j, c - 1, prev)];
        }
        reach[idx(j, c, s)] = r;
      }
    }
  }
  // Best score per sum over multisets of size n (order-free, so a plain
  // knapsack over sequences gives the same maximum).
  std::vector<double> best_prev(width, kNone), best(width, kNone);
  best_prev[0 - base] = 0.0;
  for (int c = 1; c <= n; ++c) {
    std::fill(best.begin(), best.end(), kNone);
    for (int s = base; s < base + width; ++s) {
      if (best_prev[s - base] == kNone) continue;
      for (int j = 0; j < k; ++j) {
        const int t = s + states[j];
        if (t < base || t >= base + width) continue;
        best[t - base] = std::max(best[t - base], best_prev[s - base] + prob[j]);
      }
    }
    std::swap(best, best_prev);
  }
  // Lexicographically smallest index sequence reaching each sum: the order in
  // which combinations_with_replacement first yields that sum.
  struct Entry {
    int sum;
    std::vector<int> seq;
  };
  std::vector<Entry> entries;
  for (int s = base; s < base + width; ++s) {
    if (!reach[idx(0, n, s)]) continue;
    Entry e{s, {}};
    e.seq.reserve(n);
    int j = 0, rem = s;
    for (int pos = 0; pos < n; ++pos) {
      const int left = n - pos - 1;
      while (true) {
        const int r = rem - states[j];
        if (r >= base && r < base + width && reach[idx(j, left, r)]) break;
        ++j;  // must terminate: the sum is reachable from index j
      }
      e.seq.push_back(j);
      rem -= states[j];
    }
    entries.push_back(std::move(e));
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.seq < b.seq; });
  for (const Entry& e : entries) {
    out.sums.push_back(e.sum);
    out.scores.push_back(best_prev[e.sum - base]);
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<ElementAverageState>> MostProbableOxidationStates(
    const std::vector<std::pair<int, int>>& amounts, int target_charge) {
  if (amounts.empty()) return absl::InvalidArgumentError("empty composition");
  std::vector<ElementSums> per_element;
  int lo = 0, hi = 0;
  for (const auto& [z, n] : amounts) {
    if (z < 1 || z > element::kMaxAtomicNumber || n <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("bad composition entry Z=", z, " amount=", n));
    }
    ASSIGN_OR_RETURN(ElementSums sums, SumsForElement(z, n));
    if (sums.sums.empty()) {
      return absl::NotFoundError(absl::StrCat(
          element::Get(z).symbol, " has no known oxidation states"));
    }
    lo += *std::min_element(sums.sums.begin(), sums.sums.end());
    hi += *std::max_element(sums.sums.begin(), sums.sums.end());
    per_element.push_back(std::move(sums));
  }
  if (target_charge < lo || target_charge > hi) {
    return absl::NotFoundError("no charge-balanced combination");
  }
  const int m = static_cast<int>(amounts.size());
  // tail[i][t - tail_lo[i]]: best score of elements i..m-1 whose sums total t.
  std::vector<int> tail_lo(m + 1, 0), tail_hi(m + 1, 0);
  for (int i = m - 1; i >= 0; --i) {
    tail_lo[i] = tail_lo[i + 1] + *std::min_element(per_element[i].sums.begin(),
                                                    per_element[i].sums.end());
    tail_hi[i] = tail_hi[i + 1] + *std::max_element(per_element[i].sums.begin(),
                                                    per_element[i].sums.end());
  }
  std::vector<std::vector<double>> tail(m + 1);
  tail[m].assign(1, 0.0);  // only total 0
  for (int i = m - 1; i >= 0; --i) {
    tail[i].assign(tail_hi[i] - tail_lo[i] + 1, kNone);
    const ElementSums& es = per_element[i];
    for (size_t p = 0; p < es.sums.size(); ++p) {
      for (int t = tail_lo[i + 1]; t <= tail_hi[i + 1]; ++t) {
        const double rest = tail[i + 1][t - tail_lo[i + 1]];
        if (rest == kNone) continue;
        double& cell = tail[i][es.sums[p] + t - tail_lo[i]];
        cell = std::max(cell, es.scores[p] + rest);
      }
    }
  }
  const double best_total = tail[0][target_charge - tail_lo[0]];
  if (best_total == kNone) {
    return absl::NotFoundError("no charge-balanced combination");
  }
  // Scores are sums of integer counts, exact in double, so ties are exact;
  // the first tuple in itertools.product order wins, as in pymatgen's stable
  // sort.
  std::vector<ElementAverageState> out;
  int remaining = target_charge;
  double need = best_total;
  for (int i = 0; i < m; ++i) {
    const ElementSums& es = per_element[i];
    bool found = false;
    for (size_t p = 0; p < es.sums.size(); ++p) {
      const int t = remaining - es.sums[p];
      if (t < tail_lo[i + 1] || t > tail_hi[i + 1]) continue;
      const double rest = tail[i + 1][t - tail_lo[i + 1]];
      if (rest == kNone || es.scores[p] + rest != need) continue;
      out.push_back({amounts[i].first,
                     static_cast<double>(es.sums[p]) / amounts[i].second});
      remaining = t;
      need = rest;
      found = true;
      break;
    }
    if (!found) return absl::InternalError("composition search backtrack failed");
  }
  return out;
}

}  // namespace ionscreen::oxidation
