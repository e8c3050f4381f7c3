// Placing new structures in a trained clustering (issue 17 item 3): for each
// new descriptor vector, the nearest cluster at depth k by centroid distance
// and by Ward's merge criterion, the cluster's spread, its labelled members
// and whether `rank` would have selected it as a candidate cluster.
#ifndef IONSCREEN_LIB_PLACE_PLACE_H_
#define IONSCREEN_LIB_PLACE_PLACE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "lib/cluster/clustering.pb.h"
#include "lib/describe/descriptor.pb.h"
#include "lib/rank/rank.h"
#include "lib/stream/stream.pb.h"

namespace ionscreen::place {

struct PlaceOptions {
  int k = 241;
  double sigma_high_s_per_cm = 1e-5;  // a "high" label: sigma > this
};

// One cluster of the cut at depth k.
struct ClusterInfo {
  int label = 0;       // 1-based, as in the Clustering's cut
  int64_t size = 0;
  // Within-cluster sum of squares about the centroid (clustered space) and
  // the RMS member distance to the centroid, sqrt(sse / size).
  double sse = 0;
  double rms_radius = 0;
  std::vector<rank::Label> labels;  // labelled members, sigma descending
  int high_labels = 0;              // sigma > sigma_high
  // "label" (holds a high-sigma label), "nearest" (centroid nearest to such
  // a cluster) or "no": rank's candidate-cluster rule.
  std::string candidate = "no";
};

// The trained side: a Clustering cut at k with centroids, its clusters'
// spreads, labels and candidate status.
struct Tree {
  int k = 0;
  int num_clusters = 0;
  int dimension = 0;
  std::string representation;
  bool standardized = false;
  std::vector<double> feature_mean, feature_scale;
  std::vector<double> centroids;  // row-major num_clusters x dimension
  std::vector<ClusterInfo> clusters;  // index label - 1
  std::vector<rank::Item> items;      // the clustered structures
};

// Within-cluster sums of squares of the cut's clusters (index label - 1),
// from a Ward tree alone: scipy's Ward height of a merge is
// sqrt(2 ΔSSE), so a cluster's SSE is the sum of height²/2 over the merges
// inside it. FailedPrecondition unless the linkage is Ward / Euclidean.
absl::StatusOr<std::vector<double>> WardClusterSse(
    const cluster::Clustering& clustering, const cluster::Cut& cut);

// Builds the Tree: needs a cut at k with centroids and a Ward tree. `labels`
// index the clustering's items (rank::LabelsForItems of a labels::JoinLabels
// on rank::KeysOfItems of the clustering's items).
absl::StatusOr<Tree> BuildTree(const cluster::Clustering& clustering,
                               const std::vector<rank::Label>& labels,
                               const PlaceOptions& options);

// The items of a clustering (ids and cluster at k), for the label join.
absl::StatusOr<std::vector<rank::Item>> ItemsAtK(
    const cluster::Clustering& clustering, int k);

// Refuses new descriptors that were not described like the clustered ones:
// every header parameter (descriptor name, dimension, each descriptor
// parameter; values naming files compare by base name) and the flags of
// the `simplify` provenance step (scheme, volume per anion, ...) when both
// streams have one. The message names the first differing parameter.
absl::Status CheckCompatible(const stream::StreamHeader& clustering_header,
                             const stream::StreamHeader& descriptor_header);

// One new structure's placement.
struct Placement {
  std::string id, mp_id, representation;
  int nearest_cluster = 0;      // by centroid distance (ties: lowest label)
  double nearest_distance = 0;  // Euclidean, clustered space
  int ward_cluster = 0;         // by Ward increase (ties: lowest label)
  double ward_increase = 0;     // n_c/(n_c+1) ||x - c||²
  double ward_distance = 0;     // ||x - c|| to that cluster's centroid
};

// Places one record (checks its representation, length and finiteness;
// errors name the id). Standardises first when the clustering did.
absl::StatusOr<Placement> PlaceRecord(const Tree& tree,
                                      const describe::DescriptorRecord& record);

// Tab-separated table, one row per placement (columns in docs/decisions.md
// "place (issue 17)" and `place --help`).
std::string PlacementTsvHeader();
std::string PlacementTsvRow(const Tree& tree, const Placement& p);

// One row per cluster of the cut: cluster, size, rms_radius, labelled,
// high_sigma_labelled, candidate.
std::string ClustersTsv(const Tree& tree);

}  // namespace ionscreen::place

#endif  // IONSCREEN_LIB_PLACE_PLACE_H_
