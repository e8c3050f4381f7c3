#include "lib/score/score.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "lib/base/status_macros.h"
#include "lib/cluster/cut.h"
#include "lib/cluster/linkage.h"
#include "lib/stream/record_stream.h"

namespace ionscreen::score {
namespace {

// Uniform integer in [0, n) from a standard-specified engine by rejection,
// so draws are identical on every platform (std distributions are not).
uint64_t Below(std::mt19937_64& rng, uint64_t n) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t r;
  do {
    r = rng();
  } while (r >= limit);
  return r % n;
}

}  // namespace

FrozenW::FrozenW(std::vector<std::pair<int, double>> labels)
    : labels_(std::move(labels)), state_(labels_.size(), 0.0) {}

double FrozenW::Next(const std::vector<int>& cluster_of_label,
                     int num_clusters, int* labelled_clusters) {
  sum_.assign(num_clusters, 0.0);
  count_.assign(num_clusters, 0);
  for (size_t j = 0; j < labels_.size(); ++j) {
    sum_[cluster_of_label[j]] += labels_[j].second;
    ++count_[cluster_of_label[j]];
  }
  int labelled = 0;
  for (int c : count_) labelled += c > 0;
  double w = 0;
  for (size_t j = 0; j < labels_.size(); ++j) {
    const int c = cluster_of_label[j];
    if (count_[c] >= 2) {
      const double dev = labels_[j].second - sum_[c] / count_[c];
      state_[j] = dev * dev;
    }
    w += state_[j];
  }
  if (labelled_clusters != nullptr) *labelled_clusters = labelled;
  return w;
}

absl::StatusOr<Score> ScoreClustering(const cluster::Clustering& clustering,
                                      const LabelTable& table,
                                      const ScoreOptions& options) {
  const size_t n = clustering.ids_size();
  if (n < 2 || clustering.merges_size() != static_cast<int>(n) - 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "clustering of ", n, " items has ", clustering.merges_size(),
        " merges; need n - 1 and n >= 2"));
  }
  if (options.control_draws < 0) {
    return absl::InvalidArgumentError("control_draws must be >= 0");
  }
  std::vector<int> ks = options.ks;
  if (ks.empty()) {
    int max_k = 0;
    for (const cluster::Cut& c : clustering.cuts()) max_k = std::max(max_k, c.k());
    if (max_k < 2) {
      return absl::InvalidArgumentError(
          "clustering has no cut with k >= 2; pass the k range to score");
    }
    for (int k = 2; k <= max_k; ++k) ks.push_back(k);
  }
  std::sort(ks.begin(), ks.end());
  if (ks.front() < 2 || static_cast<size_t>(ks.back()) > n) {
    return absl::InvalidArgumentError(absl::StrCat(
        "k must lie in 2..", n, " (the number of structures)"));
  }
  std::vector<cluster::MergeRow> merges;
  for (const cluster::Merge& m : clustering.merges()) {
    merges.push_back({m.a(), m.b(), m.height(), m.size()});
  }
  ASSIGN_OR_RETURN(cluster::TreeCutter cutter,
                   cluster::TreeCutter::Create(merges, n));

  LabelJoin join = JoinLabels(table, clustering);
  Score score;
  score.set_label(options.labels.label);
  score.set_label_column(table.column);
  score.set_log10(table.log10);
  score.set_below_bound_policy(
      options.labels.below_bound == BelowBoundPolicy::kDrop ? "drop" : "bound");
  score.set_num_items(static_cast<int32_t>(n));
  score.set_label_rows(static_cast<int32_t>(table.rows.size()));
  score.set_matched_labels(static_cast<int32_t>(join.labels.size()));
  score.set_dropped_below_bound(table.dropped_below_bound);
  score.set_dropped_nonpositive(table.dropped_nonpositive);
  for (const std::string& u : join.unmatched) score.add_unmatched_labels(u);
  score.set_superseded_labels(join.superseded);
  score.set_control_draws(options.control_draws);
  score.set_seed(options.seed);

  // Labelled structures, each once; a label refers to its structure's slot.
  std::vector<int> structures;
  std::vector<int> slot_of_label;
  {
    std::vector<int> slot(n, -1);
    for (const auto& [item, value] : join.labels) {
      if (slot[item] < 0) {
        slot[item] = static_cast<int>(structures.size());
        structures.push_back(item);
      }
      slot_of_label.push_back(slot[item]);
    }
  }
  score.set_labelled_structures(static_cast<int32_t>(structures.size()));
  const size_t num_labels = join.labels.size();

  FrozenW real(join.labels);
  std::vector<FrozenW> controls(options.control_draws, FrozenW(join.labels));
  std::vector<std::mt19937_64> rngs;
  for (int d = 0; d < options.control_draws; ++d) {
    // One stream per draw: draw d does not depend on how many draws run.
    std::seed_seq seq{static_cast<uint32_t>(options.seed),
                      static_cast<uint32_t>(options.seed >> 32),
                      static_cast<uint32_t>(d)};
    rngs.emplace_back(seq);
  }
  std::vector<uint32_t> perm(n);
  std::vector<std::vector<uint32_t>> perms(options.control_draws);
  for (auto& p : perms) {
    p.resize(n);
    for (size_t i = 0; i < n; ++i) p[i] = static_cast<uint32_t>(i);
  }

  std::vector<int> cluster_of_label(num_labels);
  std::vector<int> cluster_of_slot(structures.size());
  std::vector<int64_t> cumulative;
  size_t next_k = 0;
  for (int k = 2; k <= ks.back(); ++k) {
    ASSIGN_OR_RETURN(cluster::FlatCut cut, cutter.CutMaxclust(k));
    for (size_t j = 0; j < num_labels; ++j) {
      cluster_of_label[j] = cut.assignment[join.labels[j].first] - 1;
    }
    int labelled = 0;
    const double w = real.Next(cluster_of_label, cut.num_clusters, &labelled);

    // Control: the labelled structures land at uniformly random distinct
    // positions of a random ordering cut into blocks of the real sizes.
    std::vector<int64_t> sizes(cut.num_clusters, 0);
    for (int32_t a : cut.assignment) ++sizes[a - 1];
    cumulative.assign(1, 0);
    for (int64_t s : sizes) cumulative.push_back(cumulative.back() + s);
    double sum = 0, sum_sq = 0;
    for (int d = 0; d < options.control_draws; ++d) {
      std::vector<uint32_t>& p = perms[d];
      for (size_t t = 0; t < structures.size(); ++t) {
        const size_t j = t + Below(rngs[d], n - t);
        std::swap(p[t], p[j]);
        cluster_of_slot[t] = static_cast<int>(
            std::upper_bound(cumulative.begin(), cumulative.end(), p[t]) -
            cumulative.begin() - 1);
      }
      for (size_t j = 0; j < num_labels; ++j) {
        cluster_of_label[j] = cluster_of_slot[slot_of_label[j]];
      }
      const double cw =
          controls[d].Next(cluster_of_label, cut.num_clusters, nullptr);
      sum += cw;
      sum_sq += cw * cw;
    }
    if (next_k < ks.size() && ks[next_k] == k) {
      ScoreAtK* level = score.add_levels();
      level->set_k(k);
      level->set_num_clusters(cut.num_clusters);
      level->set_w(w);
      level->set_labelled_clusters(labelled);
      if (options.control_draws > 0) {
        const double mean = sum / options.control_draws;
        level->set_control_w_mean(mean);
        level->set_control_w_sd(
            std::sqrt(std::max(0.0, sum_sq / options.control_draws - mean * mean)));
      }
      while (next_k < ks.size() && ks[next_k] == k) ++next_k;
    }
  }
  return score;
}

std::string ScoreTsv(const Score& score) {
  std::string out = absl::StrCat("k\tnum_clusters\tw_", score.label(),
                                 "\tlabelled_clusters\tcontrol_w_mean\t"
                                 "control_w_sd\n");
  for (const ScoreAtK& l : score.levels()) {
    absl::StrAppendFormat(&out, "%d\t%d\t%.12g\t%d\t%.12g\t%.12g\n", l.k(),
                          l.num_clusters(), l.w(), l.labelled_clusters(),
                          l.control_w_mean(), l.control_w_sd());
  }
  return out;
}

absl::Status RunScore(std::unique_ptr<stream::ByteSource> clustering_in,
                      const std::vector<std::string>& labels_texts,
                      std::unique_ptr<stream::ByteSink> out,
                      const ScoreOptions& options,
                      const stream::ProvenanceStep& step,
                      std::vector<Score>* scores) {
  // Several label files are concatenated in order; rows keep their file
  // index so a structure labelled by an earlier file is not relabelled.
  LabelTable table;
  for (size_t f = 0; f < labels_texts.size(); ++f) {
    absl::StatusOr<LabelTable> part = ParseLabels(labels_texts[f], options.labels);
    if (!part.ok()) {
      return absl::Status(part.status().code(),
                          absl::StrCat("label file ", f + 1, ": ",
                                       part.status().message()));
    }
    if (f == 0) {
      table.column = part->column;
      table.log10 = part->log10;
    }
    for (LabelRow& row : part->rows) {
      row.source = static_cast<int>(f);
      table.rows.push_back(std::move(row));
    }
    table.dropped_below_bound += part->dropped_below_bound;
    table.dropped_nonpositive += part->dropped_nonpositive;
  }
  ASSIGN_OR_RETURN(auto reader, stream::RecordReader<cluster::Clustering>::Open(
                                    std::move(clustering_in)));
  stream::StreamHeader header = stream::DerivedHeader(&reader->header(), step);
  ASSIGN_OR_RETURN(auto writer, stream::RecordWriter<Score>::Open(
                                    std::move(out), std::move(header)));
  cluster::Clustering clustering;
  int index = 0;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader->Next(&clustering));
    if (!more) break;
    absl::StatusOr<Score> score = ScoreClustering(clustering, table, options);
    if (!score.ok()) {
      return absl::Status(score.status().code(),
                          absl::StrCat("clustering record ", index, ": ",
                                       score.status().message()));
    }
    RETURN_IF_ERROR(writer->Write(*score));
    if (scores != nullptr) scores->push_back(*std::move(score));
    ++index;
  }
  if (index == 0) return absl::InvalidArgumentError("no Clustering records");
  return writer->Close();
}

}  // namespace ionscreen::score
