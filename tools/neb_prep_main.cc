// neb-prep: one Crystal (+ optional BVSE hop path) -> Quantum ESPRESSO
// neb.x inputs (plain NEB, then climbing image) and pw.x relaxation inputs of the two end points.
#include <cstdio>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/bvse/bvse.pb.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/element/element.h"
#include "lib/neb/neb_prep.h"
#include "lib/stream/byte_io.h"
#include "lib/stream/record_stage.h"
#include "lib/stream/record_stream.h"
#include "tools/common/crystal_limits.h"
#include "tools/common/tool_common.h"

ABSL_FLAG(std::string, input, "-", "Crystal stream (- = stdin).");
ABSL_FLAG(std::string, id, "",
          "Record id to prepare (default: the first record).");
ABSL_FLAG(std::string, bvse, "",
          "BvseResult stream from `bvse --hop_path`: use its hop and path "
          "for the record (default: straight shortest hop).");
ABSL_FLAG(std::string, output_dir, ".",
          "Folder for neb_plain.in, neb_climb.in, relax_initial.in, "
          "relax_final.in, path.xyz.");
ABSL_FLAG(std::string, mobile, "Li", "Mobile ion element.");
ABSL_FLAG(int32_t, mobile_valence, 1, "Its valence (vacancy charge).");
ABSL_FLAG(double, min_length, 10.0,
          "Supercell length along each lattice vector at least this (A).");
ABSL_FLAG(int32_t, images, 5, "Intermediate images.");
ABSL_FLAG(std::string, pseudo, "",
          "Pseudopotential per element, e.g. "
          "'Li=Li.pbe-s-kjpaw_psl.1.0.0.UPF,S=S.pbe-n-kjpaw_psl.1.0.0.UPF'.");
ABSL_FLAG(std::string, pseudo_pattern, "{El}.pbe-kjpaw_psl.1.0.0.UPF",
          "File name for elements not in --pseudo ({El} = symbol).");
ABSL_FLAG(std::string, pseudo_dir, "./pseudo", "QE pseudo_dir.");
ABSL_FLAG(std::string, outdir, "./tmp", "QE outdir.");
ABSL_FLAG(double, ecutwfc, 50, "Wavefunction cutoff (Ry).");
ABSL_FLAG(double, ecutrho, 400, "Charge-density cutoff (Ry).");
ABSL_FLAG(int32_t, nstep_path, 200, "neb.x nstep_path.");
ABSL_FLAG(double, path_thr, 0.05, "neb.x path_thr (eV/A).");
ABSL_FLAG(double, kpoint_length, 10.0,
          "k grid n_i = ceil(kpoint_length / |A_i|) (A).");
ABSL_FLAG(bool, keep_going, false,
          "Skip records that cannot be prepared (one stderr line each) and "
          "take the next one (with --id: the next with that id).");
ABSL_FLAG(bool, charged_vacancy, true,
          "tot_charge = -valence (remove the ion, keep its electrons).");

namespace {

constexpr char kUsage[] =
    "neb-prep --input=crystals [--id=mp-5614] [--bvse=results] "
    "--output_dir=DIR [flags]\n"
    "Writes Quantum ESPRESSO inputs for the NEB of one mobile-ion hop, in "
    "the paper's two stages: neb_plain.in (plain NEB) then neb_climb.in "
    "(climbing image, restarted from the first stage's path): "
    "cd DIR && neb.x -inp neb_plain.in && neb.x -inp neb_climb.in; "
    "relax_initial.in and relax_final.in (pw.x), path.xyz.";

absl::Status Run() {
  using namespace ionscreen;
  if (absl::Status limits = ionscreen::tools::ApplyCrystalLimitFlags(); !limits.ok()) {
    return limits;
  }
  neb::NebOptions o;
  absl::StatusOr<int> mobile = tools::ParseMobileFlag(absl::GetFlag(FLAGS_mobile));
  if (!mobile.ok()) return mobile.status();
  o.mobile_atomic_number = *mobile;
  o.mobile_valence = absl::GetFlag(FLAGS_mobile_valence);
  o.min_length_angstrom = absl::GetFlag(FLAGS_min_length);
  o.intermediate_images = absl::GetFlag(FLAGS_images);
  auto pseudo = neb::ParsePseudoMap(absl::GetFlag(FLAGS_pseudo));
  if (!pseudo.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("usage: --pseudo: ", pseudo.status().message()));
  }
  o.pseudo = *pseudo;
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
    return absl::InvalidArgumentError(
        "usage: --images and --min_length must be positive");
  }
  const std::string want = absl::GetFlag(FLAGS_id);
  // Hop paths by record id, from --bvse (an id without a hop path maps to
  // null: its record is an error, or skipped with --keep_going).
  absl::flat_hash_map<std::string, std::unique_ptr<bvse::HopPath>> hops;
  const bool use_bvse = !absl::GetFlag(FLAGS_bvse).empty();
  if (use_bvse) {
    auto bs = stream::OpenFileSource(absl::GetFlag(FLAGS_bvse));
    if (!bs.ok()) return bs.status();
    auto br = stream::RecordReader<bvse::BvseResult>::Open(std::move(bs).value());
    if (!br.ok()) return br.status();
    bvse::BvseResult r;
    while (true) {
      auto more = (*br)->Next(&r);
      if (!more.ok()) return more.status();
      if (!*more) break;
      if (hops.contains(r.id())) continue;  // the first result of an id
      hops[r.id()] =
          r.has_hop() ? std::make_unique<bvse::HopPath>(r.hop()) : nullptr;
    }
  }
  auto source = stream::OpenFileSource(absl::GetFlag(FLAGS_input));
  if (!source.ok()) return source.status();
  auto reader =
      stream::RecordReader<crystal::Crystal>::Open(std::move(source).value());
  if (!reader.ok()) return reader.status();
  // The first record (with --id: the first with that id) is prepared; with
  // --keep_going a record that cannot be prepared is named on stderr and
  // the next one (with that id) is tried.
  stream::SkipPolicy skip_policy;
  skip_policy.keep_going = absl::GetFlag(FLAGS_keep_going);
  skip_policy.on_skip = [](const std::string& line) {
    std::fprintf(stderr, "neb-prep: skipped %s\n", line.c_str());
  };
  stream::SkipCounter skips(skip_policy);
  crystal::Crystal c;
  absl::StatusOr<neb::NebInputs> inputs;
  bool found = false;
  while (!found) {
    auto more = (*reader)->Next(&c);
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (!(want.empty() || c.id() == want || c.mp_id() == want)) continue;
    const bvse::HopPath* hop = nullptr;
    absl::Status hop_status;
    if (use_bvse) {
      auto it = hops.find(c.id());
      if (it == hops.end()) {
        hop_status = absl::NotFoundError("not in --bvse");
      } else if (it->second == nullptr) {
        hop_status = absl::InvalidArgumentError(
            "the BVSE result has no hop path (run bvse --hop_path)");
      } else {
        hop = it->second.get();
      }
    }
    inputs = hop_status.ok() ? neb::PrepareNeb(c, hop, o)
                             : absl::StatusOr<neb::NebInputs>(hop_status);
    auto use = skips.Keep(
        stream::RecordName(
            static_cast<int64_t>((*reader)->records_read()) - 1, c.id()),
        inputs.status());
    if (!use.ok()) return use.status();
    found = *use;
  }
  if (skips.keep_going()) {
    std::fprintf(stderr, "neb-prep: %lld records skipped\n",
                 static_cast<long long>(skips.skipped()));
  }
  if (!found) {
    if (skips.skipped() > 0) {
      return absl::NotFoundError(absl::StrCat(
          "no record could be prepared (", skips.skipped(), " skipped)"));
    }
    return absl::NotFoundError(
        want.empty() ? "the input stream holds no record"
                     : absl::StrCat("no record with id ", want));
  }
  const std::string dir = absl::GetFlag(FLAGS_output_dir);
  for (const auto& [name, text] :
       {std::pair<std::string, const std::string*>{"neb_plain.in",
                                                   &inputs->neb_plain_in},
        {"neb_climb.in", &inputs->neb_climb_in},
        {"relax_initial.in", &inputs->relax_initial_in},
        {"relax_final.in", &inputs->relax_final_in},
        {"path.xyz", &inputs->path_xyz}}) {
    if (absl::Status s = stream::WriteTextFile(dir + "/" + name, *text); !s.ok()) return s;
  }
  std::fprintf(stderr,
               "neb-prep: %s: hop site %d -> site %d + [%s] (%.3f A, %s), "
               "supercell %dx%dx%d, %d atoms per image, %d images\n",
               c.id().c_str(), inputs->start_site, inputs->end_site,
               absl::StrJoin(inputs->end_image, " ").c_str(),
               inputs->hop_distance_angstrom,
               inputs->from_bvse_path ? "BVSE path" : "straight line",
               inputs->supercell[0], inputs->supercell[1],
               inputs->supercell[2], inputs->atoms_per_image,
               o.intermediate_images + 2);
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  ionscreen::tools::InitTool(argc, argv, kUsage);
  return ionscreen::tools::ReportAndExit("neb-prep", Run());
}
