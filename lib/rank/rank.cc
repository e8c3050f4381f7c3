#include "lib/rank/rank.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace ionscreen::rank {

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
    if (l.sigma_s_per_cm > o.sigma_high_s_per_cm) ++n_high[c];
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
    } else if (*it.e_above_hull_ev > o.ehull_max_ev + 1e-12) {
      fail = true;
    }
    if (!it.band_gap_ev) {
      cand.missing.push_back("band_gap");
      ++rep.missing_band_gap;
    } else if (*it.band_gap_ev < o.gap_min_ev - 1e-12) {
      fail = true;
    }
    if (!it.ea_bvse_ev) {
      cand.missing.push_back("ea");
      ++rep.missing_ea;
    } else if (!(*it.ea_bvse_ev < o.ea_max_ev)) {
      fail = true;
    }
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

absl::StatusOr<std::vector<LabelRow>> ParseLabels(absl::string_view text) {
  std::vector<LabelRow> rows;
  std::vector<std::string> header;
  char sep = ',';
  int c_sigma = -1, c_mp = -1, c_icsd = -1;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    line = absl::StripTrailingAsciiWhitespace(line);
    if (line.empty()) continue;
    if (header.empty()) {
      sep = line.find('\t') != absl::string_view::npos ? '\t' : ',';
      header = absl::StrSplit(line, sep);
      for (size_t i = 0; i < header.size(); ++i) {
        const std::string h = absl::AsciiStrToLower(header[i]);
        if (h == "sigma" || h == "sigma_s_per_cm") c_sigma = i;
        if (h == "mp_id") c_mp = i;
        if (h == "icsd" || h == "icsd_id") c_icsd = i;
      }
      if (c_sigma < 0 || (c_mp < 0 && c_icsd < 0)) {
        return absl::InvalidArgumentError(
            "labels: header needs a sigma column and mp_id or icsd");
      }
      continue;
    }
    // Commas inside quoted formulas are not expected in these files.
    std::vector<std::string> f = absl::StrSplit(line, sep);
    if (static_cast<int>(f.size()) <= std::max({c_sigma, c_mp, c_icsd})) {
      return absl::InvalidArgumentError(
          absl::StrCat("labels line ", line_no, ": too few columns"));
    }
    LabelRow r;
    absl::string_view s = absl::StripAsciiWhitespace(f[c_sigma]);
    absl::ConsumePrefix(&s, "<");
    if (!absl::SimpleAtod(s, &r.sigma_s_per_cm)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "labels line ", line_no, ": unparsable sigma '", f[c_sigma], "'"));
    }
    if (c_mp >= 0) r.mp_id = std::string(absl::StripAsciiWhitespace(f[c_mp]));
    if (c_icsd >= 0 && !f[c_icsd].empty()) {
      double v = 0;
      if (absl::SimpleAtod(f[c_icsd], &v)) r.icsd_id = static_cast<int64_t>(v);
    }
    rows.push_back(r);
  }
  return rows;
}

std::vector<Label> MatchLabels(const std::vector<LabelRow>& rows,
                               const std::vector<Item>& items,
                               int* unmatched) {
  absl::flat_hash_map<std::string, int> by_mp;
  absl::flat_hash_map<int64_t, int> by_icsd;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].mp_id.empty()) by_mp.emplace(items[i].mp_id, i);
    for (int64_t id : items[i].icsd_ids) by_icsd.emplace(id, i);
  }
  std::vector<Label> out;
  *unmatched = 0;
  for (const LabelRow& r : rows) {
    int item = -1;
    if (!r.mp_id.empty()) {
      auto it = by_mp.find(r.mp_id);
      if (it != by_mp.end()) item = it->second;
    }
    if (item < 0 && r.icsd_id > 0) {
      auto it = by_icsd.find(r.icsd_id);
      if (it != by_icsd.end()) item = it->second;
    }
    if (item < 0) {
      ++*unmatched;
      continue;
    }
    out.push_back({item, r.sigma_s_per_cm});
  }
  return out;
}

}  // namespace ionscreen::rank
