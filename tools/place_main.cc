// place: new structures' Descriptor stream + a trained Clustering (with
// centroids) + labels -> TSV of each structure's nearest cluster at depth k
// (by centroid and by Ward's merge criterion), the cluster's spread, labelled
// members and candidate status.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "lib/base/status_macros.h"
#include "lib/cluster/clustering.pb.h"
#include "lib/describe/descriptor.pb.h"
#include "lib/labels/labels.h"
#include "lib/place/place.h"
#include "lib/rank/rank.h"
#include "lib/stream/byte_io.h"
#include "lib/stream/record_stream.h"
#include "tools/common/tool_common.h"

ABSL_FLAG(std::string, clustering, "",
          "Clustering stream with centroids at --k (cluster --k=K "
          "--centroids=true; the workflow's results/clusters/<rep>/<d>.kK."
          "clustering)");
ABSL_FLAG(int32_t, k, 241, "Clustering depth (number of clusters)");
ABSL_FLAG(std::string, labels, "",
          "Conductivity labels, CSV/TSV (as rank --labels); A,B: several "
          "files, the first labelling a structure wins. Empty: no labels");
ABSL_FLAG(std::string, below_bound, "bound",
          "Label values like '<1E-10': bound (taken as the bound, as rank) | "
          "drop");
ABSL_FLAG(std::string, label_duplicates, "average",
          "Label rows resolving to one structure: average | rows");
ABSL_FLAG(double, sigma_high, 1e-5,
          "High-conductivity label (S/cm), >: defines candidate clusters");
ABSL_FLAG(std::string, output, "-", "Placement TSV ('-': stdout)");
ABSL_FLAG(std::string, clusters_tsv, "",
          "Also write one row per cluster at k here (cluster, size, "
          "rms_radius, labelled, high_sigma_labelled, candidate)");
ABSL_FLAG(bool, keep_going, false,
          "Skip bad records (one stderr line each) instead of failing");
ABSL_FLAG(bool, quiet, false, "No progress lines on stderr");

namespace {

constexpr char kUsage[] =
    "place --clustering=C.clustering --k=K [--labels=L] [DESCRIPTORS|-] > "
    "placement.tsv\n"
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

absl::Status Run(const std::vector<std::string>& args) {
  using namespace ionscreen;
  if (args.size() > 1) {
    return absl::InvalidArgumentError("usage: at most one input stream");
  }
  if (absl::GetFlag(FLAGS_clustering).empty()) {
    return absl::InvalidArgumentError("usage: --clustering is required");
  }
  if (absl::GetFlag(FLAGS_k) < 1) {
    return absl::InvalidArgumentError("usage: --k must be >= 1");
  }
  if (!(absl::GetFlag(FLAGS_sigma_high) > 0)) {
    return absl::InvalidArgumentError("usage: --sigma_high must be > 0");
  }
  labels::LabelOptions lo;  // sigma, in log10
  if (absl::GetFlag(FLAGS_below_bound) == "bound") {
    lo.below_bound = labels::BelowBoundPolicy::kBound;
  } else if (absl::GetFlag(FLAGS_below_bound) == "drop") {
    lo.below_bound = labels::BelowBoundPolicy::kDrop;
  } else {
    return absl::InvalidArgumentError(
        "usage: --below_bound must be bound or drop");
  }
  auto duplicates =
      labels::ParseDuplicates(absl::GetFlag(FLAGS_label_duplicates));
  if (!duplicates.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "usage: --label_duplicates: ", duplicates.status().message()));
  }

  // The trained side.
  ASSIGN_OR_RETURN(auto csource,
                   stream::OpenFileSource(absl::GetFlag(FLAGS_clustering)));
  ASSIGN_OR_RETURN(auto creader, stream::RecordReader<cluster::Clustering>::Open(
                                     std::move(csource)));
  cluster::Clustering clustering;
  ASSIGN_OR_RETURN(bool have, creader->Next(&clustering));
  if (!have) {
    return absl::InvalidArgumentError(absl::StrCat(
        absl::GetFlag(FLAGS_clustering), ": the clustering stream is empty"));
  }
  place::PlaceOptions po;
  po.k = absl::GetFlag(FLAGS_k);
  po.sigma_high_s_per_cm = absl::GetFlag(FLAGS_sigma_high);
  ASSIGN_OR_RETURN(std::vector<rank::Item> items,
                   place::ItemsAtK(clustering, po.k));
  std::vector<rank::Label> item_labels;
  int unmatched = 0;
  if (!absl::GetFlag(FLAGS_labels).empty()) {
    std::vector<std::string> texts, names;
    RETURN_IF_ERROR(
        labels::ReadLabelTexts(absl::GetFlag(FLAGS_labels), &texts, &names));
    ASSIGN_OR_RETURN(labels::LabelTable table,
                     labels::ParseLabelFiles(texts, names, lo));
    const labels::LabelJoin join =
        labels::JoinLabels(table, rank::KeysOfItems(items), *duplicates);
    unmatched = static_cast<int>(join.unmatched.size());
    item_labels = rank::LabelsForItems(join);
  }
  ASSIGN_OR_RETURN(place::Tree tree,
                   place::BuildTree(clustering, item_labels, po));

  // The new structures.
  ASSIGN_OR_RETURN(auto dsource,
                   stream::OpenFileSource(args.empty() ? "-" : args[0]));
  ASSIGN_OR_RETURN(auto dreader,
                   stream::RecordReader<describe::DescriptorRecord>::Open(
                       std::move(dsource)));
  RETURN_IF_ERROR(place::CheckCompatible(creader->header(), dreader->header()));
  ASSIGN_OR_RETURN(auto sink, stream::OpenFileSink(absl::GetFlag(FLAGS_output)));
  RETURN_IF_ERROR(sink->Write(place::PlacementTsvHeader()));
  tools::Progress progress("place records", -1, absl::GetFlag(FLAGS_quiet));
  describe::DescriptorRecord record;
  int placed = 0, skipped = 0, in_candidate = 0;
  while (true) {
    ASSIGN_OR_RETURN(bool more, dreader->Next(&record));
    if (!more) break;
    absl::StatusOr<place::Placement> p = place::PlaceRecord(tree, record);
    if (!p.ok()) {
      if (!absl::GetFlag(FLAGS_keep_going) ||
          p.status().code() == absl::StatusCode::kFailedPrecondition) {
        return p.status();
      }
      std::fprintf(stderr, "place: skipped %s\n",
                   std::string(p.status().message()).c_str());
      ++skipped;
      continue;
    }
    RETURN_IF_ERROR(sink->Write(place::PlacementTsvRow(tree, *p)));
    ++placed;
    if (tree.clusters[p->nearest_cluster - 1].candidate != "no") ++in_candidate;
    progress.Add();
  }
  progress.Finish();
  RETURN_IF_ERROR(sink->Flush());
  if (!absl::GetFlag(FLAGS_clusters_tsv).empty()) {
    RETURN_IF_ERROR(stream::WriteTextFile(absl::GetFlag(FLAGS_clusters_tsv),
                                          place::ClustersTsv(tree)));
  }
  int candidate_clusters = 0;
  for (const place::ClusterInfo& c : tree.clusters) {
    if (c.candidate != "no") ++candidate_clusters;
  }
  std::fprintf(stderr,
               "place: k=%d: %zu clustered structures, %zu labels (%d label "
               "rows unmatched), %d candidate clusters; %d placed (%d nearest "
               "to a candidate cluster), %d skipped\n",
               tree.num_clusters, tree.items.size(), item_labels.size(),
               unmatched, candidate_clusters, placed, in_candidate, skipped);
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args =
      ionscreen::tools::InitTool(argc, argv, kUsage);
  return ionscreen::tools::ReportAndExit("place", Run(args));
}
