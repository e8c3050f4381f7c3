// records: prints any ionscreen stream as protobuf text, JSON lines or TSV.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "lib/records/records.h"
#include "lib/stream/byte_io.h"
#include "tools/common/tool_common.h"

ABSL_FLAG(std::string, format, "text", "text | json | tsv");
ABSL_FLAG(bool, header, true, "Print the stream header (text and json).");
ABSL_FLAG(int64_t, limit, -1, "Print at most this many records (-1: all).");

namespace {

constexpr char kUsage[] =
    "records [--format=text|json|tsv] [STREAM|-]\n"
    "Prints an ionscreen stream (any record type) for people.\n"
    "Example: cif2proto x.cif | records --format=tsv";

absl::Status Run(const std::vector<std::string>& args) {
  using namespace ionscreen;
  if (args.size() > 1) return absl::InvalidArgumentError("usage: one input at most");
  records::PrintOptions options;
  std::string f = absl::GetFlag(FLAGS_format);
  if (f == "text") {
    options.format = records::Format::kText;
  } else if (f == "json") {
    options.format = records::Format::kJson;
  } else if (f == "tsv") {
    options.format = records::Format::kTsv;
  } else {
    return absl::InvalidArgumentError("usage: --format must be text, json or tsv");
  }
  options.header = absl::GetFlag(FLAGS_header);
  options.limit = absl::GetFlag(FLAGS_limit);
  auto source = stream::OpenFileSource(args.empty() ? "-" : args[0]);
  if (!source.ok()) return source.status();
  auto sink = stream::FdSink(1, "<stdout>");
  return records::PrintStream(**source, *sink, options);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args =
      ionscreen::tools::InitTool(argc, argv, kUsage);
  return ionscreen::tools::ReportAndExit("records", Run(args));
}
