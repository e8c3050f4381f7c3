// The `score` stage: W (e.g. W_sigma) of a clustering's cuts against
// labels, with the paper's per-label frozen state (method.md section 5), and
// two random controls: same cluster sizes, and uniform assignment.
#ifndef IONSCREEN_LIB_SCORE_SCORE_H_
#define IONSCREEN_LIB_SCORE_SCORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "lib/cluster/clustering.pb.h"
#include "lib/labels/labels.h"
#include "lib/score/score.pb.h"
#include "lib/stream/byte_io.h"
#include "lib/stream/record_stage.h"
#include "lib/stream/stream.pb.h"

namespace ionscreen::score {

using labels::BelowBoundPolicy;
using labels::LabelOptions;
using labels::LabelTable;

// The partial variances before k = 2.
enum class FrozenStart {
  kOneCluster,  // (y - mean of all labels)^2: the one-cluster level k = 1
  kZero,        // 0
};
absl::StatusOr<FrozenStart> ParseFrozenStart(absl::string_view name);
const char* FrozenStartName(FrozenStart s);

// W with the frozen state along k = 2, 3, ...: call Next with each cut in
// order. A label's partial variance is (y - mean of its cluster's labels)^2
// when its cluster holds >= 2 labels; a label alone keeps its previous one.
class FrozenW {
 public:
  // labels: (item, value) pairs; several may share an item.
  explicit FrozenW(std::vector<std::pair<int, double>> labels,
                   FrozenStart start = FrozenStart::kOneCluster);
  // `cluster_of_label[j]` is the cluster (0 .. num_clusters-1) of label j.
  // Returns W and sets the number of clusters holding labels.
  double Next(const std::vector<int>& cluster_of_label, int num_clusters,
              int* labelled_clusters);
  const std::vector<std::pair<int, double>>& labels() const { return labels_; }

 private:
  std::vector<std::pair<int, double>> labels_;
  std::vector<double> state_;
  std::vector<double> sum_;
  std::vector<int> count_;
};

struct ScoreOptions {
  LabelOptions labels;
  labels::Duplicates duplicates = labels::Duplicates::kAverage;
  FrozenStart frozen_start = FrozenStart::kOneCluster;
  int control_draws = 100;
  int threads = 1;  // control draws in parallel; output does not depend on it
  uint64_t seed = 1;
  std::vector<int> ks;  // empty: 2 .. max k of the clustering's cuts
};

// Scores one clustering (cuts recomputed from its merge tree for every
// k = 2 .. max, so the frozen state is always built from k = 2). When
// labels_tsv is given, the resolved labels (labels::ResolvedLabelsTsv) go
// there.
absl::StatusOr<Score> ScoreClustering(const cluster::Clustering& clustering,
                                      const LabelTable& labels,
                                      const ScoreOptions& options,
                                      std::string* labels_tsv = nullptr);

std::string ScoreTsv(const Score& score);

// The whole stage on files (tools/score_main.cc is its command line): the
// Clustering stream at io.input_path, the label files (comma-separated; an
// earlier file's label of a structure wins), one Score record per
// Clustering to io.output_path, and optionally the
// per-k table (tsv_path) and the resolved labels (labels_tsv_path: those of
// every record, under one header; label_names in its source column are the
// files' base names).
struct ScoreStageOptions {
  // With keep_going, a Clustering record that cannot be scored is skipped
  // ("clustering record N: reason") instead of failing the run.
  stream::StageIo io;
  std::string labels_paths;
  std::string tsv_path;
  std::string labels_tsv_path;
  ScoreOptions score;
};
struct ScoreStageReport {
  std::vector<Score> scores;
  stream::StageCounts records;  // Clustering records read, scored, skipped
};
absl::StatusOr<ScoreStageReport> RunScoreStage(
    const ScoreStageOptions& options, const stream::ProvenanceStep& step);

}  // namespace ionscreen::score

#endif  // IONSCREEN_LIB_SCORE_SCORE_H_
