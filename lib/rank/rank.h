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
#include "lib/labels/labels.h"

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

// The join keys of the items, for labels::JoinLabels.
labels::ItemKeys KeysOfItems(const std::vector<Item>& items);

// Resolved conductivity labels (labels::JoinLabels of a "sigma" table, so
// values are log10 S/cm) as rank labels in S/cm.
std::vector<Label> LabelsForItems(const labels::LabelJoin& join);

// Whether an item passes the E_hull, band-gap and Ea filters (items lacking
// a value pass only with keep_missing), as in RankCandidates.
bool PassesFilters(const Item& item, const RankOptions& options);

// The paper's Table 2 top ten (MP ids), for the null model.
std::vector<std::string> PaperTopTenMpIds();

struct NullOptions {
  int draws = 1000;
  uint64_t seed = 1;
  std::vector<std::string> top_ids;  // MP ids (or structure ids)
};

// Null model of the candidate selection's recall of `top_ids`: the filters
// alone (every structure), and random sets of clusters at the same depth
// whose total size is as close as possible to the selected clusters'
// (clusters taken in a random order, each kept when it brings the total
// closer to the target), filtered the same way.
struct NullReport {
  int num_clusters = 0;
  int top_ids = 0;                  // ids asked for
  int top_ids_present = 0;          // ... found among the items
  int filters_alone_structures = 0;  // items passing the filters
  int filters_alone_recall = 0;
  int selected_clusters = 0;
  int selected_structures = 0;
  int selected_candidates = 0;
  int real_recall = 0;
  int draws = 0;
  uint64_t seed = 0;
  double mean_draw_clusters = 0;
  double mean_draw_structures = 0;
  double mean_draw_candidates = 0;
  double mean_recall = 0;
  double sd_recall = 0;
  double fraction_recall_ge_real = 0;  // draws with recall >= real_recall
};
absl::StatusOr<NullReport> NullRecall(const std::vector<Item>& items,
                                      const RankReport& report,
                                      int num_clusters,
                                      const RankOptions& options,
                                      const NullOptions& null_options);
// Two columns, quantity and value.
std::string NullTsv(const NullReport& report);

}  // namespace ionscreen::rank

#endif  // IONSCREEN_LIB_RANK_RANK_H_
