// bvse: Crystal stream -> BvseResult stream (+ TSV): bond valence site
// energy of a mobile test ion and its 1D/2D/3D percolation barriers.
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/bvse/bvse.h"
#include "lib/bvse/bvse_stream.h"
#include "tools/common/crystal_limits.h"
#include "tools/common/mobile_flags.h"
#include "tools/common/stage_flags.h"
#include "tools/common/threads_flag.h"
#include "tools/common/tool_common.h"

ABSL_FLAG(std::string, output, "-", "Output BvseResult stream (- = stdout).");
ABSL_FLAG(std::string, tsv, "", "Also write a TSV summary here.");
ABSL_FLAG(std::string, params_dir, "../shared/data/bvse",
          "Folder with softbv_params.tsv and principal_quantum_number.tsv.");
ABSL_FLAG(std::string, model, "bvlain",
          "bvlain: BVlain/softBV formulas, periodic grid, exact percolation "
          "rank. paper: the authors' BVAnalysis.py (qsum, hard core, "
          "128 nearest sites, linspace grid, 2x2x2 bounding-box test, "
          "[0, 20] eV bisection); needs <params_dir>/paper_radii.tsv.");
ABSL_FLAG(std::string, paper_radii, "",
          "paper_radii.tsv for --model=paper (default: in --params_dir).");
ABSL_FLAG(double, resolution, 0.1, "Grid spacing (angstrom).");
ABSL_FLAG(double, rcut, 10.0, "Interaction cutoff (angstrom).");
ABSL_FLAG(int64_t, max_grid_points, 20000000,
          "Records whose grid would exceed this many points are errors.");
ABSL_FLAG(bool, keep_grid, false, "Store the energy grid in each result.");
ABSL_FLAG(bool, hop_path, false,
          "Store the minimum-energy path of the shortest mobile-ion hop.");
ABSL_FLAG(bool, assign_oxidation, false,
          "Assign oxidation states (lib/oxidation) to records lacking them "
          "instead of failing.");

namespace {

constexpr char kUsage[] =
    "bvse [flags] [CRYSTALS|-] > bvse_results\n"
    "Bond valence site energy of a mobile test ion (softBV parameters) on a "
    "periodic grid; writes the grid minimum and the percolation barriers "
    "Ea_1D <= Ea_2D <= Ea_3D per structure.\n"
    "Example: cif2proto mp/cif/mp-2530.cif | bvse --tsv=ea.tsv > ea.bvse";

absl::Status Run(const std::string& input) {
  using namespace ionscreen;
  RETURN_IF_ERROR(tools::ApplyCrystalLimitFlags());
  bvse::BvseStageOptions so;
  so.io = tools::StageIoFromFlags("bvse", input, absl::GetFlag(FLAGS_output));
  so.tsv_path = absl::GetFlag(FLAGS_tsv);
  so.params_dir = absl::GetFlag(FLAGS_params_dir);
  so.paper_radii_path = absl::GetFlag(FLAGS_paper_radii);
  bvse::BvseOptions& o = so.bvse;
  ASSIGN_OR_RETURN(const tools::MobileIon ion, tools::MobileIonFromFlags());
  o.mobile_atomic_number = ion.atomic_number;
  o.mobile_valence = ion.valence;
  o.resolution_angstrom = absl::GetFlag(FLAGS_resolution);
  o.rcut_angstrom = absl::GetFlag(FLAGS_rcut);
  o.max_grid_points = absl::GetFlag(FLAGS_max_grid_points);
  o.keep_grid = absl::GetFlag(FLAGS_keep_grid);
  ASSIGN_OR_RETURN(o.threads, tools::ThreadsFromFlag());
  o.hop_path = absl::GetFlag(FLAGS_hop_path);
  const std::string model = absl::GetFlag(FLAGS_model);
  if (model == "paper") {
    o.model = bvse::BvseModel::kPaper;
  } else if (model != "bvlain") {
    return tools::UsageError(
        absl::StrCat("--model must be bvlain or paper, got '", model, "'"));
  }
  if (o.model == bvse::BvseModel::kPaper && o.hop_path) {
    return tools::UsageError("--hop_path needs --model=bvlain");
  }
  if (!(o.resolution_angstrom > 0) || !(o.rcut_angstrom > 0) ||
      o.max_grid_points <= 0) {
    return tools::UsageError(
        "--resolution, --rcut and --max_grid_points must be positive");
  }
  so.assign_oxidation = absl::GetFlag(FLAGS_assign_oxidation);
  tools::Progress progress("bvse records", -1, absl::GetFlag(FLAGS_quiet));
  so.on_record = [&progress] { progress.Add(); };

  ASSIGN_OR_RETURN(const stream::StageCounts counts,
                   bvse::RunBvseStage(so, tools::MakeProvenanceStep("bvse")));
  progress.Finish();
  tools::SkipSummary("bvse", counts);
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  return ionscreen::tools::Main(argc, argv, "bvse", kUsage, Run);
}
