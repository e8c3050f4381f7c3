// Prints any ionscreen stream for people: protobuf text, JSON lines, or a
// TSV summary (Crystal: id, formula, sites, volume, density, space group,
// disorder flag; other types: their scalar fields).
#ifndef IONSCREEN_LIB_RECORDS_RECORDS_H_
#define IONSCREEN_LIB_RECORDS_RECORDS_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "lib/stream/byte_io.h"

namespace ionscreen::records {

enum class Format { kText, kJson, kTsv };

struct PrintOptions {
  Format format = Format::kText;
  bool header = true;   // print the stream header first (text/json)
  int64_t limit = -1;   // records to print (-1: all)
};

// Reads the stream from `source` (record type from its header; any type
// linked into the binary) and writes the chosen form to `sink`.
absl::Status PrintStream(stream::ByteSource& source, stream::ByteSink& sink,
                         const PrintOptions& options);

}  // namespace ionscreen::records

#endif  // IONSCREEN_LIB_RECORDS_RECORDS_H_
