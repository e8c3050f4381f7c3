// score: W_sigma (or W of any numeric label) of a clustering's cuts, with the
// paper's frozen state and two random controls (same cluster sizes;
// uniform assignment).
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/base/status_macros.h"
#include "lib/cluster/cluster.h"
#include "lib/labels/labels.h"
#include "lib/score/score.h"
#include "tools/common/label_flags.h"
#include "tools/common/stage_flags.h"
#include "tools/common/threads_flag.h"
#include "tools/common/tool_common.h"

ABSL_FLAG(std::string, label, "sigma",
          "sigma (S/cm, scored as log10) or the name of any numeric column "
          "(scored as is, e.g. ea)");
ABSL_FLAG(std::string, label_column, "",
          "Value column name (default: chosen from --label)");
ABSL_FLAG(std::string, below_bound, "drop",
          "Values like '<1E-10': drop | bound (use the bound)");
ABSL_FLAG(std::string, k, "",
          "Cluster counts to report (default: 2 .. the clustering's max k)");
ABSL_FLAG(int32_t, control_draws, 100, "Random assignments per k");
ABSL_FLAG(uint64_t, seed, 1, "Seed of the control's random assignments");
ABSL_FLAG(std::string, frozen_start, "one_cluster",
          "Frozen state before k = 2: one_cluster (deviation from the mean "
          "of all labels, as the authors' code starting at k = 1) | zero");
ABSL_FLAG(std::string, labels_tsv, "",
          "Also write the resolved per-structure labels here (id, mp_id, "
          "log10_sigma, n_rows, source, matched_by)");
ABSL_FLAG(std::string, output, "-", "Output Score stream ('-': stdout)");
ABSL_FLAG(std::string, tsv, "", "Also write the per-k table as TSV here");

namespace {

constexpr char kUsage[] =
    "score --labels=LABELS.csv [flags] [CLUSTERING|-] > score.pb\n"
    "W (default W_sigma, log10 S/cm) per k with the per-label frozen state,\n"
    "labelled clusters, and the mean/sd of W over random same-size and\n"
    "uniform assignments. Label rows matching no structure are listed on stderr.\n"
    "Example: score --labels=obelix.csv --tsv=w.tsv soap.clustering.pb";

absl::Status Run(const std::string& input) {
  using namespace ionscreen;
  score::ScoreStageOptions so;
  so.io = tools::StageIoFromFlags("score", input, absl::GetFlag(FLAGS_output));
  so.labels_paths = absl::GetFlag(FLAGS_labels);
  if (so.labels_paths.empty()) return tools::UsageError("--labels is required");
  so.tsv_path = absl::GetFlag(FLAGS_tsv);
  so.labels_tsv_path = absl::GetFlag(FLAGS_labels_tsv);
  score::ScoreOptions& options = so.score;
  options.labels.label = absl::GetFlag(FLAGS_label);
  options.labels.column = absl::GetFlag(FLAGS_label_column);
  ASSIGN_OR_RETURN(options.labels.below_bound,
                   tools::ParseBelowBoundFlag(absl::GetFlag(FLAGS_below_bound)));
  if (!absl::GetFlag(FLAGS_k).empty()) {
    ASSIGN_OR_RETURN(options.ks, tools::AsUsage(cluster::ParseKList(
                                     absl::GetFlag(FLAGS_k))));
  }
  options.control_draws = absl::GetFlag(FLAGS_control_draws);
  if (options.control_draws < 0) {
    return tools::UsageError("--control_draws must be >= 0");
  }
  options.seed = absl::GetFlag(FLAGS_seed);
  ASSIGN_OR_RETURN(options.threads, tools::ThreadsFromFlag());
  ASSIGN_OR_RETURN(options.duplicates,
                   tools::LabelDuplicatesFlag());
  ASSIGN_OR_RETURN(
      options.frozen_start,
      tools::AsUsage(score::ParseFrozenStart(absl::GetFlag(FLAGS_frozen_start)),
                     "--frozen_start: "));

  ASSIGN_OR_RETURN(const score::ScoreStageReport r,
                   score::RunScoreStage(so, tools::MakeProvenanceStep("score")));

  tools::SkipSummary("score", r.records);
  for (const score::Score& s : r.scores) {
    std::fprintf(stderr,
                 "score: %d label rows, %d matched (label, structure) pairs on "
                 "%d structures (%d rows matched, duplicates: %s); %d dropped "
                 "as '<' bounds, %d non-positive, %d superseded by an earlier "
                 "label file\n",
                 s.label_rows(), s.matched_labels(), s.labelled_structures(),
                 s.matched_rows(), s.label_duplicates().c_str(),
                 s.dropped_below_bound(), s.dropped_nonpositive(),
                 s.superseded_labels());
    if (s.unmatched_labels_size() > 0) {
      std::fprintf(stderr, "score: %d label rows match no structure: %s\n",
                   s.unmatched_labels_size(),
                   absl::StrJoin(s.unmatched_labels(), ", ").c_str());
    }
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  return ionscreen::tools::Main(argc, argv, "score", kUsage, Run);
}
