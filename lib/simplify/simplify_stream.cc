#include "lib/simplify/simplify_stream.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::simplify {
namespace {

// All representations of one record, or the first failure (tagged with the
// representation's name).
absl::StatusOr<std::vector<crystal::Crystal>> SimplifyAll(
    const crystal::Crystal& in, const StageOptions& options) {
  std::vector<crystal::Crystal> outs;
  for (const Representation& rep : options.representations) {
    absl::StatusOr<crystal::Crystal> out = Simplify(in, rep, options.simplify);
    if (!out.ok()) {
      return absl::Status(out.status().code(), absl::StrCat(out.status().message(),
                                                            " [", rep.name, "]"));
    }
    outs.push_back(std::move(out).value());
  }
  return outs;
}

}  // namespace

absl::StatusOr<stream::StageCounts> RunSimplifyStage(
    const StageOptions& options, stream::ProvenanceStep step) {
  if (options.representations.empty()) {
    return absl::InvalidArgumentError("no representation requested");
  }
  using Streams = stream::StageStreams<crystal::Crystal, crystal::Crystal>;
  ASSIGN_OR_RETURN(
      Streams io, (stream::OpenStageStreams<crystal::Crystal, crystal::Crystal>(
                      options.io, std::move(step))));
  stream::StageCounts report;
  stream::SkipCounter skips(options.io.skip);
  absl::Status status = stream::ForEachKeptRecord(
      *io.reader, skips,
      [&](crystal::Crystal& in) {
        if (in.id().empty()) {
          in.set_id(absl::StrCat("record #", io.reader->records_read() - 1));
        }
        return SimplifyAll(in, options);
      },
      [&](const crystal::Crystal&,
          const std::vector<crystal::Crystal>& outs) -> absl::Status {
        for (const crystal::Crystal& out : outs) {
          RETURN_IF_ERROR(io.writer->Write(out));
          ++report.records_written;
        }
        return absl::OkStatus();
      },
      "record", /*name_by_id=*/false);
  // Closed even after an error, so what was written is flushed.
  absl::Status closed = io.writer->Close();
  RETURN_IF_ERROR(status);
  RETURN_IF_ERROR(closed);
  report.records_read = static_cast<int64_t>(io.reader->records_read());
  report.records_skipped = skips.skipped();
  return report;
}

}  // namespace ionscreen::simplify
