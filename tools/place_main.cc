// place: new structures' Descriptor stream + a trained Clustering (with
// centroids) + labels -> TSV of each structure's nearest cluster at depth k
// (by centroid and by Ward's merge criterion), the cluster's spread, labelled
// members and candidate status.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "lib/base/status_macros.h"
#include "lib/labels/labels.h"
#include "lib/place/place_stage.h"
#include "tools/common/label_flags.h"
#include "tools/common/stage_flags.h"
#include "tools/common/tool_common.h"

ABSL_FLAG(std::string, clustering, "",
          "Clustering stream with centroids at --k (cluster --k=K "
          "--centroids=true; the workflow's results/clusters/<rep>/<d>.kK."
          "clustering)");
ABSL_FLAG(int32_t, k, 241, "Clustering depth (number of clusters)");
ABSL_FLAG(std::string, below_bound, "bound",
          "Label values like '<1E-10': bound (taken as the bound, as rank) | "
          "drop");
ABSL_FLAG(double, sigma_high, 1e-5,
          "High-conductivity label (S/cm), >: defines candidate clusters");
ABSL_FLAG(std::string, output, "-", "Placement TSV ('-': stdout)");
ABSL_FLAG(std::string, clusters_tsv, "",
          "Also write one row per cluster at k here (cluster, size, "
          "rms_radius, labelled, high_sigma_labelled, candidate)");

namespace {

constexpr char kUsage[] =
    "place --clustering=C.clustering --k=K [--labels=L] [DESCRIPTORS|-] > "
    "placement.tsv\n"
    "Without --labels nothing is labelled (no candidate clusters).\n"
    "Places new structures, described exactly as the clustered ones (same\n"
    "representation, descriptor and parameters: checked from both stream\n"
    "headers), in the clustering's cut at depth K. One TSV row per structure:\n"
    "  nearest_*: the cluster whose centroid is nearest;\n"
    "  ward_*:    the cluster Ward would merge it into (least increase of\n"
    "             the within-cluster sum of squares, n/(n+1)·||x-c||²);\n"
    "each with the distance to the centroid, the cluster's RMS member\n"
    "distance to its centroid (rms_radius, from the Ward merge heights) and\n"
    "their ratio, its size, labelled members (id:sigma S/cm, highest\n"
    "first), and candidate = label | nearest | no: whether rank would select\n"
    "the cluster (it holds a label with sigma > --sigma_high, or its\n"
    "centroid is the nearest to such a cluster's).\n"
    "Example: place --clustering=results/clusters/mix/xrd_5e-5.k241.clustering"
    " \\\n    --labels=labels.csv --k=241 mine.desc > placement.tsv";

absl::Status Run(const std::string& input) {
  using namespace ionscreen;
  place::PlaceStageOptions o;
  o.io = tools::StageIoFromFlags("place", input, absl::GetFlag(FLAGS_output));
  o.clustering_path = absl::GetFlag(FLAGS_clustering);
  if (o.clustering_path.empty()) {
    return tools::UsageError("--clustering is required");
  }
  o.place.k = absl::GetFlag(FLAGS_k);
  if (o.place.k < 1) return tools::UsageError("--k must be >= 1");
  o.place.sigma_high_s_per_cm = absl::GetFlag(FLAGS_sigma_high);
  if (!(o.place.sigma_high_s_per_cm > 0)) {
    return tools::UsageError("--sigma_high must be > 0");
  }
  // sigma, in log10
  ASSIGN_OR_RETURN(o.labels.below_bound,
                   tools::ParseBelowBoundFlag(absl::GetFlag(FLAGS_below_bound)));
  ASSIGN_OR_RETURN(o.label_duplicates,
                   tools::LabelDuplicatesFlag());
  o.labels_paths = absl::GetFlag(FLAGS_labels);
  o.clusters_tsv_path = absl::GetFlag(FLAGS_clusters_tsv);
  tools::Progress progress("place records", -1, absl::GetFlag(FLAGS_quiet));
  o.on_record = [&progress] { progress.Add(); };

  ASSIGN_OR_RETURN(const place::PlaceStageReport r, place::RunPlace(o));
  progress.Finish();

  std::fprintf(stderr,
               "place: k=%d: %lld clustered structures, %lld labels (%d label "
               "rows unmatched), %d candidate clusters; %lld placed (%lld "
               "nearest to a candidate cluster), %lld skipped\n",
               r.num_clusters, static_cast<long long>(r.clustered_structures),
               static_cast<long long>(r.labels), r.labels_unmatched,
               r.candidate_clusters, static_cast<long long>(r.placed),
               static_cast<long long>(r.placed_in_candidate),
               static_cast<long long>(r.skipped));
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  return ionscreen::tools::Main(argc, argv, "place", kUsage, Run);
}
