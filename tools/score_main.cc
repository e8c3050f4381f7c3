// score: W_sigma (or W of any numeric label) of a clustering's cuts, with the
// paper's frozen state and a random control of the same cluster sizes.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_split.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/base/status_macros.h"
#include "lib/cluster/cluster.h"
#include "lib/score/score.h"
#include "lib/stream/byte_io.h"
#include "tools/common/tool_common.h"

ABSL_FLAG(std::string, labels, "",
          "Labels CSV/TSV (required): id / mp_id / ICSD id and a value column");
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
ABSL_FLAG(std::string, out, "-", "Output Score stream ('-': stdout)");
ABSL_FLAG(std::string, tsv, "", "Also write the per-k table as TSV here");

namespace {

constexpr char kUsage[] =
    "score --labels=LABELS.csv [flags] [CLUSTERING|-] > score.pb\n"
    "W (default W_sigma, log10 S/cm) per k with the per-label frozen state,\n"
    "labelled clusters, and the mean/sd of W over random same-size\n"
    "assignments. Label rows matching no structure are listed on stderr.\n"
    "Example: score --labels=obelix.csv --tsv=w.tsv soap.clustering.pb";

absl::Status Run(const std::vector<std::string>& args) {
  using namespace ionscreen;
  if (args.size() > 1) {
    return absl::InvalidArgumentError("usage: at most one input stream");
  }
  if (absl::GetFlag(FLAGS_labels).empty()) {
    return absl::InvalidArgumentError("usage: --labels is required");
  }
  score::ScoreOptions options;
  options.labels.label = absl::GetFlag(FLAGS_label);
  options.labels.column = absl::GetFlag(FLAGS_label_column);
  const std::string below = absl::GetFlag(FLAGS_below_bound);
  if (below == "drop") {
    options.labels.below_bound = score::BelowBoundPolicy::kDrop;
  } else if (below == "bound") {
    options.labels.below_bound = score::BelowBoundPolicy::kBound;
  } else {
    return absl::InvalidArgumentError("usage: --below_bound is drop or bound");
  }
  if (!absl::GetFlag(FLAGS_k).empty()) {
    auto ks = cluster::ParseKList(absl::GetFlag(FLAGS_k));
    if (!ks.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("usage: ", ks.status().message()));
    }
    options.ks = *ks;
  }
  if (absl::GetFlag(FLAGS_control_draws) < 0) {
    return absl::InvalidArgumentError("usage: --control_draws must be >= 0");
  }
  options.control_draws = absl::GetFlag(FLAGS_control_draws);
  options.seed = absl::GetFlag(FLAGS_seed);

  // --labels=A,B: several label files; a structure labelled by an earlier
  // file is not labelled again by a later one.
  std::vector<std::string> labels_texts;
  for (absl::string_view path :
       absl::StrSplit(absl::GetFlag(FLAGS_labels), ',', absl::SkipEmpty())) {
    ASSIGN_OR_RETURN(auto label_source,
                     stream::OpenFileSource(std::string(path)));
    ASSIGN_OR_RETURN(std::string text, stream::ReadAll(*label_source));
    labels_texts.push_back(std::move(text));
  }
  ASSIGN_OR_RETURN(auto in,
                   stream::OpenFileSource(args.empty() ? "-" : args[0]));
  ASSIGN_OR_RETURN(auto out, stream::OpenFileSink(absl::GetFlag(FLAGS_out)));
  std::vector<score::Score> scores;
  RETURN_IF_ERROR(score::RunScore(std::move(in), labels_texts, std::move(out),
                                  options, tools::MakeProvenanceStep("score"),
                                  &scores));
  for (const score::Score& s : scores) {
    std::fprintf(stderr,
                 "score: %d label rows, %d matched (label, structure) pairs on "
                 "%d structures; %d dropped as '<' bounds, %d non-positive, "
                 "%d superseded by an earlier label file\n",
                 s.label_rows(), s.matched_labels(), s.labelled_structures(),
                 s.dropped_below_bound(), s.dropped_nonpositive(),
                 s.superseded_labels());
    if (s.unmatched_labels_size() > 0) {
      std::fprintf(stderr, "score: %d label rows match no structure: %s\n",
                   s.unmatched_labels_size(),
                   absl::StrJoin(s.unmatched_labels(), ", ").c_str());
    }
  }
  if (!absl::GetFlag(FLAGS_tsv).empty()) {
    std::string text;
    for (const score::Score& s : scores) text += score::ScoreTsv(s);
    ASSIGN_OR_RETURN(auto sink, stream::OpenFileSink(absl::GetFlag(FLAGS_tsv)));
    RETURN_IF_ERROR(sink->Write(text));
    RETURN_IF_ERROR(sink->Flush());
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args =
      ionscreen::tools::InitTool(argc, argv, kUsage);
  return ionscreen::tools::ReportAndExit("score", Run(args));
}
