// The place stage (tools/place_main.cc is its command line): a trained
// Clustering (with centroids) and its labels, then new structures'
// Descriptor stream -> placement TSV (and optionally the clusters TSV).
#ifndef IONSCREEN_LIB_PLACE_PLACE_STAGE_H_
#define IONSCREEN_LIB_PLACE_PLACE_STAGE_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "lib/labels/labels.h"
#include "lib/place/place.h"
#include "lib/stream/record_stage.h"

namespace ionscreen::place {

struct PlaceStageOptions {
  // The new structures' Descriptor stream in, the placement TSV out. A
  // record that cannot be placed (length, finiteness): an error naming it,
  // or skipped. A representation the clustering was not made of is always
  // an error (every record would fail).
  stream::StageIo io;
  std::string clustering_path;      // Clustering stream (its first record)
  std::string labels_paths;         // comma-separated; empty: no labels
  labels::LabelOptions labels;      // how label values are read
  labels::Duplicates label_duplicates = labels::Duplicates::kAverage;
  std::string clusters_tsv_path;    // empty: not written
  PlaceOptions place;
  // Called after each placed record, on the calling thread (progress).
  std::function<void()> on_record;
};

struct PlaceStageReport {
  int num_clusters = 0;
  int64_t clustered_structures = 0;
  int64_t labels = 0;            // clustered structures with a label
  int labels_unmatched = 0;      // label rows matching no structure
  int candidate_clusters = 0;
  int64_t placed = 0;
  int64_t placed_in_candidate = 0;  // nearest to a candidate cluster
  int64_t skipped = 0;
};

absl::StatusOr<PlaceStageReport> RunPlace(const PlaceStageOptions& options);

}  // namespace ionscreen::place

#endif  // IONSCREEN_LIB_PLACE_PLACE_STAGE_H_
