#include "lib/rank/rank.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "lib/base/uniform.h"

namespace ionscreen::rank {
namespace {

// A present value outside its bound (missing values fail nothing here).
bool FailsAFilter(const Item& it, const RankOptions& o) {
  return (it.e_above_hull_ev && *it.e_above_hull_ev > o.ehull_max_ev + 1e-12) ||
         (it.band_gap_ev && *it.band_gap_ev < o.gap_min_ev - 1e-12) ||
         (it.ea_bvse_ev && !(*it.ea_bvse_ev < o.ea_max_ev));
}

}  // namespace

bool PassesFilters(const Item& it, const RankOptions& o) {
  if (FailsAFilter(it, o)) return false;
  const bool missing =
      !it.e_above_hull_ev || !it.band_gap_ev || !it.ea_bvse_ev;
  return !missing || o.keep_missing;
}

absl::StatusOr<RankReport> RankCandidates(const std::vector<Item>& items,
                                          const std::vector<Label>& labels,
                                          const std::vector<double>& centroids,
                                          int num_clusters,
                                          const RankOptions& o) {
  if (num_clusters <= 0) {
    return absl::InvalidArgumentError("no clusters at the chosen depth");
  }
  if (centroids.empty() || centroids.size() % num_clusters != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "centroids hold ", centroids.size(), " values, not a multiple of ",
        num_clusters, " clusters (run cluster with --centroids)"));
  }
  const size_t dim = centroids.size() / num_clusters;
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].cluster < 1 || items[i].cluster > num_clusters) {
      return absl::InvalidArgumentError(
          absl::StrCat("item ", items[i].id, " has cluster ", items[i].cluster,
                       " outside 1..", num_clusters));
    }
  }
  std::vector<int> n_labels(num_clusters + 1, 0), n_high(num_clusters + 1, 0);
  for (const Label& l : labels) {
    if (l.item < 0 || l.item >= static_cast<int>(items.size())) {
      return absl::InvalidArgumentError("label refers to no item");
    }
    const int c = items[l.item].cluster;
    ++n_labels[c];
    // In log10 with a tolerance: labels arrive as 10^(mean log10 sigma), and
    // a label equal to the threshold must stay "not high" after the round
    // trip.
    if (l.sigma_s_per_cm > 0 &&
        std::log10(l.sigma_s_per_cm) >
            std::log10(o.sigma_high_s_per_cm) + 1e-12) {
      ++n_high[c];
    }
  }
  RankReport rep;
  std::map<int, std::string> selected;  // cluster -> why
  for (int c = 1; c <= num_clusters; ++c) {
    if (n_high[c] > 0) {
      rep.high_clusters.push_back(c);
      selected[c] = "label";
    }
  }
  auto dist2 = [&](int a, int b) {
    double s = 0;
    for (size_t d = 0; d < dim; ++d) {
      const double x = centroids[(a - 1) * dim + d] - centroids[(b - 1) * dim + d];
      s += x * x;
    }
    return s;
  };
  for (int h : rep.high_clusters) {
    int best = -1;
    double bd = std::numeric_limits<double>::infinity();
    for (int c = 1; c <= num_clusters; ++c) {
      if (c == h) continue;
      const double d = dist2(h, c);
      if (d < bd) {  // ties: lowest label
        bd = d;
        best = c;
      }
    }
    if (best > 0 && !selected.count(best)) {
      selected[best] = "nearest";
      rep.nearest_clusters.push_back(best);
    }
  }
  std::sort(rep.nearest_clusters.begin(), rep.nearest_clusters.end());
  for (size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    auto sel = selected.find(it.cluster);
    if (sel == selected.end()) continue;
    ++rep.items_in_selected_clusters;
    Candidate cand;
    cand.item = i;
    cand.labels_in_cluster = n_labels[it.cluster];
    cand.high_labels_in_cluster = n_high[it.cluster];
    cand.selected_by = sel->second;
    bool fail = false;
    if (!it.e_above_hull_ev) {
      cand.missing.push_back("e_above_hull");
      ++rep.missing_e_above_hull;
    }
    if (!it.band_gap_ev) {
      cand.missing.push_back("band_gap");
      ++rep.missing_band_gap;
    }
    if (!it.ea_bvse_ev) {
      cand.missing.push_back("ea");
      ++rep.missing_ea;
    }
    fail = FailsAFilter(it, o);
    if (fail) {
      ++rep.failed_filters;
      continue;
    }
    if (!cand.missing.empty() && !o.keep_missing) {
      ++rep.dropped_missing;
      continue;
    }
    rep.candidates.push_back(std::move(cand));
  }
  std::stable_sort(rep.candidates.begin(), rep.candidates.end(),
                   [&](const Candidate& a, const Candidate& b) {
                     const auto& ea = items[a.item].ea_bvse_ev;
                     const auto& eb = items[b.item].ea_bvse_ev;
                     if (ea.has_value() != eb.has_value()) return ea.has_value();
                     if (ea && eb && *ea != *eb) return *ea < *eb;
                     return items[a.item].id < items[b.item].id;
                   });
  return rep;
}


std::string CandidatesTsv(const std::vector<Item>& items,
                          const RankReport& rep) {
  std::string out =
      "rank\tcompound\tspace_group\tmp_id\ticsd_id\tcluster\tea_bvse_ev\t"
      "e_above_hull_ev\tband_gap_ev\tlabels_in_cluster\t"
      "high_sigma_labels_in_cluster\tselected_by\tmissing\n";
  int r = 0;
  for (const Candidate& c : rep.candidates) {
    const Item& it = items[c.item];
    auto fmt = [](const std::optional<double>& v) {
      return v ? absl::StrFormat("%.3f", *v) : std::string("NA");
    };
    absl::StrAppend(&out, ++r, "\t", it.formula, "\t", it.space_group, "\t",
                    it.mp_id, "\t", absl::StrJoin(it.icsd_ids, ","), "\t",
                    it.cluster, "\t", fmt(it.ea_bvse_ev), "\t",
                    fmt(it.e_above_hull_ev), "\t", fmt(it.band_gap_ev), "\t",
                    c.labels_in_cluster, "\t", c.high_labels_in_cluster, "\t",
                    c.selected_by, "\t",
                    c.missing.empty() ? "-" : absl::StrJoin(c.missing, ","),
                    "\n");
  }
  return out;
}

labels::ItemKeys KeysOfItems(const std::vector<Item>& items) {
  labels::ItemKeys keys;
  for (const Item& it : items) {
    keys.ids.push_back(it.id);
    keys.mp_ids.push_back(it.mp_id);
    keys.icsd_ids.push_back(it.icsd_ids);
  }
  return keys;
}

std::vector<Label> LabelsForItems(const labels::LabelJoin& join) {
  std::vector<Label> out;
  for (const labels::ResolvedLabel& l : join.labels) {
    out.push_back({l.item, std::pow(10.0, l.value)});
  }
  return out;
}

std::vector<std::string> PaperTopTenMpIds() {
  // Table 2 of the paper (Li3VS4 ... Li3CuS2), method.md section 6.
  return {"mp-760375", "mp-6711",  "mp-2530", "mp-4586", "mp-20782",
          "mp-756490", "mp-5048",  "mp-5614", "mp-9059", "mp-1177695"};
}

absl::StatusOr<NullReport> NullRecall(const std::vector<Item>& items,
                                      const RankReport& report,
                                      int num_clusters, const RankOptions& o,
                                      const NullOptions& no) {
  if (no.draws < 0) return absl::InvalidArgumentError("null draws must be >= 0");
  NullReport r;
  r.num_clusters = num_clusters;
  r.top_ids = static_cast<int>(no.top_ids.size());
  r.draws = no.draws;
  r.seed = no.seed;
  absl::flat_hash_set<std::string> top(no.top_ids.begin(), no.top_ids.end());
  auto is_top = [&](const Item& it) {
    return top.contains(it.id) || (!it.mp_id.empty() && top.contains(it.mp_id));
  };
  // Per cluster: structures, filter passes, and top ids passing.
  std::vector<int> size(num_clusters + 1, 0), pass(num_clusters + 1, 0),
      top_pass(num_clusters + 1, 0);
  for (const Item& it : items) {
    if (it.cluster < 1 || it.cluster > num_clusters) {
      return absl::InvalidArgumentError(absl::StrCat(
          "item ", it.id, " has cluster ", it.cluster, " outside 1..",
          num_clusters));
    }
    const bool t = is_top(it);
    r.top_ids_present += t;
    ++size[it.cluster];
    if (!PassesFilters(it, o)) continue;
    ++pass[it.cluster];
    ++r.filters_alone_structures;
    if (t) {
      ++top_pass[it.cluster];
      ++r.filters_alone_recall;
    }
  }
  std::vector<int> selected = report.high_clusters;
  selected.insert(selected.end(), report.nearest_clusters.begin(),
                  report.nearest_clusters.end());
  r.selected_clusters = static_cast<int>(selected.size());
  for (int c : selected) {
    r.selected_structures += size[c];
    r.selected_candidates += pass[c];
    r.real_recall += top_pass[c];
  }
  std::seed_seq seq{static_cast<uint32_t>(no.seed),
                    static_cast<uint32_t>(no.seed >> 32)};
  std::mt19937_64 rng(seq);
  std::vector<int> order(num_clusters);
  double sum = 0, sum_sq = 0, ge = 0, clusters = 0, structures = 0,
         candidates = 0;
  const int64_t target = r.selected_structures;
  for (int d = 0; d < no.draws; ++d) {
    for (int c = 0; c < num_clusters; ++c) order[c] = c + 1;
    int64_t total = 0;
    int recall = 0, kept = 0, cand = 0;
    for (int t = 0; t < num_clusters && total != target; ++t) {
      const int j = t + static_cast<int>(base::UniformBelow(rng, num_clusters - t));
      std::swap(order[t], order[j]);
      const int c = order[t];
      if (std::llabs(total + size[c] - target) < std::llabs(total - target)) {
        total += size[c];
        recall += top_pass[c];
        cand += pass[c];
        ++kept;
      }
    }
    sum += recall;
    sum_sq += static_cast<double>(recall) * recall;
    ge += recall >= r.real_recall;
    clusters += kept;
    structures += total;
    candidates += cand;
  }
  if (no.draws > 0) {
    const double n = no.draws;
    r.mean_recall = sum / n;
    r.sd_recall =
        std::sqrt(std::max(0.0, sum_sq / n - r.mean_recall * r.mean_recall));
    r.fraction_recall_ge_real = ge / n;
    r.mean_draw_clusters = clusters / n;
    r.mean_draw_structures = structures / n;
    r.mean_draw_candidates = candidates / n;
  }
  return r;
}

std::string NullTsv(const NullReport& r) {
  std::string out = "quantity\tvalue\n";
  auto add = [&](const char* name, const std::string& v) {
    absl::StrAppend(&out, name, "\t", v, "\n");
  };
  auto num = [](double v) { return absl::StrFormat("%.6g", v); };
  add("num_clusters", absl::StrCat(r.num_clusters));
  add("top_ids", absl::StrCat(r.top_ids));
  add("top_ids_present", absl::StrCat(r.top_ids_present));
  add("filters_alone_structures", absl::StrCat(r.filters_alone_structures));
  add("filters_alone_recall", absl::StrCat(r.filters_alone_recall));
  add("selected_clusters", absl::StrCat(r.selected_clusters));
  add("selected_structures", absl::StrCat(r.selected_structures));
  add("selected_candidates", absl::StrCat(r.selected_candidates));
  add("real_recall", absl::StrCat(r.real_recall));
  add("draws", absl::StrCat(r.draws));
  add("seed", absl::StrCat(r.seed));
  add("mean_draw_clusters", num(r.mean_draw_clusters));
  add("mean_draw_structures", num(r.mean_draw_structures));
  add("mean_draw_candidates", num(r.mean_draw_candidates));
  add("mean_recall", num(r.mean_recall));
  add("sd_recall", num(r.sd_recall));
  add("fraction_recall_ge_real", num(r.fraction_recall_ge_real));
  return out;
}

}  // namespace ionscreen::rank
