#include "lib/bvse/bvse_stream.h"

#include "lib/base/status_macros.h"
#include "lib/oxidation/oxidation.h"

namespace ionscreen::bvse {

absl::Status RunBvseStream(stream::RecordReader<crystal::Crystal>& reader,
                           stream::RecordWriter<BvseResult>& writer,
                           stream::ByteSink* tsv, const BvseParams& params,
                           const BvseStreamOptions& options,
                           BvseStreamReport* report) {
  BvseStreamReport local;
  if (report == nullptr) report = &local;
  *report = BvseStreamReport();
  if (tsv != nullptr) RETURN_IF_ERROR(tsv->Write(BvseTsvHeader()));
  stream::SkipCounter skips(options.skip);
  crystal::Crystal c;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader.Next(&c));
    if (!more) break;
    ++report->records_read;
    absl::Status ox = absl::OkStatus();
    if (options.assign_oxidation && !oxidation::HasAllOxidationStates(c)) {
      ox = oxidation::AssignOxidationStates(&c);
    }
    absl::StatusOr<BvseResult> r =
        ox.ok() ? RunBvse(c, params, options.bvse)
                : absl::StatusOr<BvseResult>(ox);
    if (options.on_record) options.on_record();
    ASSIGN_OR_RETURN(
        bool use,
        skips.Keep(stream::RecordName(
                       static_cast<int64_t>(reader.records_read()) - 1, c.id()),
                   r.status()));
    report->records_skipped = skips.skipped();
    if (!use) continue;
    RETURN_IF_ERROR(writer.Write(*r));
    if (tsv != nullptr) RETURN_IF_ERROR(tsv->Write(BvseTsvRow(*r)));
    ++report->records_done;
  }
  return absl::OkStatus();
}

}  // namespace ionscreen::bvse
