#include "lib/place/place_stage.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/cluster/clustering.pb.h"
#include "lib/describe/descriptor.pb.h"
#include "lib/rank/rank.h"
#include "lib/stream/byte_io.h"
#include "lib/stream/record_stream.h"

namespace ionscreen::place {

absl::StatusOr<PlaceStageReport> RunPlace(const PlaceStageOptions& options) {
  PlaceStageReport report;
  // The trained side.
  ASSIGN_OR_RETURN(auto csource, stream::OpenFileSource(options.clustering_path));
  ASSIGN_OR_RETURN(auto creader, stream::RecordReader<cluster::Clustering>::Open(
                                     std::move(csource)));
  cluster::Clustering clustering;
  ASSIGN_OR_RETURN(bool have, creader->Next(&clustering));
  if (!have) {
    return absl::InvalidArgumentError(absl::StrCat(
        options.clustering_path, ": the clustering stream is empty"));
  }
  ASSIGN_OR_RETURN(std::vector<rank::Item> items,
                   ItemsAtK(clustering, options.place.k));
  std::vector<rank::Label> item_labels;
  if (!options.labels_paths.empty()) {
    std::vector<std::string> texts, names;
    RETURN_IF_ERROR(labels::ReadLabelTexts(options.labels_paths, &texts, &names));
    ASSIGN_OR_RETURN(labels::LabelTable table,
                     labels::ParseLabelFiles(texts, names, options.labels));
    const labels::LabelJoin join = labels::JoinLabels(
        table, rank::KeysOfItems(items), options.label_duplicates);
    report.labels_unmatched = static_cast<int>(join.unmatched.size());
    item_labels = rank::LabelsForItems(join);
  }
  report.labels = static_cast<int64_t>(item_labels.size());
  ASSIGN_OR_RETURN(Tree tree, BuildTree(clustering, item_labels, options.place));
  report.num_clusters = tree.num_clusters;
  report.clustered_structures = static_cast<int64_t>(tree.items.size());
  for (const ClusterInfo& c : tree.clusters) {
    if (c.candidate != "no") ++report.candidate_clusters;
  }

  // The new structures.
  ASSIGN_OR_RETURN(auto dsource, stream::OpenFileSource(options.io.input_path));
  ASSIGN_OR_RETURN(auto dreader,
                   stream::RecordReader<describe::DescriptorRecord>::Open(
                       std::move(dsource)));
  RETURN_IF_ERROR(CheckCompatible(creader->header(), dreader->header()));
  ASSIGN_OR_RETURN(auto sink, stream::OpenFileSink(options.io.output_path));
  RETURN_IF_ERROR(sink->Write(PlacementTsvHeader()));
  stream::SkipCounter skips(options.io.skip);
  describe::DescriptorRecord record;
  for (int64_t index = 0;; ++index) {
    ASSIGN_OR_RETURN(bool more, dreader->Next(&record));
    if (!more) break;
    absl::StatusOr<Placement> p = PlaceRecord(tree, record);
    if (p.status().code() == absl::StatusCode::kFailedPrecondition) {
      return p.status();
    }
    // PlaceRecord's messages start with the id.
    ASSIGN_OR_RETURN(bool use,
                     skips.Keep(stream::RecordName(index, ""), p.status()));
    if (!use) continue;
    RETURN_IF_ERROR(sink->Write(PlacementTsvRow(tree, *p)));
    ++report.placed;
    if (tree.clusters[p->nearest_cluster - 1].candidate != "no") {
      ++report.placed_in_candidate;
    }
    if (options.on_record) options.on_record();
  }
  report.skipped = skips.skipped();
  RETURN_IF_ERROR(sink->Flush());
  if (!options.clusters_tsv_path.empty()) {
    RETURN_IF_ERROR(
        stream::WriteTextFile(options.clusters_tsv_path, ClustersTsv(tree)));
  }
  return report;
}

}  // namespace ionscreen::place
