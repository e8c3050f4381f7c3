// cif2proto: CIF files, directories or stdin -> Crystal stream on stdout.
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/cif/ingest.h"
#include "lib/oxidation/oxidation.h"
#include "lib/stream/record_stream.h"
#include "tools/common/crystal_limits.h"
#include "tools/common/stage_flags.h"
#include "tools/common/tool_common.h"

ABSL_FLAG(std::string, output, "-", "Output Crystal stream (- = stdout).");
ABSL_FLAG(std::string, properties, "",
          "TSV with an mp_id/id column and e_above_hull*/band_gap*/icsd_ids "
          "columns, joined by id (e.g. ../shared/data/mp/index.tsv).");
ABSL_FLAG(std::string, require_element, "",
          "Keep only structures containing this element (e.g. Li).");
ABSL_FLAG(std::string, oxidation, "auto",
          "auto: assign oxidation states (lib/oxidation tiers); states "
          "declared in the CIF are kept when they balance (|net| < 0.5) and "
          "are not all 0 in a structure with cations and anions by "
          "electronegativity, else reassigned with one line on stderr; "
          "declared: keep the CIF's states whatever they are; reassign: "
          "ignore the CIF's states; none: skip.");
ABSL_FLAG(std::string, unbalanced, "zero",
          "When no oxidation-state tier balances the charge: zero keeps the "
          "structure with every state 0 (the paper's code; each one reported "
          "on stderr with the net charge and each tier's reason, counted in "
          "the summary); error skips it (with --keep_going) or fails.");
ABSL_FLAG(double, merge_tolerance_angstrom, 0.01,
          "Sites closer than this are merged (special positions).");
ABSL_FLAG(std::string, files_from, "",
          "Also read input paths from this file, one per line.");

namespace {

constexpr char kUsage[] =
    "cif2proto [flags] [FILE.cif|DIR|-]...\n"
    "Reads every data block of the CIFs (directories: their *.cif files, "
    "sorted; no argument or '-': stdin), expands symmetry, and writes a "
    "Crystal stream.\n"
    "Example: cif2proto --require_element=Li --properties=index.tsv "
    "--keep_going mp/cif > mp.crystals";

absl::Status Run(const std::vector<std::string>& args) {
  using namespace ionscreen;
  RETURN_IF_ERROR(tools::ApplyCrystalLimitFlags());
  std::string ox = absl::GetFlag(FLAGS_oxidation);
  if (ox != "auto" && ox != "declared" && ox != "reassign" && ox != "none") {
    return tools::UsageError("--oxidation must be auto, declared, reassign or none");
  }
  const std::string unbalanced = absl::GetFlag(FLAGS_unbalanced);
  if (unbalanced != "zero" && unbalanced != "error") {
    return tools::UsageError("--unbalanced must be zero or error");
  }
  std::vector<std::string> inputs = args;
  if (!absl::GetFlag(FLAGS_files_from).empty()) {
    std::ifstream list(absl::GetFlag(FLAGS_files_from));
    if (!list) {
      return absl::NotFoundError(absl::StrCat(
          absl::GetFlag(FLAGS_files_from), ": cannot open --files_from"));
    }
    for (std::string line; std::getline(list, line);) {
      if (!line.empty()) inputs.push_back(line);
    }
  }
  if (inputs.empty()) inputs.push_back("-");
  ASSIGN_OR_RETURN(const std::vector<std::string> files,
                   cif::ExpandInputs(inputs));

  absl::flat_hash_map<std::string, cif::Properties> properties;
  cif::IngestOptions options;
  options.cif.merge_tolerance_angstrom =
      absl::GetFlag(FLAGS_merge_tolerance_angstrom);
  options.skip = tools::SkipPolicyFromFlags("cif2proto");
  options.require_element = absl::GetFlag(FLAGS_require_element);
  if (!absl::GetFlag(FLAGS_properties).empty()) {
    ASSIGN_OR_RETURN(properties,
                     cif::ReadPropertiesTsv(absl::GetFlag(FLAGS_properties)));
    options.properties = &properties;
  }
  int64_t n_unbalanced = 0, n_declared_not_used = 0;
  if (ox != "none") {
    oxidation::Options ox_options;
    ox_options.reassign = ox == "reassign";
    ox_options.keep_declared = ox == "declared";
    ox_options.zero_when_unbalanced = unbalanced == "zero";
    options.post_process = [ox_options, &n_unbalanced,
                            &n_declared_not_used](crystal::Crystal* c) {
      oxidation::AssignNotes notes;
      absl::Status st = oxidation::AssignOxidationStates(c, ox_options, &notes);
      if (!notes.declared_not_used.empty()) {
        ++n_declared_not_used;
        std::fprintf(stderr,
                     "cif2proto: oxidation states in the CIF not used "
                     "(--oxidation=declared keeps them): %s\n",
                     notes.declared_not_used.c_str());
      }
      if (st.ok() && !notes.unbalanced.empty()) {
        ++n_unbalanced;
        std::fprintf(stderr, "cif2proto: all oxidation states 0 (--unbalanced=zero): %s\n",
                     notes.unbalanced.c_str());
      }
      return st;
    };
  }
  tools::Progress progress("cif2proto files",
                           static_cast<int64_t>(files.size()));
  options.on_file_done = [&progress] { progress.Add(); };

  ASSIGN_OR_RETURN(auto sink, stream::OpenFileSink(absl::GetFlag(FLAGS_output)));
  ASSIGN_OR_RETURN(
      auto writer,
      stream::RecordWriter<crystal::Crystal>::Open(
          std::move(sink),
          stream::DerivedHeader(
              nullptr, tools::MakeProvenanceStep(
                           "cif2proto",
                           absl::StrCat("inputs: ", files.size(), " files")))));
  cif::IngestReport report;
  absl::Status status = cif::Ingest(files, options, *writer, &report);
  progress.Finish();
  absl::Status closed = writer->Close();
  RETURN_IF_ERROR(status);
  RETURN_IF_ERROR(closed);
  if (!absl::GetFlag(FLAGS_quiet) || tools::SkipSummaryWanted()) {
    std::string summary = report.Summary();
    if (ox != "none" && unbalanced == "zero") {
      absl::StrAppend(&summary, ", unbalanced (all states set to 0): ", n_unbalanced);
    }
    if (n_declared_not_used > 0) {
      absl::StrAppend(&summary, ", CIF oxidation states not used: ",
                      n_declared_not_used);
    }
    std::fprintf(stderr, "cif2proto: %s\n", summary.c_str());
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  return ionscreen::tools::Main(argc, argv, "cif2proto", kUsage, Run);
}
