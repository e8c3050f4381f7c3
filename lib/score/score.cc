#include "lib/score/score.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <thread>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "lib/base/status_macros.h"
#include "lib/base/uniform.h"
#include "lib/cluster/cut.h"
#include "lib/cluster/linkage.h"
#include "lib/stream/record_stage.h"
#include "lib/stream/record_stream.h"

namespace ionscreen::score {
namespace {

// Population mean and standard deviation of one k's values over draws,
// summed in draw order (deterministic whatever the thread count).
std::pair<double, double> MeanSd(const std::vector<double>& w, size_t stride,
                                 size_t offset, int draws) {
  double sum = 0, sum_sq = 0;
  for (int d = 0; d < draws; ++d) {
    const double x = w[d * stride + offset];
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / draws;
  return {mean, std::sqrt(std::max(0.0, sum_sq / draws - mean * mean))};
}

}  // namespace

absl::StatusOr<FrozenStart> ParseFrozenStart(absl::string_view name) {
  if (name == "one_cluster") return FrozenStart::kOneCluster;
  if (name == "zero") return FrozenStart::kZero;
  return absl::InvalidArgumentError(
      absl::StrCat("frozen start '", name, "': one_cluster or zero"));
}

const char* FrozenStartName(FrozenStart s) {
  return s == FrozenStart::kOneCluster ? "one_cluster" : "zero";
}

FrozenW::FrozenW(std::vector<std::pair<int, double>> labels,
                 FrozenStart start)
    : labels_(std::move(labels)), state_(labels_.size(), 0.0) {
  if (start == FrozenStart::kOneCluster && !labels_.empty()) {
    // k = 1: every label in the one cluster.
    double sum = 0;
    for (const auto& l : labels_) sum += l.second;
    const double mean = sum / labels_.size();
    for (size_t j = 0; j < labels_.size(); ++j) {
      const double dev = labels_[j].second - mean;
      state_[j] = dev * dev;
    }
  }
}

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
                                      const ScoreOptions& options,
                                      std::string* labels_tsv) {
  const size_t n = clustering.ids_size();
  if (n < 2 || clustering.merges_size() != static_cast<int>(n) - 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "clustering of ", n, " items has ", clustering.merges_size(),
        " merges; need n - 1 and n >= 2"));
  }
  if (options.control_draws < 0) {
    return absl::InvalidArgumentError("control_draws must be >= 0");
  }
  if (options.threads < 1) {
    return absl::InvalidArgumentError("threads must be >= 1");
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
  ks.erase(std::unique(ks.begin(), ks.end()), ks.end());
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

  const labels::ItemKeys keys = labels::KeysOfClustering(clustering);
  const labels::LabelJoin join =
      labels::JoinLabels(table, keys, options.duplicates);
  if (labels_tsv != nullptr) {
    *labels_tsv =
        labels::ResolvedLabelsTsv(table, join, keys, options.labels.label);
  }
  Score score;
  score.set_label(options.labels.label);
  score.set_label_column(table.column);
  score.set_log10(table.log10);
  score.set_below_bound_policy(
      options.labels.below_bound == BelowBoundPolicy::kDrop ? "drop" : "bound");
  score.set_num_items(static_cast<int32_t>(n));
  score.set_label_rows(static_cast<int32_t>(table.rows.size()));
  score.set_matched_labels(static_cast<int32_t>(join.labels.size()));
  score.set_matched_rows(join.matched_rows);
  score.set_dropped_below_bound(table.dropped_below_bound);
  score.set_dropped_nonpositive(table.dropped_nonpositive);
  for (const std::string& u : join.unmatched) score.add_unmatched_labels(u);
  score.set_superseded_labels(join.superseded);
  score.set_control_draws(options.control_draws);
  score.set_seed(options.seed);
  score.set_frozen_start(FrozenStartName(options.frozen_start));
  score.set_label_duplicates(labels::DuplicatesName(options.duplicates));

  // Labelled structures, each once; a label refers to its structure's slot.
  std::vector<std::pair<int, double>> label_values;
  std::vector<int> structures;
  std::vector<int> slot_of_label;
  {
    std::vector<int> slot(n, -1);
    for (const labels::ResolvedLabel& l : join.labels) {
      label_values.push_back({l.item, l.value});
      if (slot[l.item] < 0) {
        slot[l.item] = static_cast<int>(structures.size());
        structures.push_back(l.item);
      }
      slot_of_label.push_back(slot[l.item]);
    }
  }
  score.set_labelled_structures(static_cast<int32_t>(structures.size()));
  const size_t num_labels = label_values.size();
  const size_t num_slots = structures.size();
  const int max_k = ks.back();

  // The real cuts k = 2 .. max_k once: each labelled structure's cluster and
  // the cumulative cluster sizes (what the controls need).
  const int num_levels = max_k - 1;  // level t is k = t + 2
  std::vector<int> num_clusters(num_levels);
  std::vector<std::vector<int>> slot_cluster(num_levels);
  std::vector<std::vector<int64_t>> cumulative(num_levels);
  for (int k = 2; k <= max_k; ++k) {
    ASSIGN_OR_RETURN(cluster::FlatCut cut, cutter.CutMaxclust(k));
    const int t = k - 2;
    num_clusters[t] = cut.num_clusters;
    slot_cluster[t].resize(num_slots);
    for (size_t s = 0; s < num_slots; ++s) {
      slot_cluster[t][s] = cut.assignment[structures[s]] - 1;
    }
    std::vector<int64_t> sizes(cut.num_clusters, 0);
    for (int32_t a : cut.assignment) ++sizes[a - 1];
    cumulative[t].assign(1, 0);
    for (int64_t sz : sizes) cumulative[t].push_back(cumulative[t].back() + sz);
  }
  // Cluster at a position of the size-preserving control's ordering: the
  // first cluster of the position's bucket (2^shift positions), then a short
  // forward scan of the cumulative sizes. All levels' buckets and sizes take
  // a few hundred kB, so they stay in cache across a draw's k = 2 .. max_k
  // (a full position -> cluster table per level, 2n bytes each, did not: its
  // loads were 80% of the run). Same answer as a binary search.
  int shift = 0;
  while ((n >> (shift + 1)) >= static_cast<size_t>(max_k)) ++shift;
  std::vector<std::vector<uint32_t>> cum32(num_levels);
  std::vector<std::vector<int32_t>> bucket_first(num_levels);
  for (int t = 0; t < num_levels; ++t) {
    cum32[t].assign(cumulative[t].begin(), cumulative[t].end());
    bucket_first[t].resize(((n - 1) >> shift) + 1);
    int32_t c = 0;
    for (size_t b = 0; b < bucket_first[t].size(); ++b) {
      const size_t pos = b << shift;
      while (cum32[t][c + 1] <= pos) ++c;
      bucket_first[t][b] = c;
    }
  }
  // Reported level index per k (-1: not reported).
  std::vector<int> report_index(num_levels, -1);
  for (size_t r = 0; r < ks.size(); ++r) report_index[ks[r] - 2] = r;
  const size_t num_reported = ks.size();

  std::vector<int> cluster_of_label(num_labels);
  {
    FrozenW real(label_values, options.frozen_start);
    for (int k = 2; k <= max_k; ++k) {
      const int t = k - 2;
      for (size_t j = 0; j < num_labels; ++j) {
        cluster_of_label[j] = slot_cluster[t][slot_of_label[j]];
      }
      int labelled = 0;
      const double w = real.Next(cluster_of_label, num_clusters[t], &labelled);
      if (report_index[t] < 0) continue;
      ScoreAtK* level = score.add_levels();
      level->set_k(k);
      level->set_num_clusters(num_clusters[t]);
      level->set_w(w);
      level->set_labelled_clusters(labelled);
    }
  }

  // Controls, one independent stream per draw and control so that draw d
  // does not depend on how many draws or threads run. W per (draw, level).
  const int draws = options.control_draws;
  std::vector<double> sized_w(static_cast<size_t>(draws) * num_reported);
  std::vector<double> uniform_w(static_cast<size_t>(draws) * num_reported);
  auto run_draws = [&](int d_begin, int d_end) {
    std::vector<uint32_t> perm(n);
    std::vector<int> of_label(num_labels), of_slot(num_slots);
    for (int d = d_begin; d < d_end; ++d) {
      // Size-preserving: the labelled structures land at uniformly random
      // distinct positions of a random ordering cut into blocks of the real
      // sizes (a partial Fisher-Yates shuffle per k).
      std::seed_seq seq{static_cast<uint32_t>(options.seed),
                        static_cast<uint32_t>(options.seed >> 32),
                        static_cast<uint32_t>(d)};
      std::mt19937_64 rng(seq);
      for (size_t i = 0; i < n; ++i) perm[i] = static_cast<uint32_t>(i);
      FrozenW sized(label_values, options.frozen_start);
      // Uniform: each labelled structure to a uniformly random cluster.
      std::seed_seq useq{static_cast<uint32_t>(options.seed),
                         static_cast<uint32_t>(options.seed >> 32),
                         static_cast<uint32_t>(d), 1u};
      std::mt19937_64 urng(useq);
      FrozenW uniform(label_values, options.frozen_start);
      for (int k = 2; k <= max_k; ++k) {
        const int t = k - 2;
        const uint32_t* cum = cum32[t].data();
        const int32_t* first = bucket_first[t].data();
        for (size_t s = 0; s < num_slots; ++s) {
          const size_t j = s + base::UniformBelow(rng, n - s);
          std::swap(perm[s], perm[j]);
          const uint32_t pos = perm[s];
          int32_t c = first[pos >> shift];
          while (cum[c + 1] <= pos) ++c;
          of_slot[s] = c;
        }
        for (size_t j = 0; j < num_labels; ++j) {
          of_label[j] = of_slot[slot_of_label[j]];
        }
        const double sw = sized.Next(of_label, num_clusters[t], nullptr);
        for (size_t s = 0; s < num_slots; ++s) {
          of_slot[s] = static_cast<int>(base::UniformBelow(urng, num_clusters[t]));
        }
        for (size_t j = 0; j < num_labels; ++j) {
          of_label[j] = of_slot[slot_of_label[j]];
        }
        const double uw = uniform.Next(of_label, num_clusters[t], nullptr);
        if (report_index[t] >= 0) {
          sized_w[d * num_reported + report_index[t]] = sw;
          uniform_w[d * num_reported + report_index[t]] = uw;
        }
      }
    }
  };
  const int threads = std::min(options.threads, std::max(draws, 1));
  if (threads <= 1) {
    run_draws(0, draws);
  } else {
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back(run_draws, draws * t / threads,
                           draws * (t + 1) / threads);
    }
    for (std::thread& w : workers) w.join();
  }
  if (draws > 0) {
    for (size_t r = 0; r < num_reported; ++r) {
      ScoreAtK* level = score.mutable_levels(r);
      const auto [m, sd] = MeanSd(sized_w, num_reported, r, draws);
      level->set_control_w_mean(m);
      level->set_control_w_sd(sd);
      const auto [um, usd] = MeanSd(uniform_w, num_reported, r, draws);
      level->set_uniform_control_w_mean(um);
      level->set_uniform_control_w_sd(usd);
    }
  }
  return score;
}

std::string ScoreTsv(const Score& score) {
  // Columns only ever appended: workflow scripts read them by name.
  std::string out = absl::StrCat("k\tnum_clusters\tw_", score.label(),
                                 "\tlabelled_clusters\tcontrol_w_mean\t"
                                 "control_w_sd\tuniform_control_w_mean\t"
                                 "uniform_control_w_sd\n");
  for (const ScoreAtK& l : score.levels()) {
    absl::StrAppendFormat(&out, "%d\t%d\t%.12g\t%d\t%.12g\t%.12g\t%.12g\t%.12g\n",
                          l.k(), l.num_clusters(), l.w(), l.labelled_clusters(),
                          l.control_w_mean(), l.control_w_sd(),
                          l.uniform_control_w_mean(), l.uniform_control_w_sd());
  }
  return out;
}

absl::StatusOr<ScoreStageReport> RunScoreStage(
    const ScoreStageOptions& options, const stream::ProvenanceStep& step) {
  // Several label files in order; a structure labelled by an earlier file is
  // not relabelled by a later one.
  std::vector<std::string> labels_texts, labels_names;
  for (absl::string_view path :
       absl::StrSplit(options.labels_paths, ',', absl::SkipEmpty())) {
    ASSIGN_OR_RETURN(auto label_source,
                     stream::OpenFileSource(std::string(path)));
    ASSIGN_OR_RETURN(std::string text, stream::ReadAll(*label_source));
    labels_texts.push_back(std::move(text));
    labels_names.push_back(std::string(path.substr(path.rfind('/') + 1)));
  }
  ASSIGN_OR_RETURN(const LabelTable table,
                   labels::ParseLabelFiles(labels_texts, labels_names,
                                           options.score.labels));
  using Streams = stream::StageStreams<cluster::Clustering, Score>;
  ASSIGN_OR_RETURN(
      Streams io,
      (stream::OpenStageStreams<cluster::Clustering, Score>(options.io, step)));
  const bool want_labels_tsv = !options.labels_tsv_path.empty();
  ScoreStageReport report;
  std::string labels_tsv, tsv;
  stream::SkipCounter skips(options.io.skip);
  RETURN_IF_ERROR(stream::ForEachKeptRecord(
      *io.reader, skips,
      [&](const cluster::Clustering& clustering) {
        tsv.clear();
        return ScoreClustering(clustering, table, options.score,
                               want_labels_tsv ? &tsv : nullptr);
      },
      [&](const cluster::Clustering&, Score score) -> absl::Status {
        if (want_labels_tsv) {
          // One header for all records.
          if (!report.scores.empty()) tsv.erase(0, tsv.find('\n') + 1);
          labels_tsv += tsv;
        }
        RETURN_IF_ERROR(io.writer->Write(score));
        report.scores.push_back(std::move(score));
        ++report.records.records_written;
        return absl::OkStatus();
      },
      "clustering record"));
  report.records.records_read =
      static_cast<int64_t>(io.reader->records_read());
  report.records.records_skipped = skips.skipped();
  if (report.scores.empty()) {
    return absl::InvalidArgumentError(
        skips.skipped() > 0
            ? absl::StrCat("no usable Clustering records (", skips.skipped(),
                           " skipped)")
            : std::string("no Clustering records"));
  }
  RETURN_IF_ERROR(io.writer->Close());
  if (!options.tsv_path.empty()) {
    std::string text;
    for (const Score& s : report.scores) text += ScoreTsv(s);
    RETURN_IF_ERROR(stream::WriteTextFile(options.tsv_path, text));
  }
  if (want_labels_tsv) {
    RETURN_IF_ERROR(stream::WriteTextFile(options.labels_tsv_path, labels_tsv));
  }
  return report;
}

}  // namespace ionscreen::score
