// describe: Crystal stream -> Descriptor stream (one registered descriptor),
// or --mix: weighted concatenation of Descriptor streams.
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "lib/base/status_macros.h"
#include "lib/describe/engine.h"
#include "lib/describe/mix.h"
#include "lib/stream/record_stream.h"
#include "tools/common/crystal_limits.h"
#include "tools/common/stage_flags.h"
#include "tools/common/threads_flag.h"
#include "tools/common/tool_common.h"

ABSL_FLAG(std::string, descriptor, "",
          "Descriptor name (see --list), e.g. soap, xrd, rdf.");
ABSL_FLAG(std::string, params, "",
          "Descriptor parameters as name=value,name=value; list values need "
          "no quoting (species=Li,O,S,rcut=3).");
ABSL_FLAG(std::string, disorder, "weighted",
          "weighted: occupants contribute with their occupancy as weight; "
          "error: refuse records with partially occupied sites.");
ABSL_FLAG(bool, list, false,
          "Print every registered descriptor with its parameters (default, "
          "type, unit, range) and dimension, then exit.");
ABSL_FLAG(std::string, format, "text",
          "With --list: text (for people) or json (for programs, e.g. the "
          "workflow: name, parameters with type, default, unit and which "
          "are data paths).");
ABSL_FLAG(std::string, mix, "",
          "Mix Descriptor streams instead: PATH:WEIGHT,PATH:WEIGHT (weight "
          "defaults to 1); records matched by id and representation.");
ABSL_FLAG(std::string, output, "-", "Output Descriptor stream (- = stdout).");

namespace {

using namespace ionscreen;  // NOLINT: a main file

constexpr char kTool[] = "describe";
constexpr char kUsage[] =
    "describe --descriptor=NAME [--params=k=v,...] [--disorder=weighted|error] "
    "[--threads=N] [--keep_going] [INPUT|-] > out.descriptors\n"
    "describe --list [--format=text|json]\n"
    "describe --mix=A.descriptors:1,B.descriptors:1e-5 [--keep_going] > mixed.descriptors\n"
    "Reads a Crystal stream (stdin by default) and writes a Descriptor "
    "stream: header with the descriptor's name, parameters and feature "
    "labels; per record its id, representation and vector.\n"
    "Example: describe --descriptor=soap "
    "--params=rcut=3,nmax=5,lmax=3,sigma=1,average=outer,species=Mg,Al,S "
    "--threads=2 < can.crystals > soap.descriptors\n"
    "With --mix, --keep_going writes the records every input has and reports "
    "the others.";

using tools::AsUsage;
using tools::UsageError;

// --mix inputs by base name ("A.stream:1,B.stream:1e-5"): provenance never
// holds directories.
std::string MixFlagForProvenance() {
  std::vector<std::string> pieces;
  for (absl::string_view piece :
       absl::StrSplit(absl::GetFlag(FLAGS_mix), ',')) {
    size_t colon = piece.rfind(':');
    absl::string_view path = piece.substr(0, colon);
    absl::string_view weight =
        colon == absl::string_view::npos ? "" : piece.substr(colon);
    size_t slash = path.rfind('/');
    if (slash != absl::string_view::npos) path = path.substr(slash + 1);
    pieces.push_back(absl::StrCat(path, weight));
  }
  return absl::StrCat("--mix=", absl::StrJoin(pieces, ","));
}

// Provenance without flags that cannot change the output bytes (the thread
// count, the output's own name), so runs compare byte for byte.
stream::ProvenanceStep Step(const std::string& comment = "") {
  stream::ProvenanceStep step = tools::MakeProvenanceStep(kTool, comment);
  std::vector<std::string> kept;
  for (const std::string& f : step.flags()) {
    if (absl::StartsWith(f, "--threads=") || absl::StartsWith(f, "--output=")) {
      continue;
    }
    kept.push_back(absl::StartsWith(f, "--mix=") ? MixFlagForProvenance() : f);
  }
  step.clear_flags();
  for (std::string& f : kept) step.add_flags(std::move(f));
  return step;
}

absl::Status RunMix(const std::vector<std::string>& args) {
  if (!args.empty() || !absl::GetFlag(FLAGS_descriptor).empty()) {
    return UsageError("--mix takes its inputs from the list, not --descriptor or "
                 "positional arguments");
  }
  ASSIGN_OR_RETURN(std::vector<describe::MixSpec> specs,
                   AsUsage(describe::ParseMixSpecs(absl::GetFlag(FLAGS_mix))));
  std::vector<describe::MixInput> inputs;
  for (const describe::MixSpec& spec : specs) {
    ASSIGN_OR_RETURN(auto source, stream::OpenFileSource(spec.path));
    ASSIGN_OR_RETURN(auto reader,
                     stream::RecordReader<describe::DescriptorRecord>::Open(
                         std::move(source)));
    inputs.push_back({spec.path, spec.weight, std::move(reader)});
  }
  ASSIGN_OR_RETURN(auto sink, stream::OpenFileSink(absl::GetFlag(FLAGS_output)));
  ASSIGN_OR_RETURN(describe::MixSummary summary,
                   describe::MixDescriptorStreams(
                       std::move(inputs), std::move(sink), Step(),
                       /*keep_common_only=*/absl::GetFlag(FLAGS_keep_going)));
  for (const std::string& d : summary.dropped) {
    std::fprintf(stderr, "%s: dropped %s\n", kTool, d.c_str());
  }
  std::fprintf(stderr, "%s: mixed %llu records, dropped %llu not in every input\n",
               kTool, static_cast<unsigned long long>(summary.records_written),
               static_cast<unsigned long long>(summary.records_dropped));
  return absl::OkStatus();
}

absl::Status RunDescribe(const std::vector<std::string>& args) {
  const std::string name = absl::GetFlag(FLAGS_descriptor);
  if (name.empty()) return UsageError("--descriptor is required (see --list)");
  ASSIGN_OR_RETURN(const std::string input, tools::MainInput(args));
  ASSIGN_OR_RETURN(const int threads, tools::ThreadsFromFlag());

  ASSIGN_OR_RETURN(describe::Params params,
                   AsUsage(describe::ParseParamList(absl::GetFlag(FLAGS_params))));
  ASSIGN_OR_RETURN(
      describe::DisorderPolicy policy,
      AsUsage(describe::ParseDisorderPolicy(absl::GetFlag(FLAGS_disorder))));
  ASSIGN_OR_RETURN(std::unique_ptr<describe::Descriptor> descriptor,
                   AsUsage(describe::MakeDescriptor(name, params)));

  ASSIGN_OR_RETURN(auto source, stream::OpenFileSource(input));
  ASSIGN_OR_RETURN(auto reader, stream::RecordReader<crystal::Crystal>::Open(
                                    std::move(source)));
  ASSIGN_OR_RETURN(auto sink, stream::OpenFileSink(absl::GetFlag(FLAGS_output)));

  describe::DescribeOptions options;
  options.disorder = policy;
  options.threads = threads;
  options.skip = tools::SkipPolicyFromFlags(kTool);
  // Created at the first report, when the total (if known) is.
  std::optional<tools::Progress> progress;
  uint64_t reported = 0;
  options.on_progress = [&](uint64_t done, uint64_t total) {
    if (!progress) {
      progress.emplace(absl::StrCat("describe ", name),
                       total > 0 ? static_cast<int64_t>(total) : -1,
                       absl::GetFlag(FLAGS_quiet));
    }
    progress->Add(static_cast<int64_t>(done - reported));
    reported = done;
  };

  absl::StatusOr<stream::StageCounts> summary = describe::Describe(
      name, *descriptor, *reader, std::move(sink), Step(), options);
  if (progress) progress->Finish();
  RETURN_IF_ERROR(summary.status());
  tools::SkipSummary(kTool, *summary);
  return absl::OkStatus();
}

absl::Status Run(const std::vector<std::string>& args) {
  RETURN_IF_ERROR(tools::ApplyCrystalLimitFlags());
  if (absl::GetFlag(FLAGS_list)) {
    if (!args.empty() || !absl::GetFlag(FLAGS_mix).empty() ||
        !absl::GetFlag(FLAGS_descriptor).empty()) {
      return UsageError("--list takes no other arguments");
    }
    const std::string format = absl::GetFlag(FLAGS_format);
    if (format != "text" && format != "json") {
      return UsageError(absl::StrCat("--format=", format, " is not text or json"));
    }
    std::string text = format == "json" ? describe::ListDescriptorsJson()
                                        : describe::ListDescriptors();
    if (std::fputs(text.c_str(), stdout) < 0 || std::fflush(stdout) != 0) {
      return absl::UnavailableError("cannot write to stdout");
    }
    return absl::OkStatus();
  }
  if (!absl::GetFlag(FLAGS_mix).empty()) return RunMix(args);
  return RunDescribe(args);
}

}  // namespace

int main(int argc, char** argv) {
  return ionscreen::tools::Main(argc, argv, kTool, kUsage, Run);
}
