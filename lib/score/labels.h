// Label tables (conductivity, activation energy, ...) and their join to the
// structures of a Clustering.
//
// Accepted files (CSV or TSV, UTF-8 BOM allowed, "quoted" CSV fields):
//  * with a header naming an id column: "id"/"ID" (structure id), "mp_id"
//    (MP id) and/or "icsd"/"icsd_id"/"ICSD ID" (ICSD id, "155950.0" ok,
//    several split on ';'), and a value column (--label_column, or for the
//    label "sigma": sigma_s_per_cm, sigma, "Ionic conductivity (S cm-1)",
//    target; for another label L: the column named L or L_ev). E.g.
//    labels/laskowski2023_labels_mapped.csv, obelix/obelix.csv.
//  * headerless 4-column rows "composition,sigma,space group,ICSD id"
//    (labels/laskowski2023_labels.csv).
// Values like "<1E-10" are upper bounds: dropped or set to the bound.
// Every row is one label; a structure may carry several.
#ifndef IONSCREEN_LIB_SCORE_LABELS_H_
#define IONSCREEN_LIB_SCORE_LABELS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "lib/cluster/clustering.pb.h"

namespace ionscreen::score {

enum class BelowBoundPolicy { kDrop, kBound };

struct LabelOptions {
  std::string label = "sigma";  // "sigma" is log10-transformed
  std::string column;           // "" = by label name
  BelowBoundPolicy below_bound = BelowBoundPolicy::kDrop;
};

struct LabelRow {
  std::string id, mp_id;
  std::vector<int64_t> icsd_ids;
  double value = 0;  // transformed (log10 for sigma)
  int line = 0;      // 1-based line in the file
  // Index of the label file the row came from. A structure labelled by an
  // earlier file is not labelled again by a later one (the first label set
  // wins; e.g. the paper's labels, then OBELiX's for the rest).
  int source = 0;
};

struct LabelTable {
  std::string column;  // value column used
  bool log10 = false;
  std::vector<LabelRow> rows;
  int dropped_below_bound = 0;
  int dropped_nonpositive = 0;
};

absl::StatusOr<LabelTable> ParseLabels(absl::string_view text,
                                       const LabelOptions& options);

struct LabelJoin {
  // (item index, value) per matched label, in label-row order.
  std::vector<std::pair<int, double>> labels;
  std::vector<std::string> unmatched;  // keys of rows matching nothing
  int superseded = 0;  // rows whose structures an earlier file labelled
};

// Joins by structure id first, else MP id, else ICSD id; a key matching
// several structures labels each of them.
LabelJoin JoinLabels(const LabelTable& table,
                     const cluster::Clustering& clustering);

}  // namespace ionscreen::score

#endif  // IONSCREEN_LIB_SCORE_LABELS_H_
