// cif2proto's library: turns CIF paths (files, directories, "-" for stdin)
// into a Crystal stream, joining per-id properties and reporting every
// skipped block with its reason.
#ifndef IONSCREEN_LIB_CIF_INGEST_H_
#define IONSCREEN_LIB_CIF_INGEST_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "lib/cif/cif_reader.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/stream/record_stage.h"
#include "lib/stream/record_stream.h"

namespace ionscreen::cif {

// Per-id properties from a TSV with a header: an id column ("mp_id", "id" or
// "material_id"), and optionally columns whose names start with
// "e_above_hull", "band_gap" and "icsd_ids" (comma/space separated).
struct Properties {
  std::optional<double> e_above_hull_ev;
  std::optional<double> band_gap_ev;
  std::vector<int64_t> icsd_ids;
};
absl::StatusOr<absl::flat_hash_map<std::string, Properties>> ReadPropertiesTsv(
    const std::string& path);

struct IngestOptions {
  CifOptions cif;
  // A bad block is an error "FILE: block B: reason", or skipped
  // (lib/stream/record_stage.h).
  stream::SkipPolicy skip;
  // Keep only structures containing this element ("" keeps all).
  std::string require_element;
  const absl::flat_hash_map<std::string, Properties>* properties = nullptr;
  // Applied to each parsed crystal (e.g. oxidation-state assignment); an
  // error counts as a bad record.
  std::function<absl::Status(crystal::Crystal*)> post_process;
  // Called after each input file.
  std::function<void()> on_file_done;
};

struct IngestReport {
  int64_t files = 0;
  int64_t blocks = 0;
  int64_t parsed = 0;      // written to the stream
  int64_t filtered = 0;    // lacked require_element (not errors)
  int64_t skipped = 0;     // bad blocks skipped with keep_going
  int64_t with_properties = 0;
  std::map<std::string, int64_t> skipped_by_reason;
  std::string Summary() const;
};

// Expands directories (their *.cif files, sorted) and keeps files as given.
absl::StatusOr<std::vector<std::string>> ExpandInputs(
    const std::vector<std::string>& inputs);

// Reads every input and writes crystals. Without keep_going the first bad
// block is an error naming file, block and reason.
absl::Status Ingest(const std::vector<std::string>& files,
                    const IngestOptions& options,
                    stream::RecordWriter<crystal::Crystal>& writer,
                    IngestReport* report);

// A short reason class for a failure message ("syntax error",
// "unknown element", ...), used for the summary.
std::string ReasonClass(absl::string_view message);

}  // namespace ionscreen::cif

#endif  // IONSCREEN_LIB_CIF_INGEST_H_
