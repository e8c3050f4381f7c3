// simplify: Crystal stream -> Crystal stream of simplified representations.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/simplify/simplify.h"
#include "lib/simplify/simplify_stream.h"
#include "tools/common/crystal_limits.h"
#include "tools/common/stage_flags.h"
#include "tools/common/tool_common.h"

ABSL_FLAG(std::string, scheme, "",
          "Representation: none, CAMN, CAN, AM or A, optionally with -40 "
          "(e.g. CAN-40).");
ABSL_FLAG(bool, all, false,
          "Emit all nine representations per record (none, CAMN, CAN, AM, A, "
          "CAMN-40, CAN-40, AM-40, A-40), tagged in Crystal.representation.");
ABSL_FLAG(std::string, mobile, "Li", "Mobile-ion element (Li, Na, Mg, ...).");
ABSL_FLAG(double, volume_per_anion_angstrom3, 40.0,
          "Cell volume per anion-or-neutral atom of the -40 variants (Å^3).");
ABSL_FLAG(std::string, output, "-", "Output Crystal stream (- = stdout).");

namespace {

constexpr char kUsage[] =
    "simplify (--scheme=CAMN|CAN|AM|A|none[-40] | --all) [flags] "
    "[CRYSTALS|-] > crystals\n"
    "Reads a Crystal stream with oxidation states (cif2proto), writes the "
    "simplified structures: mobile ion kept as itself, cations -> Al, "
    "anions -> S, neutral atoms -> Mg; -40 scales the cell to 40 Å^3 per "
    "anion-or-neutral atom.\n"
    "Example: cif2proto mp/cif | simplify --scheme=CAN > can.crystals";

absl::Status Run(const std::string& input) {
  using namespace ionscreen;
  RETURN_IF_ERROR(tools::ApplyCrystalLimitFlags());
  const std::string scheme = absl::GetFlag(FLAGS_scheme);
  const bool all = absl::GetFlag(FLAGS_all);
  if (scheme.empty() == !all) {
    return tools::UsageError("give exactly one of --scheme or --all");
  }
  simplify::StageOptions options;
  options.io =
      tools::StageIoFromFlags("simplify", input, absl::GetFlag(FLAGS_output));
  for (const std::string& name :
       all ? simplify::AllRepresentationNames() : std::vector<std::string>{scheme}) {
    ASSIGN_OR_RETURN(simplify::Representation rep,
                     tools::AsUsage(simplify::ParseRepresentation(name)));
    options.representations.push_back(rep);
  }
  ASSIGN_OR_RETURN(options.simplify.mobile_atomic_number,
                   tools::ParseMobileFlag(absl::GetFlag(FLAGS_mobile)));
  options.simplify.volume_per_anion_angstrom3 =
      absl::GetFlag(FLAGS_volume_per_anion_angstrom3);
  if (!(options.simplify.volume_per_anion_angstrom3 > 0)) {
    return tools::UsageError("--volume_per_anion_angstrom3 must be positive");
  }
  const std::string comment = absl::StrCat(
      "representations: ", all ? "all nine" : scheme, "; mobile ",
      absl::GetFlag(FLAGS_mobile));

  ASSIGN_OR_RETURN(
      const stream::StageCounts counts,
      simplify::RunSimplifyStage(
          options, tools::MakeProvenanceStep("simplify", comment)));
  tools::SkipSummary("simplify", counts);
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  return ionscreen::tools::Main(argc, argv, "simplify", kUsage, Run);
}
