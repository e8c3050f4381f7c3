// Cutting a linkage tree into flat clusters exactly like scipy 1.10's
// fcluster(Z, k, criterion="maxclust"): the lowest merge height t (searched
// the way scipy's binary search does) at which cutting every merge above t
// leaves at most k clusters, and scipy's cluster numbering (a depth-first
// walk from the root). With tied heights the cut can hold fewer than k
// clusters; that is scipy's behaviour and is kept.
#ifndef IONSCREEN_LIB_CLUSTER_CUT_H_
#define IONSCREEN_LIB_CLUSTER_CUT_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/cluster/linkage.h"

namespace ionscreen::cluster {

struct FlatCut {
  std::vector<int32_t> assignment;  // 1-based cluster label per item
  int32_t num_clusters = 0;
};

// Precomputes the per-node maximum height once for many cuts of one tree.
class TreeCutter {
 public:
  // `merges` is a valid linkage of n >= 2 items (n - 1 rows).
  static absl::StatusOr<TreeCutter> Create(const std::vector<MergeRow>& merges,
                                           size_t n);
  // 1 <= k <= n.
  absl::StatusOr<FlatCut> CutMaxclust(int k) const;
  size_t n() const { return n_; }

 private:
  TreeCutter(const std::vector<MergeRow>& merges, size_t n);
  // scipy's cluster_monocrit: labels for the cut at `cutoff`.
  FlatCut Monocrit(double cutoff) const;
  // Number of flat clusters when every node with max height <= t is whole.
  size_t ClustersAt(double t) const;

  std::vector<MergeRow> z_;
  std::vector<double> max_dist_;  // scipy's get_max_dist_for_each_cluster
  size_t n_;
};

}  // namespace ionscreen::cluster

#endif  // IONSCREEN_LIB_CLUSTER_CUT_H_
