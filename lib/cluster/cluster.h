// The `cluster` stage: Descriptor records -> one Clustering record (merge
// tree, flat cuts for the requested k, centroids).
#ifndef IONSCREEN_LIB_CLUSTER_CLUSTER_H_
#define IONSCREEN_LIB_CLUSTER_CLUSTER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "lib/cluster/clustering.pb.h"
#include "lib/cluster/linkage.h"
#include "lib/describe/descriptor.pb.h"
#include "lib/stream/record_stage.h"
#include "lib/stream/byte_io.h"
#include "lib/stream/stream.pb.h"

namespace ionscreen::cluster {

struct ClusterOptions {
  LinkageOptions linkage;
  std::vector<int> ks = {2};   // ascending, distinct, >= 1
  bool centroids = true;       // store centroids for every k
  bool standardize = false;    // z-score each feature (the paper did not)
};

struct ClusterResult {
  Clustering clustering;
  int64_t records_skipped = 0;  // with skip.keep_going
};

// "2:300" (inclusive range), "7", or a comma list of both ("2:10,20,50").
absl::StatusOr<std::vector<int>> ParseKList(absl::string_view spec);

// Validates the records (finite values, one dimension, unique ids, at least
// max(k) of them) and clusters them. A bad record is an error "descriptor
// record N (id): problem", or skipped (lib/stream/record_stage.h).
absl::StatusOr<ClusterResult> ClusterRecords(
    const std::vector<describe::DescriptorRecord>& records,
    const ClusterOptions& options, const stream::SkipPolicy& skip = {});

// scipy-style linkage matrix (a, b, height, size; %.17g) and a table of
// assignments (id, then one column per k) for people and tests.
std::string LinkageTsv(const Clustering& clustering);
std::string AssignmentsTsv(const Clustering& clustering);

// The whole stage on files (tools/cluster_main.cc is its command line).
struct ClusterStageOptions {
  // A Descriptor stream in, a Clustering stream out (its header: the
  // input's provenance plus the step, and the descriptor's parameters and
  // feature labels); the skip contract of ClusterRecords.
  stream::StageIo io;
  ClusterOptions cluster;
  std::string linkage_tsv_path;      // also LinkageTsv here (optional)
  std::string assignments_tsv_path;  // also AssignmentsTsv here (optional)
};
absl::StatusOr<ClusterResult> RunClusterStage(
    const ClusterStageOptions& options, const stream::ProvenanceStep& step);

}  // namespace ionscreen::cluster

#endif  // IONSCREEN_LIB_CLUSTER_CLUSTER_H_
