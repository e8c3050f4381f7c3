// The rank stage (tools/rank_main.cc is its command line): joins a
// Clustering, a Crystal stream (E_hull, band gap), a BvseResult stream (Ea)
// and conductivity labels on the clustering's items at depth k, selects and
// ranks the candidate conductors (RankCandidates) and writes the TSVs.
#ifndef IONSCREEN_LIB_RANK_RANK_STAGE_H_
#define IONSCREEN_LIB_RANK_RANK_STAGE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "lib/labels/labels.h"
#include "lib/rank/rank.h"
#include "lib/stream/record_stage.h"

namespace ionscreen::rank {

struct RankStageOptions {
  std::string clustering_path;  // Clustering stream (its first record)
  std::string crystals_path;    // Crystal stream with E_hull and band gap
  std::string bvse_path;        // BvseResult stream
  std::string labels_paths;     // label files, comma-separated
  std::string output_path = "-";  // candidates TSV ("-": stdout)
  std::string labels_tsv_path;    // resolved labels TSV (empty: none)
  std::string null_tsv_path;      // null model TSV (empty: no null model)
  int k = 241;
  labels::Duplicates label_duplicates = labels::Duplicates::kAverage;
  RankOptions rank;
  // spglib tolerance (Å) for the candidates' space groups; 0 keeps the one
  // the CIF declares.
  double symprec_angstrom = 0.1;
  NullOptions null;  // with null_tsv_path
  // --crystals records that fail validation: an error naming them, or
  // skipped (their items then lack E_hull and band gap).
  stream::SkipPolicy skip;
};

struct RankStageReport {
  int num_clusters = 0;
  int64_t items = 0;
  int crystals_joined = 0;
  int bvse_joined = 0;
  int64_t crystals_read = 0;
  int64_t crystals_skipped = 0;
  int64_t labels_matched = 0;    // items with a label
  int labels_unmatched = 0;      // label rows matching no item
  RankReport rank;
  std::optional<NullReport> null;  // with null_tsv_path
};

// Runs the stage; the report holds what the command line summarises.
absl::StatusOr<RankStageReport> RunRank(const RankStageOptions& options);

}  // namespace ionscreen::rank

#endif  // IONSCREEN_LIB_RANK_RANK_STAGE_H_
