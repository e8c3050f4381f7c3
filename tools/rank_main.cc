// rank: Clustering + Crystal + BvseResult streams + labels -> Table-2-like
// TSV of candidate conductors (paper section 6).
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "lib/base/status_macros.h"
#include "lib/labels/labels.h"
#include "lib/rank/rank.h"
#include "lib/rank/rank_stage.h"
#include "tools/common/crystal_limits.h"
#include "tools/common/label_flags.h"
#include "tools/common/stage_flags.h"
#include "tools/common/tool_common.h"

ABSL_FLAG(std::string, clustering, "", "Clustering stream (from cluster).");
ABSL_FLAG(std::string, crystals, "",
          "Crystal stream with E_hull and band gap (from cif2proto "
          "--properties).");
ABSL_FLAG(std::string, bvse, "", "BvseResult stream (from bvse).");
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
    "cluster sets of the same total size).\n"
    "Labels like '<x' are taken as x.\n"
    "--keep_going skips --crystals records that fail validation; their "
    "structures then lack E_hull and band gap.";

absl::Status Run(const std::vector<std::string>& args) {
  using namespace ionscreen;
  if (!args.empty()) {
    return tools::UsageError(absl::StrCat(
        "unexpected argument '", args[0],
        "': the inputs are --clustering, --crystals, --bvse and --labels"));
  }
  RETURN_IF_ERROR(tools::ApplyCrystalLimitFlags());
  rank::RankStageOptions o;
  o.clustering_path = absl::GetFlag(FLAGS_clustering);
  o.crystals_path = absl::GetFlag(FLAGS_crystals);
  o.bvse_path = absl::GetFlag(FLAGS_bvse);
  o.labels_paths = absl::GetFlag(FLAGS_labels);
  if (o.clustering_path.empty() || o.crystals_path.empty() ||
      o.bvse_path.empty() || o.labels_paths.empty()) {
    return tools::UsageError(
        "--clustering, --crystals, --bvse and --labels are required");
  }
  o.output_path = absl::GetFlag(FLAGS_output);
  o.labels_tsv_path = absl::GetFlag(FLAGS_labels_tsv);
  o.null_tsv_path = absl::GetFlag(FLAGS_null_tsv);
  o.k = absl::GetFlag(FLAGS_k);
  ASSIGN_OR_RETURN(o.label_duplicates,
                   tools::LabelDuplicatesFlag());
  o.rank.sigma_high_s_per_cm = absl::GetFlag(FLAGS_sigma_high);
  o.rank.ehull_max_ev = absl::GetFlag(FLAGS_ehull_max);
  o.rank.gap_min_ev = absl::GetFlag(FLAGS_gap_min);
  o.rank.ea_max_ev = absl::GetFlag(FLAGS_ea_max);
  o.rank.keep_missing = absl::GetFlag(FLAGS_keep_missing);
  o.symprec_angstrom = absl::GetFlag(FLAGS_symprec);
  o.null.draws = absl::GetFlag(FLAGS_null_draws);
  o.null.seed = absl::GetFlag(FLAGS_seed);
  o.null.top_ids =
      absl::GetFlag(FLAGS_top_ids).empty()
          ? rank::PaperTopTenMpIds()
          : std::vector<std::string>(absl::StrSplit(
                absl::GetFlag(FLAGS_top_ids), ',', absl::SkipEmpty()));
  o.skip = tools::SkipPolicyFromFlags("rank");

  ASSIGN_OR_RETURN(const rank::RankStageReport r, rank::RunRank(o));

  tools::SkipSummary("rank", absl::StrCat("--crystals: ", r.crystals_read,
                                          " records read, ", r.crystals_skipped,
                                          " skipped"));
  if (r.null) {
    const rank::NullReport& n = *r.null;
    std::fprintf(stderr,
                 "rank: null model: filters alone keep %d structures (%d of "
                 "%d top ids); selection %d structures, recall %d; %d random "
                 "cluster sets of ~%.1f structures: mean recall %.3g, %.3g "
                 "with recall >= %d\n",
                 n.filters_alone_structures, n.filters_alone_recall,
                 n.top_ids, n.selected_structures, n.real_recall, n.draws,
                 n.mean_draw_structures, n.mean_recall,
                 n.fraction_recall_ge_real, n.real_recall);
  }
  const std::string dropped =
      o.rank.keep_missing ? "kept"
                          : absl::StrCat(r.rank.dropped_missing, " dropped");
  std::fprintf(
      stderr,
      "rank: k=%d: %lld items (%d with crystal, %d with BVSE), %lld labels "
      "matched (%d unmatched); %zu high-sigma clusters + %zu nearest -> %d "
      "structures; %d failed filters; missing E_hull %d, gap %d, Ea %d "
      "(%s); %zu candidates\n",
      r.num_clusters, static_cast<long long>(r.items), r.crystals_joined,
      r.bvse_joined, static_cast<long long>(r.labels_matched),
      r.labels_unmatched, r.rank.high_clusters.size(),
      r.rank.nearest_clusters.size(), r.rank.items_in_selected_clusters,
      r.rank.failed_filters, r.rank.missing_e_above_hull,
      r.rank.missing_band_gap, r.rank.missing_ea, dropped.c_str(),
      r.rank.candidates.size());
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  return ionscreen::tools::Main(argc, argv, "rank", kUsage, Run);
}
