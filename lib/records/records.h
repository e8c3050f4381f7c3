// Prints any ionscreen stream for people: protobuf text, JSON lines, or a
// TSV summary (Crystal: id, formula, sites, volume, density, space group,
// disorder flag; other types: their scalar fields); Crystal streams also as
// structure files (CIF, extended XYZ; lib/records/structure_export.h).
#ifndef IONSCREEN_LIB_RECORDS_RECORDS_H_
#define IONSCREEN_LIB_RECORDS_RECORDS_H_

#include <memory>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "lib/stream/byte_io.h"
#include "lib/stream/stream.pb.h"
#include <vector>

namespace ionscreen::records {

enum class Format {
  kText,
  kJson,
  kTsv,
  kCif,     // Crystal streams: one CIF data block per record
  kExtxyz,  // Crystal streams: one extended XYZ frame per record
};

struct PrintOptions {
  Format format = Format::kText;
  // Print the stream header first (text, json; cif: as comment lines).
  bool header = true;
  int64_t limit = -1;   // records to print (-1: all)
};

// Reads the stream from `source` (record type from its header; any type
// linked into the binary) and writes the chosen form to `sink`.
absl::Status PrintStream(stream::ByteSource& source, stream::ByteSink& sink,
                         const PrintOptions& options);

}  // namespace ionscreen::records

#endif  // IONSCREEN_LIB_RECORDS_RECORDS_H_

namespace ionscreen::records {

struct ConcatOptions {
  // Crystal streams only: a record sharing an ICSD id with a record kept
  // from an earlier input is dropped (and counted). Inputs earlier on the
  // command line win, so list the preferred set first.
  bool drop_duplicate_icsd = false;
  // Also drop a record whose id was already written (any record type with an
  // `id` field); without it a repeated id is an error.
  bool drop_duplicate_ids = false;
  // Keep only records whose index (over all inputs) is shard_index modulo
  // shard_count: splits a stream into shards for parallel work.
  int shard_index = 0;
  int shard_count = 1;
  // When set, keep only records whose id is in it (e.g. the workflow's
  // common structure set); the others are counted, not written.
  const absl::flat_hash_set<std::string>* keep_ids = nullptr;
};

struct ConcatReport {
  int64_t records = 0;
  int64_t dropped_duplicate_icsd = 0;
  int64_t dropped_duplicate_ids = 0;
  int64_t not_in_keep_ids = 0;      // records skipped by keep_ids
  int64_t keep_ids_missing = 0;     // keep_ids entries no input held
  std::vector<std::string> dropped_examples;  // "id (same ICSD n as id2)"
};

// Concatenates streams of one record type (shards, or data sets) into one
// stream whose header is the first input's, with a provenance step added.
absl::Status ConcatStreams(
    std::vector<std::unique_ptr<stream::ByteSource>> sources,
    stream::ByteSink& sink, const stream::ProvenanceStep& step,
    const ConcatOptions& options, ConcatReport* report);

}  // namespace ionscreen::records
