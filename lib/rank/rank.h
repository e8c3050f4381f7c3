// Candidate selection and ranking (paper section 6): at one clustering depth
// take every cluster that holds a high-conductivity label or is the nearest
// cluster (centroid distance) to one, filter by E_hull, band gap and BVSE Ea,
// and rank by Ea.
#ifndef IONSCREEN_LIB_RANK_RANK_H_
#define IONSCREEN_LIB_RANK_RANK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ionscreen::rank {

// One clustered structure with what ranking needs.
struct Item {
  std::string id;
  std::string mp_id;
  std::vector<int64_t> icsd_ids;
  std::string formula;
  std::string space_group;
  int cluster = 0;  // 1-based label at the chosen depth
  std::optional<double> e_above_hull_ev;
  std::optional<double> band_gap_ev;
  std::optional<double> ea_bvse_ev;
};

// A conductivity label already matched to an item (index into items).
struct Label {
  int item = 0;
  double sigma_s_per_cm = 0;
};

struct RankOptions {
  double sigma_high_s_per_cm = 1e-5;
  double ehull_max_ev = 0.070;
  double gap_min_ev = 1.0;
  double ea_max_ev = 0.6;  // strict: Ea < ea_max
  bool keep_missing = false;  // keep items lacking E_hull, gap or Ea
};

struct Candidate {
  int item = 0;
  int labels_in_cluster = 0;
  int high_labels_in_cluster = 0;
  std::string selected_by;           // "label" or "nearest"
  std::vector<std::string> missing;  // "e_above_hull", "band_gap", "ea"
};

struct RankReport {
  std::vector<int> high_clusters;     // clusters holding a high-sigma label
  std::vector<int> nearest_clusters;  // added as nearest to one of those
  int items_in_selected_clusters = 0;
  int failed_filters = 0;
  int missing_e_above_hull = 0, missing_band_gap = 0, missing_ea = 0;
  int dropped_missing = 0;
  std::vector<Candidate> candidates;  // ranked
};

// `centroids` is row-major num_clusters x dimension (row c-1 for cluster c).
absl::StatusOr<RankReport> RankCandidates(const std::vector<Item>& items,
                                          const std::vector<Label>& labels,
                                          const std::vector<double>& centroids,
                                          int num_clusters,
                                          const RankOptions& options);

// Table-2-like TSV of the candidates.
std::string CandidatesTsv(const std::vector<Item>& items,
                          const RankReport& report);

// Conductivity labels from a CSV or TSV with a header holding a `sigma`
// column (S/cm) and `mp_id` and/or `icsd` columns. Values written "<x" are
// taken as x (an upper bound, so never high at any sensible threshold).
struct LabelRow {
  std::string mp_id;
  int64_t icsd_id = 0;
  double sigma_s_per_cm = 0;
};
absl::StatusOr<std::vector<LabelRow>> ParseLabels(absl::string_view text);

// Matches label rows to items by MP id, else by ICSD id; unmatched rows are
// counted in *unmatched.
std::vector<Label> MatchLabels(const std::vector<LabelRow>& rows,
                               const std::vector<Item>& items, int* unmatched);

}  // namespace ionscreen::rank

#endif  // IONSCREEN_LIB_RANK_RANK_H_
