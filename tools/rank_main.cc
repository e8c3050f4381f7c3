// rank: Clustering + Crystal + BvseResult streams + labels -> Table-2-like
// TSV of candidate conductors (paper section 6).
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "lib/labels/labels.h"
#include "lib/bvse/bvse.pb.h"
#include "lib/cluster/clustering.pb.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/crystal/crystal_util.h"
#include "lib/rank/rank.h"
#include "lib/rank/rank_io.h"
#include "lib/stream/record_stage.h"
#include "lib/stream/record_stream.h"
#include "tools/common/crystal_limits.h"
#include "tools/common/tool_common.h"

ABSL_FLAG(std::string, clustering, "", "Clustering stream (from cluster).");
ABSL_FLAG(std::string, crystals, "",
          "Crystal stream with E_hull and band gap (from cif2proto "
          "--properties).");
ABSL_FLAG(std::string, bvse, "", "BvseResult stream (from bvse).");
ABSL_FLAG(std::string, labels, "",
          "Conductivity labels, CSV/TSV with sigma and id/mp_id/icsd columns "
          "(e.g. ../shared/data/labels/laskowski2023_labels_mapped.csv); "
          "A,B: several files, the first labelling a structure wins. '<x' "
          "is taken as x.");
ABSL_FLAG(std::string, label_duplicates, "average",
          "Label rows resolving to one structure: average (one label per "
          "structure, mean of log10 sigma; the paper) | rows");
ABSL_FLAG(std::string, labels_tsv, "",
          "Also write the resolved per-structure labels here (id, mp_id, "
          "log10_sigma, n_rows, source, matched_by)");
ABSL_FLAG(std::string, null_tsv, "",
          "Also write the null model of the Table 2 top-ten recall here "
          "(quantity, value): filters alone, and random cluster sets of the "
          "selected clusters' total size");
ABSL_FLAG(int32_t, null_draws, 1000, "Random cluster sets for --null_tsv");
ABSL_FLAG(uint64_t, seed, 1, "Seed of the null model's draws");
ABSL_FLAG(std::string, top_ids, "",
          "Comma-separated MP ids (or structure ids) whose recall the null "
          "model counts (default: the paper's Table 2 top ten)");
ABSL_FLAG(std::string, output, "-", "Output TSV (- = stdout).");
ABSL_FLAG(int32_t, k, 241, "Clustering depth (number of clusters).");
ABSL_FLAG(double, sigma_high, 1e-5, "High-conductivity label (S/cm), >.");
ABSL_FLAG(double, ehull_max, 0.070, "Keep E_hull <= this (eV/atom).");
ABSL_FLAG(double, gap_min, 1.0, "Keep band gap >= this (eV).");
ABSL_FLAG(double, ea_max, 0.6, "Keep BVSE Ea (3D) < this (eV).");
ABSL_FLAG(double, symprec, 0.1,
          "spglib tolerance (Å) for the candidates' space groups (0: keep "
          "the space group the CIF declares; MP CIFs declare P 1).");
ABSL_FLAG(bool, keep_going, false,
          "Skip --crystals records that fail validation (one stderr line "
          "each, a count at the end; their structures then lack E_hull and "
          "band gap) instead of failing.");
ABSL_FLAG(bool, keep_missing, false,
          "Keep candidates lacking E_hull, band gap or Ea (flagged in the "
          "'missing' column) instead of dropping them.");

namespace {

constexpr char kUsage[] =
    "rank --clustering=C --crystals=X --bvse=B --labels=L [flags] > table.tsv\n"
    "At depth --k takes every cluster holding a label with sigma > "
    "--sigma_high or nearest (centroid) to one, filters by E_hull, band gap "
    "and BVSE Ea, and ranks by Ea. A summary goes to stderr. --null_tsv adds\n"
    "a null model of the Table 2 top-ten recall (filters alone; random\n"
    "cluster sets of the same total size).";

template <typename T, typename Fn>
absl::Status ForEachRecord(const std::string& path, Fn fn) {
  auto source = ionscreen::stream::OpenFileSource(path);
  if (!source.ok()) return source.status();
  auto reader =
      ionscreen::stream::RecordReader<T>::Open(std::move(source).value());
  if (!reader.ok()) return reader.status();
  T record;
  while (true) {
    auto more = (*reader)->Next(&record);
    if (!more.ok()) return more.status();
    if (!*more) return absl::OkStatus();
    fn(record);
  }
}

absl::Status Run() {
  using namespace ionscreen;
  if (absl::Status limits = ionscreen::tools::ApplyCrystalLimitFlags(); !limits.ok()) {
    return limits;
  }
  for (const auto* f : {&FLAGS_clustering, &FLAGS_crystals, &FLAGS_bvse,
                        &FLAGS_labels}) {
    if (absl::GetFlag(*f).empty()) {
      return absl::InvalidArgumentError(
          "usage: --clustering, --crystals, --bvse and --labels are required");
    }
  }
  cluster::Clustering cl;
  bool have = false;
  absl::Status s = ForEachRecord<cluster::Clustering>(
      absl::GetFlag(FLAGS_clustering), [&](const cluster::Clustering& c) {
        if (!have) cl = c;
        have = true;
      });
  if (!s.ok()) return s;
  if (!have) return absl::InvalidArgumentError("the clustering stream is empty");
  std::vector<rank::Item> items;
  std::vector<double> centroids;
  int num_clusters = 0;
  s = rank::ItemsFromClustering(cl, absl::GetFlag(FLAGS_k), &items,
                                &centroids, &num_clusters);
  if (!s.ok()) return s;
  absl::flat_hash_map<std::string, int> by_id, by_mp;
  for (size_t i = 0; i < items.size(); ++i) {
    by_id.emplace(items[i].id, i);
    if (!items[i].mp_id.empty()) by_mp.emplace(items[i].mp_id, i);
  }
  auto find = [&](const std::string& id, const std::string& mp) {
    auto it = by_id.find(id);
    if (it != by_id.end()) return it->second;
    it = mp.empty() ? by_mp.end() : by_mp.find(mp);
    return it == by_mp.end() ? -1 : it->second;
  };
  int crystals_joined = 0, bvse_joined = 0;
  // Every Crystal record holding a structure is validated before use (issue
  // 16): a bad one is an error naming it, or with --keep_going skipped (its
  // item then lacks E_hull and band gap). rank needs only the properties
  // (E_hull, gap), so a record with neither lattice nor sites is accepted.
  auto check_crystal = [](const crystal::Crystal& c) {
    const bool structure = c.sites_size() > 0 ||
                           c.lattice().a_angstrom_size() > 0 ||
                           c.lattice().b_angstrom_size() > 0 ||
                           c.lattice().c_angstrom_size() > 0;
    absl::Status v = structure ? crystal::Validate(c) : absl::OkStatus();
    if (v.ok()) return v;
    return absl::InvalidArgumentError(
        absl::StrCat("invalid crystal: ", v.message()));
  };
  stream::SkipPolicy skip_policy;
  skip_policy.keep_going = absl::GetFlag(FLAGS_keep_going);
  skip_policy.on_skip = [](const std::string& line) {
    std::fprintf(stderr, "rank: skipped %s\n", line.c_str());
  };
  stream::SkipCounter skips(skip_policy);
  absl::Status invalid_crystal;
  int64_t crystal_index = -1;
  s = ForEachRecord<crystal::Crystal>(
      absl::GetFlag(FLAGS_crystals), [&](const crystal::Crystal& c) {
        ++crystal_index;
        if (!invalid_crystal.ok()) return;
        absl::StatusOr<bool> use = skips.Keep(
            stream::RecordName(crystal_index, c.id(), "--crystals record"),
            check_crystal(c));
        if (!use.ok()) {
          invalid_crystal = use.status();
          return;
        }
        if (!*use) return;
        const int i = find(c.id(), c.mp_id());
        if (i >= 0) {
          rank::JoinCrystal(c, &items[i]);
          ++crystals_joined;
        }
      });
  if (!s.ok()) return s;
  if (!invalid_crystal.ok()) return invalid_crystal;
  if (skips.keep_going()) {
    std::fprintf(stderr, "rank: --crystals: %lld records read, %lld skipped\n",
                 static_cast<long long>(crystal_index + 1),
                 static_cast<long long>(skips.skipped()));
  }
  s = ForEachRecord<bvse::BvseResult>(
      absl::GetFlag(FLAGS_bvse), [&](const bvse::BvseResult& r) {
        const int i = find(r.id(), r.mp_id());
        if (i >= 0) {
          rank::JoinBvse(r, &items[i]);
          ++bvse_joined;
        }
      });
  if (!s.ok()) return s;
  std::vector<std::string> texts, names;
  if (absl::Status r = labels::ReadLabelTexts(absl::GetFlag(FLAGS_labels),
                                              &texts, &names);
      !r.ok()) {
    return r;
  }
  auto duplicates =
      labels::ParseDuplicates(absl::GetFlag(FLAGS_label_duplicates));
  if (!duplicates.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "usage: --label_duplicates: ", duplicates.status().message()));
  }
  labels::LabelOptions lo;  // sigma, scored in log10
  lo.below_bound = labels::BelowBoundPolicy::kBound;
  auto table = labels::ParseLabelFiles(texts, names, lo);
  if (!table.ok()) return table.status();
  const labels::ItemKeys keys = rank::KeysOfItems(items);
  const labels::LabelJoin join = labels::JoinLabels(*table, keys, *duplicates);
  const int unmatched = static_cast<int>(join.unmatched.size());
  std::vector<rank::Label> labels = rank::LabelsForItems(join);
  if (!absl::GetFlag(FLAGS_labels_tsv).empty()) {
    auto sink = stream::OpenFileSink(absl::GetFlag(FLAGS_labels_tsv));
    if (!sink.ok()) return sink.status();
    const std::string text =
        labels::ResolvedLabelsTsv(*table, join, keys, "sigma");
    if (absl::Status w = (*sink)->Write(text); !w.ok()) return w;
    if (absl::Status w = (*sink)->Flush(); !w.ok()) return w;
  }
  rank::RankOptions o;
  o.sigma_high_s_per_cm = absl::GetFlag(FLAGS_sigma_high);
  o.ehull_max_ev = absl::GetFlag(FLAGS_ehull_max);
  o.gap_min_ev = absl::GetFlag(FLAGS_gap_min);
  o.ea_max_ev = absl::GetFlag(FLAGS_ea_max);
  o.keep_missing = absl::GetFlag(FLAGS_keep_missing);
  auto rep = rank::RankCandidates(items, labels, centroids, num_clusters, o);
  if (!rep.ok()) return rep.status();
  if (absl::GetFlag(FLAGS_symprec) > 0) {
    // Only the candidates: spglib on every structure would cost more than
    // the ranking itself.
    absl::flat_hash_set<int> wanted;
    for (const rank::Candidate& cand : rep->candidates) wanted.insert(cand.item);
    s = ForEachRecord<crystal::Crystal>(
        absl::GetFlag(FLAGS_crystals), [&](const crystal::Crystal& c) {
          const int i = find(c.id(), c.mp_id());
          if (i >= 0 && wanted.contains(i) && check_crystal(c).ok()) {
            rank::DetectSpaceGroup(c, absl::GetFlag(FLAGS_symprec), &items[i]);
          }
        });
    if (!s.ok()) return s;
  }
  if (!absl::GetFlag(FLAGS_null_tsv).empty()) {
    rank::NullOptions no;
    no.draws = absl::GetFlag(FLAGS_null_draws);
    no.seed = absl::GetFlag(FLAGS_seed);
    if (absl::GetFlag(FLAGS_top_ids).empty()) {
      no.top_ids = rank::PaperTopTenMpIds();
    } else {
      no.top_ids = absl::StrSplit(absl::GetFlag(FLAGS_top_ids), ',',
                                  absl::SkipEmpty());
    }
    auto null = rank::NullRecall(items, *rep, num_clusters, o, no);
    if (!null.ok()) return null.status();
    auto sink = stream::OpenFileSink(absl::GetFlag(FLAGS_null_tsv));
    if (!sink.ok()) return sink.status();
    if (absl::Status w = (*sink)->Write(rank::NullTsv(*null)); !w.ok()) {
      return w;
    }
    if (absl::Status w = (*sink)->Flush(); !w.ok()) return w;
    std::fprintf(stderr,
                 "rank: null model: filters alone keep %d structures (%d of "
                 "%d top ids); selection %d structures, recall %d; %d random "
                 "cluster sets of ~%.1f structures: mean recall %.3g, %.3g "
                 "with recall >= %d\n",
                 null->filters_alone_structures, null->filters_alone_recall,
                 null->top_ids, null->selected_structures, null->real_recall,
                 null->draws, null->mean_draw_structures, null->mean_recall,
                 null->fraction_recall_ge_real, null->real_recall);
  }
  const std::string tsv = rank::CandidatesTsv(items, *rep);
  auto sink = stream::OpenFileSink(absl::GetFlag(FLAGS_output));
  if (!sink.ok()) return sink.status();
  if (absl::Status w = (*sink)->Write(tsv); !w.ok()) return w;
  if (absl::Status w = (*sink)->Flush(); !w.ok()) return w;
  const std::string dropped =
      o.keep_missing ? "kept"
                     : absl::StrCat(rep->dropped_missing, " dropped");
  std::fprintf(
      stderr,
      "rank: k=%d: %zu items (%d with crystal, %d with BVSE), %zu labels "
      "matched (%d unmatched); %zu high-sigma clusters + %zu nearest -> %d "
      "structures; %d failed filters; missing E_hull %d, gap %d, Ea %d "
      "(%s); %zu candidates\n",
      num_clusters, items.size(), crystals_joined, bvse_joined, labels.size(),
      unmatched, rep->high_clusters.size(), rep->nearest_clusters.size(),
      rep->items_in_selected_clusters, rep->failed_filters,
      rep->missing_e_above_hull, rep->missing_band_gap, rep->missing_ea,
      dropped.c_str(),
      rep->candidates.size());
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  ionscreen::tools::InitTool(argc, argv, kUsage);
  return ionscreen::tools::ReportAndExit("rank", Run());
}
