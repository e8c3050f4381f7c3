#include "lib/bvse/bvse_stream.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/bvse/bvse_params.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/oxidation/oxidation.h"
#include "lib/stream/byte_io.h"

namespace ionscreen::bvse {
namespace {

// A status with a hint appended to its message (same code).
absl::Status WithHint(const absl::Status& s, absl::string_view hint) {
  return absl::Status(s.code(), absl::StrCat(s.message(), " (", hint, ")"));
}

absl::StatusOr<BvseParams> LoadParams(const BvseStageOptions& options) {
  absl::StatusOr<BvseParams> params =
      BvseParams::LoadFromDir(options.params_dir);
  if (!params.ok()) {
    return WithHint(params.status(),
                    "set --params_dir to the folder with softbv_params.tsv");
  }
  if (options.bvse.model == BvseModel::kPaper) {
    const std::string radii = options.paper_radii_path.empty()
                                  ? options.params_dir + "/paper_radii.tsv"
                                  : options.paper_radii_path;
    if (absl::Status s = params->LoadPaperRadii(radii); !s.ok()) {
      return WithHint(s, "--model=paper needs the authors' radii; set "
                         "--paper_radii");
    }
  }
  return params;
}

}  // namespace

absl::StatusOr<stream::StageCounts> RunBvseStage(
    const BvseStageOptions& options, stream::ProvenanceStep step) {
  ASSIGN_OR_RETURN(const BvseParams params, LoadParams(options));
  using Streams = stream::StageStreams<crystal::Crystal, BvseResult>;
  ASSIGN_OR_RETURN(Streams io,
                   (stream::OpenStageStreams<crystal::Crystal, BvseResult>(
                       options.io, std::move(step))));
  // A ByteSink, so a full disk is an error naming the file.
  std::unique_ptr<stream::ByteSink> tsv;
  if (!options.tsv_path.empty()) {
    ASSIGN_OR_RETURN(tsv, stream::OpenFileSink(options.tsv_path));
    RETURN_IF_ERROR(tsv->Write(BvseTsvHeader()));
  }
  stream::StageCounts report;
  stream::SkipCounter skips(options.io.skip);
  RETURN_IF_ERROR(stream::ForEachKeptRecord(
      *io.reader, skips,
      [&](crystal::Crystal& c) -> absl::StatusOr<BvseResult> {
        absl::Status ox = absl::OkStatus();
        if (options.assign_oxidation && !oxidation::HasAllOxidationStates(c)) {
          ox = oxidation::AssignOxidationStates(&c);
        }
        absl::StatusOr<BvseResult> r =
            ox.ok() ? RunBvse(c, params, options.bvse)
                    : absl::StatusOr<BvseResult>(ox);
        if (options.on_record) options.on_record();
        return r;
      },
      [&](const crystal::Crystal&, const BvseResult& r) -> absl::Status {
        RETURN_IF_ERROR(io.writer->Write(r));
        if (tsv != nullptr) RETURN_IF_ERROR(tsv->Write(BvseTsvRow(r)));
        ++report.records_written;
        return absl::OkStatus();
      }));
  RETURN_IF_ERROR(io.writer->Close());
  if (tsv != nullptr) RETURN_IF_ERROR(tsv->Flush());
  report.records_read = static_cast<int64_t>(io.reader->records_read());
  report.records_skipped = skips.skipped();
  return report;
}

}  // namespace ionscreen::bvse
