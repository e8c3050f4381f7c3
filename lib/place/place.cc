#include "lib/place/place.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "lib/base/status_macros.h"
#include "lib/rank/rank_io.h"

namespace ionscreen::place {
namespace {

const cluster::Cut* FindCut(const cluster::Clustering& c, int k) {
  for (const cluster::Cut& cut : c.cuts()) {
    if (cut.k() == k) return &cut;
  }
  return nullptr;
}

std::string Representation(const std::string& r) {
  return r.empty() ? "none" : r;
}

// "/a/b/magpie" and "magpie" name the same data directory.
std::string BaseName(const std::string& v) {
  const size_t slash = v.find_last_of('/');
  return slash == std::string::npos ? v : v.substr(slash + 1);
}

bool SameValue(const std::string& a, const std::string& b) {
  if (a == b) return true;
  const bool pa = absl::StrContains(a, '/'), pb = absl::StrContains(b, '/');
  return (pa || pb) && BaseName(a) == BaseName(b) && !BaseName(a).empty();
}

// Flags of the last `simplify` step that change the structures.
bool SimplifyFlags(const stream::StreamHeader& h,
                   std::map<std::string, std::string>* flags) {
  const stream::ProvenanceStep* step = nullptr;
  for (const auto& s : h.provenance()) {
    if (s.tool() == "simplify") step = &s;
  }
  if (step == nullptr) return false;
  for (const std::string& f : step->flags()) {
    const size_t eq = f.find('=');
    const std::string name = f.substr(0, eq);
    if (name == "--input" || name == "--output" || name == "--keep_going" ||
        name == "--quiet" || name == "--threads") {
      continue;
    }
    (*flags)[name] = eq == std::string::npos ? "true" : f.substr(eq + 1);
  }
  return true;
}

std::string FormatSigma(double s) { return absl::StrFormat("%.3g", s); }

std::string FormatDouble(double v) {
  if (!std::isfinite(v)) return "NA";
  return absl::StrFormat("%.6g", v);
}

}  // namespace

absl::StatusOr<std::vector<double>> WardClusterSse(
    const cluster::Clustering& clustering, const cluster::Cut& cut) {
  if (clustering.linkage() != "ward" ||
      (!clustering.metric().empty() && clustering.metric() != "euclidean")) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the clustering is ", clustering.linkage(), "/", clustering.metric(),
        " linkage; place needs Ward (euclidean) to know each cluster's "
        "spread from its merge heights"));
  }
  const int n = clustering.ids_size();
  if (clustering.merges_size() != n - 1 || cut.assignment_size() != n) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the clustering has ", n, " items but ", clustering.merges_size(),
        " merges and ", cut.assignment_size(), " assignments"));
  }
  std::vector<double> sse(cut.num_clusters(), 0.0);
  // Cluster label of every node of the tree, 0 when its leaves span several
  // clusters of the cut.
  std::vector<int> node(2 * static_cast<size_t>(n) - 1, 0);
  for (int i = 0; i < n; ++i) node[i] = cut.assignment(i);
  for (int i = 0; i + 1 < n; ++i) {
    const cluster::Merge& m = clustering.merges(i);
    if (m.a() < 0 || m.b() < 0 || m.a() >= n + i || m.b() >= n + i) {
      return absl::InvalidArgumentError(
          absl::StrCat("merge ", i, " joins nodes not yet formed"));
    }
    const int la = node[m.a()], lb = node[m.b()];
    if (la != 0 && la == lb) {
      if (la < 1 || la > cut.num_clusters()) {
        return absl::InvalidArgumentError(
            absl::StrCat("cluster label ", la, " outside 1..",
                         cut.num_clusters()));
      }
      node[n + i] = la;
      sse[la - 1] += 0.5 * m.height() * m.height();
    }
  }
  return sse;
}

absl::StatusOr<std::vector<rank::Item>> ItemsAtK(
    const cluster::Clustering& clustering, int k) {
  std::vector<rank::Item> items;
  std::vector<double> centroids;
  int num_clusters = 0;
  RETURN_IF_ERROR(rank::ItemsFromClustering(clustering, k, &items, &centroids,
                                            &num_clusters));
  return items;
}

absl::StatusOr<Tree> BuildTree(const cluster::Clustering& clustering,
                               const std::vector<rank::Label>& labels,
                               const PlaceOptions& options) {
  Tree tree;
  tree.k = options.k;
  RETURN_IF_ERROR(rank::ItemsFromClustering(clustering, options.k, &tree.items,
                                            &tree.centroids,
                                            &tree.num_clusters));
  const cluster::Cut& cut = *FindCut(clustering, options.k);
  if (tree.num_clusters <= 0 || tree.centroids.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the clustering's cut at k=", options.k,
        " has no centroids (run cluster with --centroids=true)"));
  }
  if (tree.centroids.size() % tree.num_clusters != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("cut at k=", options.k, ": ", tree.centroids.size(),
                     " centroid values for ", tree.num_clusters, " clusters"));
  }
  tree.dimension = static_cast<int>(tree.centroids.size() / tree.num_clusters);
  if (clustering.dimension() != 0 && clustering.dimension() != tree.dimension) {
    return absl::InvalidArgumentError(absl::StrCat(
        "centroids have dimension ", tree.dimension, ", the clustering ",
        clustering.dimension()));
  }
  tree.representation = Representation(clustering.representation());
  tree.standardized = clustering.standardized();
  if (tree.standardized) {
    tree.feature_mean.assign(clustering.feature_mean().begin(),
                             clustering.feature_mean().end());
    tree.feature_scale.assign(clustering.feature_scale().begin(),
                              clustering.feature_scale().end());
    if (static_cast<int>(tree.feature_mean.size()) != tree.dimension ||
        static_cast<int>(tree.feature_scale.size()) != tree.dimension) {
      return absl::InvalidArgumentError(
          "standardised clustering without per-feature mean and scale");
    }
  }
  ASSIGN_OR_RETURN(std::vector<double> sse, WardClusterSse(clustering, cut));
  // rank's candidate-cluster rule on the same items and labels (only the
  // selected clusters are used here, not its property filters).
  rank::RankOptions rank_options;
  rank_options.sigma_high_s_per_cm = options.sigma_high_s_per_cm;
  ASSIGN_OR_RETURN(rank::RankReport report,
                   rank::RankCandidates(tree.items, labels, tree.centroids,
                                        tree.num_clusters, rank_options));
  tree.clusters.resize(tree.num_clusters);
  for (int c = 0; c < tree.num_clusters; ++c) {
    tree.clusters[c].label = c + 1;
    tree.clusters[c].sse = sse[c];
  }
  for (const rank::Item& it : tree.items) ++tree.clusters[it.cluster - 1].size;
  for (ClusterInfo& ci : tree.clusters) {
    ci.rms_radius = ci.size > 0 ? std::sqrt(ci.sse / ci.size) : 0.0;
  }
  for (int c : report.high_clusters) tree.clusters[c - 1].candidate = "label";
  for (int c : report.nearest_clusters) {
    tree.clusters[c - 1].candidate = "nearest";
  }
  for (const rank::Label& l : labels) {
    ClusterInfo& ci = tree.clusters[tree.items[l.item].cluster - 1];
    ci.labels.push_back(l);
    // As rank counts them: in log10 with a tolerance at the threshold.
    if (l.sigma_s_per_cm > 0 &&
        std::log10(l.sigma_s_per_cm) >
            std::log10(options.sigma_high_s_per_cm) + 1e-12) {
      ++ci.high_labels;
    }
  }
  for (ClusterInfo& ci : tree.clusters) {
    std::stable_sort(ci.labels.begin(), ci.labels.end(),
                     [&](const rank::Label& a, const rank::Label& b) {
                       if (a.sigma_s_per_cm != b.sigma_s_per_cm) {
                         return a.sigma_s_per_cm > b.sigma_s_per_cm;
                       }
                       return tree.items[a.item].id < tree.items[b.item].id;
                     });
  }
  return tree;
}

absl::Status CheckCompatible(const stream::StreamHeader& clustering_header,
                             const stream::StreamHeader& descriptor_header) {
  const auto& cp = clustering_header.parameters();
  const auto& dp = descriptor_header.parameters();
  std::set<std::string> keys;
  for (const auto& [k, v] : cp) keys.insert(k);
  for (const auto& [k, v] : dp) keys.insert(k);
  auto describe_of = [](const google::protobuf::Map<std::string, std::string>& m,
                        const std::string& k) {
    auto it = m.find(k);
    return it == m.end() ? std::string("(absent)")
                         : absl::StrCat("\"", it->second, "\"");
  };
  // The descriptor name first, the dimension last: a different descriptor or
  // parameter (which changes the dimension) is the clearer message.
  std::vector<std::string> order = {"descriptor"};
  for (const std::string& k : keys) {
    if (k != "descriptor" && k != "dimension") order.push_back(k);
  }
  order.push_back("dimension");
  for (const std::string& k : order) {
    auto a = cp.find(k), b = dp.find(k);
    if (a == cp.end() && b == dp.end()) continue;
    if (a != cp.end() && b != dp.end() && SameValue(a->second, b->second)) {
      continue;
    }
    return absl::FailedPreconditionError(absl::StrCat(
        "descriptor parameter \"", k, "\" differs: the clustering was built "
        "with ", describe_of(cp, k), ", the new structures were described "
        "with ", describe_of(dp, k),
        "; describe them with the clustering's parameters (its stream header: "
        "records --format=text --limit=0 on the clustering)"));
  }
  std::map<std::string, std::string> cf, df;
  if (SimplifyFlags(clustering_header, &cf) &&
      SimplifyFlags(descriptor_header, &df)) {
    std::set<std::string> names;
    for (const auto& [k, v] : cf) names.insert(k);
    for (const auto& [k, v] : df) names.insert(k);
    for (const std::string& k : names) {
      auto a = cf.find(k), b = df.find(k);
      const std::string va = a == cf.end() ? "(default)" : a->second;
      const std::string vb = b == df.end() ? "(default)" : b->second;
      if (va != vb) {
        return absl::FailedPreconditionError(absl::StrCat(
            "simplify flag ", k, " differs: the clustered structures were "
            "simplified with ", k, "=", va, ", the new ones with ", k, "=",
            vb));
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Placement> PlaceRecord(const Tree& tree,
                                      const describe::DescriptorRecord& r) {
  Placement p;
  p.id = r.id();
  p.mp_id = r.mp_id();
  p.representation = Representation(r.representation());
  if (p.representation != tree.representation) {
    return absl::FailedPreconditionError(absl::StrCat(
        r.id(), ": representation ", p.representation,
        " but the clustering is of ", tree.representation,
        " structures (simplify --scheme=", tree.representation, ")"));
  }
  const int dim = tree.dimension;
  if (r.values_size() != dim) {
    return absl::InvalidArgumentError(
        absl::StrCat(r.id(), ": ", r.values_size(),
                     " values, the clustering has dimension ", dim));
  }
  std::vector<double> x(r.values().begin(), r.values().end());
  for (int d = 0; d < dim; ++d) {
    if (!std::isfinite(x[d])) {
      return absl::InvalidArgumentError(
          absl::StrCat(r.id(), ": value ", d, " is not finite"));
    }
    if (tree.standardized) {
      x[d] = (x[d] - tree.feature_mean[d]) / tree.feature_scale[d];
    }
  }
  double best_d2 = std::numeric_limits<double>::infinity();
  double best_w = std::numeric_limits<double>::infinity();
  for (int c = 0; c < tree.num_clusters; ++c) {
    const double* cen = &tree.centroids[static_cast<size_t>(c) * dim];
    double d2 = 0;
    for (int d = 0; d < dim; ++d) {
      const double t = x[d] - cen[d];
      d2 += t * t;
    }
    const double n = static_cast<double>(tree.clusters[c].size);
    const double w = n / (n + 1.0) * d2;
    if (d2 < best_d2) {  // strict: ties keep the lowest label
      best_d2 = d2;
      p.nearest_cluster = c + 1;
      p.nearest_distance = std::sqrt(d2);
    }
    if (w < best_w) {
      best_w = w;
      p.ward_cluster = c + 1;
      p.ward_increase = w;
      p.ward_distance = std::sqrt(d2);
    }
  }
  return p;
}

std::string PlacementTsvHeader() {
  std::string cols;
  for (const char* prefix : {"nearest", "ward"}) {
    absl::StrAppend(&cols, "\t", prefix, "_cluster");
    if (std::string(prefix) == "ward") absl::StrAppend(&cols, "\tward_increase");
    absl::StrAppend(&cols, "\t", prefix, "_distance\t", prefix,
                    "_rms_radius\t", prefix, "_relative_distance\t", prefix,
                    "_size\t", prefix, "_labelled\t", prefix,
                    "_high_sigma_labelled\t", prefix, "_max_sigma_s_per_cm\t",
                    prefix, "_candidate\t", prefix, "_labels");
  }
  return absl::StrCat("id\tmp_id\trepresentation\tk", cols, "\n");
}

std::string PlacementTsvRow(const Tree& tree, const Placement& p) {
  std::string row = absl::StrCat(p.id, "\t", p.mp_id, "\t", p.representation,
                                 "\t", tree.k);
  auto cluster_cols = [&](int c, double distance) {
    const ClusterInfo& ci = tree.clusters[c - 1];
    std::vector<std::string> labels;
    for (const rank::Label& l : ci.labels) {
      labels.push_back(absl::StrCat(tree.items[l.item].id, ":",
                                    FormatSigma(l.sigma_s_per_cm)));
    }
    absl::StrAppend(
        &row, "\t", FormatDouble(distance), "\t", FormatDouble(ci.rms_radius),
        "\t",
        ci.rms_radius > 0 ? FormatDouble(distance / ci.rms_radius) : "NA",
        "\t", ci.size, "\t", ci.labels.size(), "\t", ci.high_labels, "\t",
        ci.labels.empty() ? "NA" : FormatSigma(ci.labels[0].sigma_s_per_cm),
        "\t", ci.candidate, "\t",
        labels.empty() ? "-" : absl::StrJoin(labels, ","));
  };
  absl::StrAppend(&row, "\t", p.nearest_cluster);
  cluster_cols(p.nearest_cluster, p.nearest_distance);
  absl::StrAppend(&row, "\t", p.ward_cluster, "\t",
                  FormatDouble(p.ward_increase));
  cluster_cols(p.ward_cluster, p.ward_distance);
  absl::StrAppend(&row, "\n");
  return row;
}

std::string ClustersTsv(const Tree& tree) {
  std::string out =
      "cluster\tsize\trms_radius\tlabelled\thigh_sigma_labelled\tcandidate\n";
  for (const ClusterInfo& ci : tree.clusters) {
    absl::StrAppend(&out, ci.label, "\t", ci.size, "\t",
                    FormatDouble(ci.rms_radius), "\t", ci.labels.size(), "\t",
                    ci.high_labels, "\t", ci.candidate, "\n");
  }
  return out;
}

}  // namespace ionscreen::place
