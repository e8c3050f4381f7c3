// cluster: hierarchical clustering of a Descriptor stream (Ward by default,
// identical to scipy's linkage) cut into every requested k.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/cluster/cluster.h"
#include "tools/common/stage_flags.h"
#include "tools/common/threads_flag.h"
#include "tools/common/tool_common.h"

ABSL_FLAG(std::string, linkage, "ward", "ward | average | complete | single");
ABSL_FLAG(std::string, metric, "euclidean",
          "euclidean | manhattan | cosine (ward needs euclidean)");
ABSL_FLAG(std::string, k, "2:300",
          "Cluster counts to cut: a range lo:hi, a number, or a comma list");
ABSL_FLAG(std::string, ward_algorithm, "auto",
          "auto | vector (O(N*D) memory) | matrix (O(N^2) memory)");
ABSL_FLAG(int64_t, matrix_memory_mb, 256,
          "Memory for the distance matrix: the fast full n x n matrix when "
          "it fits (Ward auto: the O(N*D) chain when not even the condensed "
          "one does). N = 20,000 needs 3,052 MB.");
ABSL_FLAG(int64_t, max_matrix_mb, 8192,
          "Refuse (before allocating) a clustering whose distance matrix "
          "would need more memory than this (average/complete linkage and "
          "Ward --ward_algorithm=matrix; N = 100,000 needs 38,147 MB "
          "condensed). 0: no limit.");
ABSL_FLAG(std::string, distance_kernel, "auto",
          "Euclidean n x n matrix: auto (gemm from n = 4096) | exact (pair "
          "by pair, scipy's summation) | gemm (blocked matrix products, "
          "entries near ties or near-duplicates recomputed exactly)");
ABSL_FLAG(bool, standardize, false,
          "Z-score every feature before clustering (the paper did not)");
ABSL_FLAG(bool, centroids, true, "Store cluster centroids for every k");
ABSL_FLAG(std::string, output, "-", "Output Clustering stream ('-': stdout)");
ABSL_FLAG(std::string, linkage_tsv, "",
          "Also write the merge tree as TSV (a, b, height, size) here");
ABSL_FLAG(std::string, assignments_tsv, "",
          "Also write the cluster of every id for every k as TSV here");

namespace {

// "cluster: merges 5000/19999 (2100/s, 7 s left)" on stderr, from the
// third second on, every 5 s; one final line per stage.
class StageProgress {
 public:
  void operator()(const char* stage, size_t done, size_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (stage != stage_) {
      Finish();
      stage_ = stage;
      stage_start_ = now;
    }
    last_done_ = done;
    last_total_ = total;
    const double secs =
        std::chrono::duration<double>(now - start_).count();
    if (secs < 3 || now - last_print_ < std::chrono::seconds(5)) return;
    last_print_ = now;
    printed_ = true;
    const double stage_secs =
        std::chrono::duration<double>(now - stage_start_).count();
    const double rate = stage_secs > 0 ? done / stage_secs : 0;
    const double left = rate > 0 ? (total - done) / rate : 0;
    std::fprintf(stderr, "cluster: %s %zu/%zu (%.0f/s, %.0f s left)\n", stage_,
                 done, total, rate, left);
  }
  void Finish() {
    if (stage_ == nullptr || !printed_) return;
    const double secs = std::chrono::duration<double>(
                            std::chrono::steady_clock::now() - stage_start_)
                            .count();
    std::fprintf(stderr, "cluster: %s %zu/%zu done in %.1f s\n", stage_,
                 last_done_, last_total_, secs);
  }

 private:
  const char* stage_ = nullptr;
  bool printed_ = false;
  size_t last_done_ = 0, last_total_ = 0;
  std::chrono::steady_clock::time_point start_ =
      std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point stage_start_, last_print_;
};

constexpr char kUsage[] =
    "cluster [flags] [DESCRIPTORS|-] > clustering.pb\n"
    "Ward (or --linkage) clustering of a Descriptor stream; writes one\n"
    "Clustering record: merge tree in scipy's linkage convention, the\n"
    "fcluster(maxclust) cut for every k in --k, centroids per k.\n"
    "Example: cluster --k=2:300 --output=soap.clustering.pb soap.pb";

absl::Status Run(const std::string& input) {
  using namespace ionscreen;
  cluster::ClusterStageOptions so;
  so.io =
      tools::StageIoFromFlags("cluster", input, absl::GetFlag(FLAGS_output));
  so.linkage_tsv_path = absl::GetFlag(FLAGS_linkage_tsv);
  so.assignments_tsv_path = absl::GetFlag(FLAGS_assignments_tsv);
  cluster::ClusterOptions& options = so.cluster;
  ASSIGN_OR_RETURN(options.linkage.method,
                   tools::AsUsage(cluster::ParseLinkageMethod(
                       absl::GetFlag(FLAGS_linkage))));
  ASSIGN_OR_RETURN(options.linkage.metric, tools::AsUsage(cluster::ParseMetric(
                                               absl::GetFlag(FLAGS_metric))));
  ASSIGN_OR_RETURN(options.linkage.ward_algorithm,
                   tools::AsUsage(cluster::ParseWardAlgorithm(
                       absl::GetFlag(FLAGS_ward_algorithm))));
  ASSIGN_OR_RETURN(options.linkage.distance_kernel,
                   tools::AsUsage(cluster::ParseDistanceKernel(
                       absl::GetFlag(FLAGS_distance_kernel))));
  ASSIGN_OR_RETURN(options.ks, tools::AsUsage(cluster::ParseKList(
                                   absl::GetFlag(FLAGS_k))));
  ASSIGN_OR_RETURN(options.linkage.num_threads, tools::ThreadsFromFlag());
  StageProgress progress;
  if (!absl::GetFlag(FLAGS_quiet)) {
    options.linkage.progress = [&progress](const char* stage, size_t done,
                                           size_t total) {
      progress(stage, done, total);
    };
  }
  if (absl::GetFlag(FLAGS_matrix_memory_mb) < 0) {
    return tools::UsageError("--matrix_memory_mb must be >= 0");
  }
  options.linkage.matrix_memory_bytes =
      static_cast<size_t>(absl::GetFlag(FLAGS_matrix_memory_mb)) << 20;
  if (absl::GetFlag(FLAGS_max_matrix_mb) < 0) {
    return tools::UsageError("--max_matrix_mb must be >= 0");
  }
  options.linkage.max_matrix_bytes =
      static_cast<size_t>(absl::GetFlag(FLAGS_max_matrix_mb)) << 20;
  options.standardize = absl::GetFlag(FLAGS_standardize);
  options.centroids = absl::GetFlag(FLAGS_centroids);

  absl::StatusOr<cluster::ClusterResult> result =
      cluster::RunClusterStage(so, tools::MakeProvenanceStep("cluster"));
  progress.Finish();
  RETURN_IF_ERROR(result.status());
  tools::SkipSummary("cluster",
                     absl::StrCat(result->records_skipped, " records skipped, ",
                                  result->clustering.ids_size(), " clustered"));
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  return ionscreen::tools::Main(argc, argv, "cluster", kUsage, Run);
}
