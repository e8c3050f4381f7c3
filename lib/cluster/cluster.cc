#include "lib/cluster/cluster.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "lib/base/status_macros.h"
#include "lib/cluster/cut.h"
#include "lib/stream/record_stream.h"

namespace ionscreen::cluster {
namespace {

absl::StatusOr<int> ParseK(absl::string_view s) {
  int k;
  if (!absl::SimpleAtoi(s, &k) || k < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad k '", s, "': expected an integer >= 1"));
  }
  return k;
}

// Why the record is unusable, or "" if it is fine.
std::string Problem(const describe::DescriptorRecord& r, size_t dimension,
                    const absl::flat_hash_set<std::string>& seen) {
  if (r.id().empty()) return "empty id";
  if (seen.contains(r.id())) return "duplicate id";
  if (static_cast<size_t>(r.values_size()) != dimension) {
    return absl::StrCat("dimension ", r.values_size(), " differs from ",
                        dimension, " (first record)");
  }
  for (int j = 0; j < r.values_size(); ++j) {
    if (!std::isfinite(r.values(j))) {
      return absl::StrCat("non-finite value ", r.values(j), " at feature ", j);
    }
  }
  return "";
}

}  // namespace

absl::StatusOr<std::vector<int>> ParseKList(absl::string_view spec) {
  std::vector<int> ks;
  for (absl::string_view part : absl::StrSplit(spec, ',')) {
    std::vector<absl::string_view> ends = absl::StrSplit(part, ':');
    if (ends.size() == 1) {
      ASSIGN_OR_RETURN(int k, ParseK(ends[0]));
      ks.push_back(k);
    } else if (ends.size() == 2) {
      ASSIGN_OR_RETURN(int lo, ParseK(ends[0]));
      ASSIGN_OR_RETURN(int hi, ParseK(ends[1]));
      if (hi < lo) {
        return absl::InvalidArgumentError(
            absl::StrCat("empty k range '", part, "'"));
      }
      for (int k = lo; k <= hi; ++k) ks.push_back(k);
    } else {
      return absl::InvalidArgumentError(absl::StrCat("bad k range '", part,
                                                     "' (use e.g. 2:300)"));
    }
  }
  std::sort(ks.begin(), ks.end());
  ks.erase(std::unique(ks.begin(), ks.end()), ks.end());
  if (ks.empty()) return absl::InvalidArgumentError("no k given");
  return ks;
}

absl::StatusOr<ClusterResult> ClusterRecords(
    const std::vector<describe::DescriptorRecord>& records,
    const ClusterOptions& options, const stream::SkipPolicy& skip) {
  if (options.ks.empty()) return absl::InvalidArgumentError("no k given");
  ClusterResult result;
  Clustering& c = result.clustering;
  std::vector<const describe::DescriptorRecord*> kept;
  absl::flat_hash_set<std::string> seen;
  size_t dimension = records.empty() ? 0 : records[0].values_size();
  stream::SkipCounter skips(skip);
  for (size_t i = 0; i < records.size(); ++i) {
    const describe::DescriptorRecord& r = records[i];
    const std::string problem = Problem(r, dimension, seen);
    ASSIGN_OR_RETURN(
        bool use,
        skips.Keep(stream::RecordName(static_cast<int64_t>(i), r.id(),
                                      "descriptor record"),
                   problem.empty() ? absl::OkStatus()
                                   : absl::InvalidArgumentError(problem)));
    result.records_skipped = skips.skipped();
    if (!use) continue;
    seen.insert(r.id());
    kept.push_back(&r);
  }
  const size_t n = kept.size();
  const int max_k = options.ks.back();
  if (n < 2 || n < static_cast<size_t>(max_k)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "need at least max(k) = ", max_k, " usable records (and 2), got ", n));
  }
  if (dimension == 0) {
    return absl::InvalidArgumentError("descriptor records hold no values");
  }

  std::vector<double> x(n * dimension);
  for (size_t i = 0; i < n; ++i) {
    const describe::DescriptorRecord& r = *kept[i];
    for (size_t j = 0; j < dimension; ++j) x[i * dimension + j] = r.values(j);
    c.add_ids(r.id());
    c.add_mp_ids(r.mp_id());
    *c.add_icsd_ids()->mutable_icsd_ids() = r.icsd_ids();
  }
  c.set_representation(kept[0]->representation());
  c.set_dimension(static_cast<int32_t>(dimension));
  c.set_standardized(options.standardize);
  if (options.standardize) {
    for (size_t j = 0; j < dimension; ++j) {
      double mean = 0;
      for (size_t i = 0; i < n; ++i) mean += x[i * dimension + j];
      mean /= static_cast<double>(n);
      double var = 0;
      for (size_t i = 0; i < n; ++i) {
        const double t = x[i * dimension + j] - mean;
        var += t * t;
      }
      double scale = std::sqrt(var / static_cast<double>(n));
      if (scale == 0) scale = 1;  // constant feature: centre only
      for (size_t i = 0; i < n; ++i) {
        x[i * dimension + j] = (x[i * dimension + j] - mean) / scale;
      }
      c.add_feature_mean(mean);
      c.add_feature_scale(scale);
    }
  }

  ASSIGN_OR_RETURN(LinkageResult linkage,
                   ComputeLinkage(x, n, dimension, options.linkage));
  c.set_linkage(LinkageMethodName(options.linkage.method));
  c.set_metric(MetricName(options.linkage.metric));
  c.set_algorithm(linkage.algorithm);
  for (const MergeRow& row : linkage.merges) {
    Merge* m = c.add_merges();
    m->set_a(row.a);
    m->set_b(row.b);
    m->set_height(row.height);
    m->set_size(row.size);
  }

  ASSIGN_OR_RETURN(TreeCutter cutter, TreeCutter::Create(linkage.merges, n));
  for (int k : options.ks) {
    ASSIGN_OR_RETURN(FlatCut cut, cutter.CutMaxclust(k));
    Cut* out = c.add_cuts();
    out->set_k(k);
    out->set_num_clusters(cut.num_clusters);
    std::vector<int64_t> sizes(cut.num_clusters, 0);
    for (int32_t label : cut.assignment) {
      out->add_assignment(label);
      ++sizes[label - 1];
    }
    for (int64_t s : sizes) out->add_cluster_sizes(s);
    if (options.centroids) {
      std::vector<double> sum(static_cast<size_t>(cut.num_clusters) *
                              dimension, 0.0);
      for (size_t i = 0; i < n; ++i) {
        double* row = &sum[(cut.assignment[i] - 1) * dimension];
        for (size_t j = 0; j < dimension; ++j) row[j] += x[i * dimension + j];
      }
      for (int32_t cl = 0; cl < cut.num_clusters; ++cl) {
        for (size_t j = 0; j < dimension; ++j) {
          out->add_centroids(sum[cl * dimension + j] /
                             static_cast<double>(sizes[cl]));
        }
      }
    }
  }
  return result;
}

std::string LinkageTsv(const Clustering& c) {
  std::string out = "a\tb\theight\tsize\n";
  for (const Merge& m : c.merges()) {
    absl::StrAppendFormat(&out, "%d\t%d\t%.17g\t%d\n", m.a(), m.b(),
                          m.height(), m.size());
  }
  return out;
}

std::string AssignmentsTsv(const Clustering& c) {
  std::string out = "id";
  for (const Cut& cut : c.cuts()) absl::StrAppend(&out, "\tk", cut.k());
  out += "\n";
  for (int i = 0; i < c.ids_size(); ++i) {
    out += c.ids(i);
    for (const Cut& cut : c.cuts()) {
      absl::StrAppend(&out, "\t", cut.assignment(i));
    }
    out += "\n";
  }
  return out;
}

absl::StatusOr<ClusterResult> RunClusterStage(
    const ClusterStageOptions& options, const stream::ProvenanceStep& step) {
  ASSIGN_OR_RETURN(auto in, stream::OpenFileSource(options.io.input_path));
  // Opened first, so a bad output path fails before the clustering runs.
  ASSIGN_OR_RETURN(auto out, stream::OpenFileSink(options.io.output_path));
  ASSIGN_OR_RETURN(
      auto reader,
      stream::RecordReader<describe::DescriptorRecord>::Open(std::move(in)));
  ASSIGN_OR_RETURN(std::vector<describe::DescriptorRecord> records,
                   stream::ReadAllRecords(*reader));
  ASSIGN_OR_RETURN(ClusterResult result,
                   ClusterRecords(records, options.cluster, options.io.skip));
  records.clear();

  stream::StreamHeader header = stream::DerivedHeader(&reader->header(), step);
  // The descriptor's parameters say what was clustered; keep them.
  *header.mutable_parameters() = reader->header().parameters();
  *header.mutable_feature_labels() = reader->header().feature_labels();
  ASSIGN_OR_RETURN(auto writer, stream::RecordWriter<Clustering>::Open(
                                    std::move(out), std::move(header)));
  RETURN_IF_ERROR(writer->Write(result.clustering));
  RETURN_IF_ERROR(writer->Close());
  if (!options.linkage_tsv_path.empty()) {
    RETURN_IF_ERROR(stream::WriteTextFile(options.linkage_tsv_path,
                                          LinkageTsv(result.clustering)));
  }
  if (!options.assignments_tsv_path.empty()) {
    RETURN_IF_ERROR(stream::WriteTextFile(options.assignments_tsv_path,
                                          AssignmentsTsv(result.clustering)));
  }
  return result;
}

}  // namespace ionscreen::cluster
