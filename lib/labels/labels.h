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
// Rows are joined to structures; by default the rows of one structure are
// averaged (in log10 for sigma) into one label, as the paper keeps one label
// per structure. Shared by `score` and `rank`.
#ifndef IONSCREEN_LIB_LABELS_LABELS_H_
#define IONSCREEN_LIB_LABELS_LABELS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "lib/cluster/clustering.pb.h"

namespace ionscreen::labels {

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
  std::vector<std::string> source_names;  // one per label file
  bool log10 = false;
  std::vector<LabelRow> rows;
  int dropped_below_bound = 0;
  int dropped_nonpositive = 0;
};

absl::StatusOr<LabelTable> ParseLabels(absl::string_view text,
                                       const LabelOptions& options);

// Several label files in order (names for messages and the TSV source
// column); a row keeps its file index in `source`.
absl::StatusOr<LabelTable> ParseLabelFiles(
    const std::vector<std::string>& texts,
    const std::vector<std::string>& names, const LabelOptions& options);

// Reads the label files named in a comma-separated --labels value, in
// order: their texts and base names, as ParseLabelFiles takes them.
absl::Status ReadLabelTexts(absl::string_view comma_separated_paths,
                            std::vector<std::string>* texts,
                            std::vector<std::string>* names);

// The join keys of the structures (index = item).
struct ItemKeys {
  std::vector<std::string> ids, mp_ids;
  std::vector<std::vector<int64_t>> icsd_ids;
};
ItemKeys KeysOfClustering(const cluster::Clustering& clustering);

enum class Duplicates {
  kAverage,  // one label per structure: mean of its rows' values
  kRows,     // every matched row is a label of its own
};
absl::StatusOr<Duplicates> ParseDuplicates(absl::string_view name);
const char* DuplicatesName(Duplicates d);

struct ResolvedLabel {
  int item = 0;
  double value = 0;       // mean of the rows' (transformed) values
  int rows = 1;           // label rows behind the value
  int source = 0;         // label file of those rows
  std::string matched_by;  // "id", "mp_id" or "icsd" (of the first row)
};

struct LabelJoin {
  // kAverage: one per labelled structure, by item index; kRows: one per
  // (row, structure) pair, in label-row order.
  std::vector<ResolvedLabel> labels;
  std::vector<std::string> unmatched;  // keys of rows matching nothing
  int superseded = 0;  // rows whose structures an earlier file labelled
  int matched_rows = 0;
  int labelled_structures = 0;
};

// Joins by structure id first, else MP id, else ICSD id; a key matching
// several structures labels each of them. A structure labelled by an earlier
// file is not labelled by a later one.
LabelJoin JoinLabels(const LabelTable& table, const ItemKeys& keys,
                     Duplicates duplicates = Duplicates::kAverage);
LabelJoin JoinLabels(const LabelTable& table,
                     const cluster::Clustering& clustering,
                     Duplicates duplicates = Duplicates::kAverage);

// The resolved labels as TSV: id, mp_id, value (column "log10_sigma" for
// sigma, else the label name), n_rows, source (label file name), matched_by.
std::string ResolvedLabelsTsv(const LabelTable& table, const LabelJoin& join,
                              const ItemKeys& keys, absl::string_view label);

}  // namespace ionscreen::labels

#endif  // IONSCREEN_LIB_LABELS_LABELS_H_
