// records: prints any ionscreen stream as protobuf text, JSON lines or TSV,
// or a Crystal stream as CIF or extended XYZ.
#include <cstdio>
#include <fstream>
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include <string>
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include <vector>

#include "absl/flags/flag.h"
#include "lib/base/status_macros.h"
#include "lib/records/records.h"
#include "lib/stream/byte_io.h"
#include "tools/common/tool_common.h"

ABSL_FLAG(std::string, format, "text",
          "text | json | tsv; Crystal streams also cif (one data block per "
          "record) | extxyz (one frame per record)");
ABSL_FLAG(bool, header, true,
          "Print the stream header (text and json; cif: as comments).");
ABSL_FLAG(bool, concat, false,
          "Concatenate the input streams (one record type) into one binary "
          "stream on stdout instead of printing.");
ABSL_FLAG(bool, drop_duplicate_icsd, false,
          "With --concat on Crystal streams: drop a structure sharing an ICSD "
          "id with one kept from an earlier input (earlier inputs win).");
ABSL_FLAG(bool, drop_duplicate_ids, false,
          "With --concat: keep the first record of a repeated id (default: "
          "a repeated id is an error).");
ABSL_FLAG(std::string, shard, "",
          "With --concat: keep records i, i+N, i+2N, ... (\"i/N\").");
ABSL_FLAG(std::string, ids_from, "",
          "With --concat: keep only records whose id is listed in this file "
          "(one id per line; e.g. the workflow's common structure set).");
ABSL_FLAG(int64_t, limit, -1, "Print at most this many records (-1: all).");
ABSL_FLAG(std::string, output, "-",
          "Output: the printed text, or with --concat the stream ('-': "
          "stdout).");

namespace {

constexpr char kUsage[] =
    "records [--format=text|json|tsv|cif|extxyz] [--output=OUT] [STREAM|-]\n"
    "records --concat [--drop_duplicate_icsd] [--ids_from=FILE] [--output=OUT] "
    "STREAM...\n"
    "Prints an ionscreen stream (any record type) for people, or "
    "concatenates streams (shards, data sets).\n"
    "Examples: cif2proto x.cif | records --format=tsv\n"
    "          simplify --scheme=CAN < x.crystals | records --format=cif > can.cif";

absl::Status Run(const std::vector<std::string>& args) {
  using namespace ionscreen;
  if (absl::GetFlag(FLAGS_concat)) {
    if (args.empty()) return tools::UsageError("--concat needs inputs");
    std::vector<std::unique_ptr<stream::ByteSource>> sources;
    for (const auto& a : args) {
      ASSIGN_OR_RETURN(auto source, stream::OpenFileSource(a));
      sources.push_back(std::move(source));
    }
    records::ConcatOptions options;
    options.drop_duplicate_icsd = absl::GetFlag(FLAGS_drop_duplicate_icsd);
    options.drop_duplicate_ids = absl::GetFlag(FLAGS_drop_duplicate_ids);
    if (!absl::GetFlag(FLAGS_shard).empty()) {
      std::vector<std::string> parts =
          absl::StrSplit(absl::GetFlag(FLAGS_shard), '/');
      if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &options.shard_index) ||
          !absl::SimpleAtoi(parts[1], &options.shard_count)) {
        return tools::UsageError("--shard must be i/N");
      }
    }
    absl::flat_hash_set<std::string> keep_ids;
    if (!absl::GetFlag(FLAGS_ids_from).empty()) {
      std::ifstream in(absl::GetFlag(FLAGS_ids_from));
      if (!in) {
        return absl::NotFoundError(
            absl::StrCat("cannot read --ids_from=", absl::GetFlag(FLAGS_ids_from)));
      }
      std::string line;
      while (std::getline(in, line)) {
        std::string id(absl::StripAsciiWhitespace(line));
        if (!id.empty()) keep_ids.insert(id);
      }
      options.keep_ids = &keep_ids;
    }
    records::ConcatReport report;
    ASSIGN_OR_RETURN(auto sink, stream::OpenFileSink(absl::GetFlag(FLAGS_output)));
    RETURN_IF_ERROR(records::ConcatStreams(
        std::move(sources), *sink,
        tools::MakeProvenanceStep(
            "records", absl::StrCat("concatenated ", args.size(), " streams")),
        options, &report));
    for (const auto& e : report.dropped_examples) {
      std::fprintf(stderr, "records: dropped %s\n", e.c_str());
    }
    std::fprintf(stderr,
                 "records: wrote %lld records; dropped %lld duplicate-ICSD, "
                 "%lld duplicate-id\n",
                 static_cast<long long>(report.records),
                 static_cast<long long>(report.dropped_duplicate_icsd),
                 static_cast<long long>(report.dropped_duplicate_ids));
    if (options.keep_ids != nullptr) {
      std::fprintf(stderr,
                   "records: --ids_from kept %lld of %zu listed ids (%lld listed "
                   "ids not in the inputs); skipped %lld records not listed\n",
                   static_cast<long long>(report.records), keep_ids.size(),
                   static_cast<long long>(report.keep_ids_missing),
                   static_cast<long long>(report.not_in_keep_ids));
    }
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(const std::string input, tools::MainInput(args));
  records::PrintOptions options;
  std::string f = absl::GetFlag(FLAGS_format);
  if (f == "text") {
    options.format = records::Format::kText;
  } else if (f == "json") {
    options.format = records::Format::kJson;
  } else if (f == "tsv") {
    options.format = records::Format::kTsv;
  } else if (f == "cif") {
    options.format = records::Format::kCif;
  } else if (f == "extxyz") {
    options.format = records::Format::kExtxyz;
  } else {
    return tools::UsageError("--format must be text, json, tsv, cif or extxyz");
  }
  options.header = absl::GetFlag(FLAGS_header);
  options.limit = absl::GetFlag(FLAGS_limit);
  ASSIGN_OR_RETURN(auto source, stream::OpenFileSource(input));
  ASSIGN_OR_RETURN(auto sink, stream::OpenFileSink(absl::GetFlag(FLAGS_output)));
  return records::PrintStream(*source, *sink, options);
}

}  // namespace

int main(int argc, char** argv) {
  return ionscreen::tools::Main(argc, argv, "records", kUsage, Run);
}
