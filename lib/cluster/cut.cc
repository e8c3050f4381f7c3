#include "lib/cluster/cut.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace ionscreen::cluster {

absl::StatusOr<TreeCutter> TreeCutter::Create(
    const std::vector<MergeRow>& merges, size_t n) {
  if (n < 2 || merges.size() != n - 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a tree of ", n, " items needs ", n < 1 ? 0 : n - 1, " merges, got ",
        merges.size()));
  }
  for (size_t i = 0; i < merges.size(); ++i) {
    const MergeRow& r = merges[i];
    const int64_t limit = static_cast<int64_t>(n + i);
    if (r.a < 0 || r.b < 0 || r.a >= limit || r.b >= limit || r.a == r.b) {
      return absl::InvalidArgumentError(
          absl::StrCat("merge ", i, " refers to clusters ", r.a, " and ", r.b,
                       " which do not exist yet"));
    }
  }
  return TreeCutter(merges, n);
}

TreeCutter::TreeCutter(const std::vector<MergeRow>& merges, size_t n)
    : z_(merges), max_dist_(merges.size()), n_(n) {
  for (size_t i = 0; i < z_.size(); ++i) {
    double m = z_[i].height;
    for (int64_t child : {z_[i].a, z_[i].b}) {
      if (child >= static_cast<int64_t>(n_)) {
        m = std::max(m, max_dist_[child - n_]);
      }
    }
    max_dist_[i] = m;
  }
}

size_t TreeCutter::ClustersAt(double t) const {
  // Max heights never decrease towards the root, so the nodes that stay
  // whole form a forest and each one removes one cluster.
  size_t whole = 0;
  for (double m : max_dist_) whole += (m <= t);
  return n_ - whole;
}

FlatCut TreeCutter::Monocrit(double cutoff) const {
  const size_t n = n_;
  FlatCut out;
  out.assignment.assign(n, 0);
  std::vector<char> visited(2 * n - 1, 0);
  std::vector<int64_t> curr_node(n);
  int32_t n_cluster = 0;
  int64_t cluster_leader = -1;
  int64_t k = 0;
  curr_node[0] = 2 * static_cast<int64_t>(n) - 2;
  const int64_t nn = static_cast<int64_t>(n);
  while (k >= 0) {
    const int64_t root = curr_node[k] - nn;
    const int64_t lc = z_[root].a, rc = z_[root].b;
    if (cluster_leader == -1 && max_dist_[root] <= cutoff) {
      cluster_leader = root;
      ++n_cluster;
    }
    if (lc >= nn && !visited[lc]) {
      visited[lc] = 1;
      curr_node[++k] = lc;
      continue;
    }
    if (rc >= nn && !visited[rc]) {
      visited[rc] = 1;
      curr_node[++k] = rc;
      continue;
    }
    if (lc < nn) {
      if (cluster_leader == -1) ++n_cluster;
      out.assignment[lc] = n_cluster;
    }
    if (rc < nn) {
      if (cluster_leader == -1) ++n_cluster;
      out.assignment[rc] = n_cluster;
    }
    if (cluster_leader == root) cluster_leader = -1;
    --k;
  }
  out.num_clusters = n_cluster;
  return out;
}

absl::StatusOr<FlatCut> TreeCutter::CutMaxclust(int k) const {
  if (k < 1 || static_cast<size_t>(k) > n_) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot cut ", n_, " items into ", k, " clusters"));
  }
  // scipy's cluster_maxclust_monocrit binary search over node indices,
  // including its bounds (lower starts untested at 0).
  size_t lower = 0, upper = n_ - 1;
  while (upper - lower > 1) {
    const size_t i = (lower + upper) >> 1;
    if (ClustersAt(max_dist_[i]) > static_cast<size_t>(k)) {
      lower = i;
    } else {
      upper = i;
    }
  }
  // upper == n - 1 cannot happen for k >= 1 (the root leaves one cluster).
  return Monocrit(max_dist_[std::min(upper, n_ - 2)]);
}

}  // namespace ionscreen::cluster
