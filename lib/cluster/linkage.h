// Agglomerative hierarchical clustering that reproduces
// scipy.cluster.hierarchy.linkage (scipy 1.10) merge for merge:
//   * Ward (default): nearest-neighbour chain over cluster centroids, O(N*D)
//     memory. Ward's distance in scipy's convention,
//     d(u, v) = sqrt(2 n_u n_v / (n_u + n_v)) * ||c_u - c_v||,
//     is what scipy's Lance-Williams recursion on Euclidean distances yields;
//     here it is computed from the centroids directly, so no N^2 matrix.
//   * Ward, average, complete on a condensed N^2 distance matrix with scipy's
//     Lance-Williams updates and its nearest-neighbour chain (same scan order
//     and tie rule: the first index with a strictly smaller distance wins, the
//     previous chain element is preferred).
//   * Single: scipy's Prim minimum-spanning-tree algorithm, with distances
//     computed on the fly (O(N*D) memory).
// Merges are then sorted by height (stable) and relabelled with scipy's
// union-find convention (new cluster n + i, smaller label first).
#ifndef IONSCREEN_LIB_CLUSTER_LINKAGE_H_
#define IONSCREEN_LIB_CLUSTER_LINKAGE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ionscreen::cluster {

enum class LinkageMethod { kWard, kAverage, kComplete, kSingle };
enum class Metric { kEuclidean, kManhattan, kCosine };
// kAuto: Ward uses the O(N^2) matrix up to n = 8192 (256 MB condensed), and
// above that when D >= 64 and it fits LinkageOptions::matrix_memory_bytes;
// otherwise the O(N*D) centroid chain. The matrix is bit-identical to scipy;
// the chain has the same tree and heights to ~1e-14 except where distances
// tie exactly in scipy's arithmetic between merged clusters (e.g. rational
// composition vectors): there scipy's tie-break depends on its rounding.
enum class WardAlgorithm { kAuto, kVector, kMatrix };

absl::StatusOr<LinkageMethod> ParseLinkageMethod(absl::string_view name);
absl::StatusOr<Metric> ParseMetric(absl::string_view name);
absl::StatusOr<WardAlgorithm> ParseWardAlgorithm(absl::string_view name);
std::string LinkageMethodName(LinkageMethod m);
std::string MetricName(Metric m);

// How the Euclidean square matrix is filled. kExact: pair by pair, summed
// in scipy's pdist order (bit-identical). kGemm: blocked Eigen GEMM on
// centred data, ||a||^2 + ||b||^2 - 2 a.b, then every entry whose rounding
// bound is not small against its value (near-duplicates) or that may tie
// with its row's minimum is recomputed exactly; the rest agree with pdist
// to ~1e-14 relative. Duplicated rows get identical distances, and
// low-bit data (integer lattices) stay exact, so their ties break as in
// scipy. Ties between distinct rows that GEMM rounding could flip (e.g.
// rational element fractions of different compositions) are caught in the
// chain: if any scan's two best distinct candidates lie within 1e-11
// relative, the run is redone on exact distances (algorithm
// "..._gemm_exact_rerun"), so the tree is scipy's either way.
// kAuto: kGemm from n = 4096 on.
enum class DistanceKernel { kAuto, kExact, kGemm };

// Progress of a long run: stage ("distances", "merges"), done, total.
using LinkageProgress =
    std::function<void(const char* stage, size_t done, size_t total)>;

absl::StatusOr<DistanceKernel> ParseDistanceKernel(absl::string_view name);

struct LinkageOptions {
  LinkageMethod method = LinkageMethod::kWard;
  Metric metric = Metric::kEuclidean;
  WardAlgorithm ward_algorithm = WardAlgorithm::kAuto;
  int num_threads = 2;  // distance scans are split over this many threads
  // Memory budget for the distance matrix. The matrix methods store the full
  // n x n matrix (contiguous rows: fast chain scans) when it fits, else the
  // condensed n(n-1)/2 one; Ward's kAuto falls back to the centroid chain
  // when even the condensed matrix does not fit.
  size_t matrix_memory_bytes = size_t{256} << 20;
  // Hard limit (0: none) on the matrix a method needs (average, complete,
  // centroid..., Ward --ward_algorithm=matrix): above it ComputeLinkage
  // fails with ResourceExhausted before allocating, naming --max_matrix_mb.
  size_t max_matrix_bytes = 0;
  DistanceKernel distance_kernel = DistanceKernel::kAuto;
  LinkageProgress progress;  // optional; called from the calling thread
};

// One row of a scipy linkage matrix.
struct MergeRow {
  int64_t a = 0;
  int64_t b = 0;
  double height = 0;
  int64_t size = 0;
};

struct LinkageResult {
  std::vector<MergeRow> merges;  // n - 1 rows
  std::string algorithm;         // "nn_chain_vector", "nn_chain_matrix", ...
  size_t refined_distances = 0;  // kGemm: entries recomputed exactly
};

// `x` is row-major n x d and finite (the caller validates). n >= 2.
// Errors: Ward with a non-Euclidean metric (as scipy), cosine with a zero
// vector (the distance is undefined; names the row index).
absl::StatusOr<LinkageResult> ComputeLinkage(const std::vector<double>& x,
                                             size_t n, size_t d,
                                             const LinkageOptions& options);

// scipy's `label`: rewrites rows holding the raw indices of merged clusters
// (as an NN-chain or MST produces them, already sorted by height) into
// linkage convention. Exposed for tests.
void RelabelLinkage(std::vector<MergeRow>& rows, size_t n);

}  // namespace ionscreen::cluster

#endif  // IONSCREEN_LIB_CLUSTER_LINKAGE_H_
