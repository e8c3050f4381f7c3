// neb-prep: one Crystal (+ optional BVSE hop path) -> Quantum ESPRESSO
// neb.x inputs (plain NEB, then climbing image) and pw.x relaxation inputs of the two end points.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/base/status_macros.h"
#include "lib/neb/neb_prep.h"
#include "lib/neb/neb_stage.h"
#include "tools/common/crystal_limits.h"
#include "tools/common/mobile_flags.h"
#include "tools/common/stage_flags.h"
#include "tools/common/tool_common.h"

ABSL_FLAG(std::string, id, "",
          "Record id to prepare (default: the first record).");
ABSL_FLAG(std::string, bvse, "",
          "BvseResult stream from `bvse --hop_path`: use its hop and path "
          "for the record (default: straight shortest hop).");
ABSL_FLAG(std::string, output, ".",
          "Output folder (it must exist) for neb_plain.in, neb_climb.in, "
          "relax_initial.in, relax_final.in, path.xyz.");
ABSL_FLAG(double, min_length, 10.0,
          "Supercell length along each lattice vector at least this (A).");
ABSL_FLAG(int32_t, images, 5, "Intermediate images.");
ABSL_FLAG(std::string, pseudo, "",
          "Pseudopotential per element, e.g. "
          "'Li=Li.pbe-s-kjpaw_psl.1.0.0.UPF,S=S.pbe-n-kjpaw_psl.1.0.0.UPF'.");
ABSL_FLAG(std::string, pseudo_pattern, "{El}.pbe-kjpaw_psl.1.0.0.UPF",
          "File name for elements not in --pseudo ({El} = symbol).");
ABSL_FLAG(std::string, pseudo_dir, "./pseudo", "QE pseudo_dir.");
ABSL_FLAG(std::string, outdir, "./tmp",
          "Quantum ESPRESSO's outdir written into the inputs (where pw.x and "
          "neb.x keep their scratch files at run time); not where neb-prep "
          "writes, which is --output.");
ABSL_FLAG(double, ecutwfc, 50, "Wavefunction cutoff (Ry).");
ABSL_FLAG(double, ecutrho, 400, "Charge-density cutoff (Ry).");
ABSL_FLAG(int32_t, nstep_path, 200, "neb.x nstep_path.");
ABSL_FLAG(double, path_thr, 0.05, "neb.x path_thr (eV/A).");
ABSL_FLAG(double, kpoint_length, 10.0,
          "k grid n_i = ceil(kpoint_length / |A_i|) (A).");
ABSL_FLAG(bool, charged_vacancy, true,
          "tot_charge = -valence (remove the ion, keep its electrons).");

namespace {

constexpr char kUsage[] =
    "neb-prep [--id=mp-5614] [--bvse=results] --output=DIR [flags] "
    "[CRYSTALS|-]\n"
    "Writes Quantum ESPRESSO inputs for the NEB of one mobile-ion hop, in "
    "the paper's two stages: neb_plain.in (plain NEB) then neb_climb.in "
    "(climbing image, restarted from the first stage's path): "
    "cd DIR && neb.x -inp neb_plain.in && neb.x -inp neb_climb.in; "
    "relax_initial.in and relax_final.in (pw.x), path.xyz.\n"
    "--keep_going skips records that cannot be prepared and takes the next "
    "one (with --id: the next with that id).";

absl::Status Run(const std::string& input) {
  using namespace ionscreen;
  RETURN_IF_ERROR(tools::ApplyCrystalLimitFlags());
  neb::NebStageOptions so;
  so.io =
      tools::StageIoFromFlags("neb-prep", input, absl::GetFlag(FLAGS_output));
  so.id = absl::GetFlag(FLAGS_id);
  so.bvse_path = absl::GetFlag(FLAGS_bvse);
  neb::NebOptions& o = so.neb;
  ASSIGN_OR_RETURN(const tools::MobileIon ion, tools::MobileIonFromFlags());
  o.mobile_atomic_number = ion.atomic_number;
  o.mobile_valence = ion.valence;
  o.min_length_angstrom = absl::GetFlag(FLAGS_min_length);
  o.intermediate_images = absl::GetFlag(FLAGS_images);
  ASSIGN_OR_RETURN(o.pseudo,
                   tools::AsUsage(neb::ParsePseudoMap(absl::GetFlag(FLAGS_pseudo)),
                                  "--pseudo: "));
  o.pseudo_pattern = absl::GetFlag(FLAGS_pseudo_pattern);
  o.pseudo_dir = absl::GetFlag(FLAGS_pseudo_dir);
  o.outdir = absl::GetFlag(FLAGS_outdir);
  o.ecutwfc_ry = absl::GetFlag(FLAGS_ecutwfc);
  o.ecutrho_ry = absl::GetFlag(FLAGS_ecutrho);
  o.nstep_path = absl::GetFlag(FLAGS_nstep_path);
  o.path_thr_ev_per_angstrom = absl::GetFlag(FLAGS_path_thr);
  o.kpoint_length_angstrom = absl::GetFlag(FLAGS_kpoint_length);
  o.charged_vacancy = absl::GetFlag(FLAGS_charged_vacancy);
  if (o.intermediate_images < 1 || !(o.min_length_angstrom > 0)) {
    return tools::UsageError("--images and --min_length must be positive");
  }

  ASSIGN_OR_RETURN(const neb::NebStageReport r, neb::RunNebPrep(so));

  tools::SkipSummary("neb-prep", absl::StrCat(r.skipped, " records skipped"));
  const neb::NebInputs& in = r.inputs;
  std::fprintf(stderr,
               "neb-prep: %s: hop site %d -> site %d + [%s] (%.3f A, %s), "
               "supercell %dx%dx%d, %d atoms per image, %d images\n",
               r.id.c_str(), in.start_site, in.end_site,
               absl::StrJoin(in.end_image, " ").c_str(),
               in.hop_distance_angstrom,
               in.from_bvse_path ? "BVSE path" : "straight line",
               in.supercell[0], in.supercell[1], in.supercell[2],
               in.atoms_per_image, o.intermediate_images + 2);
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  return ionscreen::tools::Main(argc, argv, "neb-prep", kUsage, Run);
}
