#include "lib/rank/rank_stage.h"

#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/bvse/bvse.pb.h"
#include "lib/cluster/clustering.pb.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/crystal/crystal_util.h"
#include "lib/rank/rank_io.h"
#include "lib/stream/byte_io.h"
#include "lib/stream/record_stream.h"

namespace ionscreen::rank {
namespace {

// Calls fn on every record of the stream at `path`; an error of fn ends the
// loop.
template <typename T>
absl::Status ForEachRecord(const std::string& path,
                           const std::function<absl::Status(const T&)>& fn) {
  ASSIGN_OR_RETURN(auto source, stream::OpenFileSource(path));
  ASSIGN_OR_RETURN(auto reader, stream::RecordReader<T>::Open(std::move(source)));
  T record;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader->Next(&record));
    if (!more) return absl::OkStatus();
    RETURN_IF_ERROR(fn(record));
  }
}

// Every Crystal record holding a structure is validated before use (issue
// 16). rank needs only the properties (E_hull, gap), so a record with
// neither lattice nor sites is accepted.
absl::Status CheckCrystal(const crystal::Crystal& c) {
  const bool structure = c.sites_size() > 0 ||
                         c.lattice().a_angstrom_size() > 0 ||
                         c.lattice().b_angstrom_size() > 0 ||
                         c.lattice().c_angstrom_size() > 0;
  absl::Status v = structure ? crystal::Validate(c) : absl::OkStatus();
  if (v.ok()) return v;
  return absl::InvalidArgumentError(
      absl::StrCat("invalid crystal: ", v.message()));
}

// Items by structure id, then by MP id.
class ItemIndex {
 public:
  explicit ItemIndex(const std::vector<Item>& items) {
    for (size_t i = 0; i < items.size(); ++i) {
      by_id_.emplace(items[i].id, i);
      if (!items[i].mp_id.empty()) by_mp_.emplace(items[i].mp_id, i);
    }
  }
  // The item of a record, or -1.
  int Find(const std::string& id, const std::string& mp) const {
    auto it = by_id_.find(id);
    if (it != by_id_.end()) return it->second;
    it = mp.empty() ? by_mp_.end() : by_mp_.find(mp);
    return it == by_mp_.end() ? -1 : it->second;
  }

 private:
  absl::flat_hash_map<std::string, int> by_id_, by_mp_;
};

}  // namespace

absl::StatusOr<RankStageReport> RunRank(const RankStageOptions& options) {
  RankStageReport report;
  cluster::Clustering cl;
  bool have = false;
  RETURN_IF_ERROR(ForEachRecord<cluster::Clustering>(
      options.clustering_path, [&](const cluster::Clustering& c) {
        if (!have) cl = c;
        have = true;
        return absl::OkStatus();
      }));
  if (!have) return absl::InvalidArgumentError("the clustering stream is empty");
  std::vector<Item> items;
  std::vector<double> centroids;
  RETURN_IF_ERROR(ItemsFromClustering(cl, options.k, &items, &centroids,
                                      &report.num_clusters));
  report.items = static_cast<int64_t>(items.size());
  const ItemIndex index(items);

  // A bad Crystal record is an error naming it, or skipped.
  stream::SkipCounter skips(options.skip);
  int64_t crystal_index = -1;
  RETURN_IF_ERROR(ForEachRecord<crystal::Crystal>(
      options.crystals_path, [&](const crystal::Crystal& c) -> absl::Status {
        ++crystal_index;
        ASSIGN_OR_RETURN(
            bool use,
            skips.Keep(stream::RecordName(crystal_index, c.id(),
                                          "--crystals record"),
                       CheckCrystal(c)));
        if (!use) return absl::OkStatus();
        const int i = index.Find(c.id(), c.mp_id());
        if (i >= 0) {
          JoinCrystal(c, &items[i]);
          ++report.crystals_joined;
        }
        return absl::OkStatus();
      }));
  report.crystals_read = crystal_index + 1;
  report.crystals_skipped = skips.skipped();
  RETURN_IF_ERROR(ForEachRecord<bvse::BvseResult>(
      options.bvse_path, [&](const bvse::BvseResult& r) {
        const int i = index.Find(r.id(), r.mp_id());
        if (i >= 0) {
          JoinBvse(r, &items[i]);
          ++report.bvse_joined;
        }
        return absl::OkStatus();
      }));

  std::vector<std::string> texts, names;
  RETURN_IF_ERROR(labels::ReadLabelTexts(options.labels_paths, &texts, &names));
  labels::LabelOptions lo;  // sigma, scored in log10
  lo.below_bound = labels::BelowBoundPolicy::kBound;
  ASSIGN_OR_RETURN(labels::LabelTable table,
                   labels::ParseLabelFiles(texts, names, lo));
  const labels::ItemKeys keys = KeysOfItems(items);
  const labels::LabelJoin join =
      labels::JoinLabels(table, keys, options.label_duplicates);
  report.labels_unmatched = static_cast<int>(join.unmatched.size());
  const std::vector<Label> labels = LabelsForItems(join);
  report.labels_matched = static_cast<int64_t>(labels.size());
  if (!options.labels_tsv_path.empty()) {
    RETURN_IF_ERROR(stream::WriteTextFile(
        options.labels_tsv_path,
        labels::ResolvedLabelsTsv(table, join, keys, "sigma")));
  }

  ASSIGN_OR_RETURN(report.rank,
                   RankCandidates(items, labels, centroids, report.num_clusters,
                                  options.rank));
  if (options.symprec_angstrom > 0) {
    // Only the candidates: spglib on every structure would cost more than
    // the ranking itself.
    absl::flat_hash_set<int> wanted;
    for (const Candidate& cand : report.rank.candidates) wanted.insert(cand.item);
    RETURN_IF_ERROR(ForEachRecord<crystal::Crystal>(
        options.crystals_path, [&](const crystal::Crystal& c) {
          const int i = index.Find(c.id(), c.mp_id());
          if (i >= 0 && wanted.contains(i) && CheckCrystal(c).ok()) {
            DetectSpaceGroup(c, options.symprec_angstrom, &items[i]);
          }
          return absl::OkStatus();
        }));
  }
  if (!options.null_tsv_path.empty()) {
    ASSIGN_OR_RETURN(report.null,
                     NullRecall(items, report.rank, report.num_clusters,
                                options.rank, options.null));
    RETURN_IF_ERROR(
        stream::WriteTextFile(options.null_tsv_path, NullTsv(*report.null)));
  }
  RETURN_IF_ERROR(stream::WriteTextFile(options.output_path,
                                        CandidatesTsv(items, report.rank)));
  return report;
}

}  // namespace ionscreen::rank
