#include "lib/simplify/simplify_stream.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"

namespace ionscreen::simplify {

absl::Status SimplifyStream(stream::RecordReader<crystal::Crystal>& reader,
                            stream::RecordWriter<crystal::Crystal>& writer,
                            const StreamOptions& options, StreamReport* report) {
  if (options.representations.empty()) {
    return absl::InvalidArgumentError("no representation requested");
  }
  stream::SkipCounter skips(options.skip);
  crystal::Crystal in;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader.Next(&in));
    if (!more) break;
    ++report->records_read;
    if (in.id().empty()) {
      in.set_id(absl::StrCat("record #", report->records_read - 1));
    }
    std::vector<crystal::Crystal> outs;
    absl::Status failed;
    for (const Representation& rep : options.representations) {
      absl::StatusOr<crystal::Crystal> out = Simplify(in, rep, options.simplify);
      if (!out.ok()) {
        failed = absl::Status(out.status().code(),
                              absl::StrCat(out.status().message(), " [", rep.name, "]"));
        break;
      }
      outs.push_back(std::move(out).value());
    }
    ASSIGN_OR_RETURN(bool use,
                     skips.Keep(stream::RecordName(report->records_read - 1, ""),
                                failed));
    report->records_skipped = skips.skipped();
    if (!use) continue;
    for (const crystal::Crystal& out : outs) {
      RETURN_IF_ERROR(writer.Write(out));
      ++report->records_written;
    }
  }
  return absl::OkStatus();
}

}  // namespace ionscreen::simplify
