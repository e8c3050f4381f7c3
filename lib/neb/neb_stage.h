// The neb-prep stage (tools/neb_prep_main.cc is its command line): picks
// one record of a Crystal stream (the first, or the first with an id),
// optionally with its hop path from a BvseResult stream, prepares its NEB
// (PrepareNeb) and writes the Quantum ESPRESSO inputs into a folder.
#ifndef IONSCREEN_LIB_NEB_NEB_STAGE_H_
#define IONSCREEN_LIB_NEB_NEB_STAGE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "lib/neb/neb_prep.h"
#include "lib/stream/record_stage.h"

namespace ionscreen::neb {

// The files RunNebPrep writes into its output folder.
inline constexpr const char* kNebStageFiles[] = {
    "neb_plain.in", "neb_climb.in", "relax_initial.in", "relax_final.in",
    "path.xyz"};

struct NebStageOptions {
  // A Crystal stream in; io.output_path is the folder for kNebStageFiles.
  // A record that cannot be prepared: an error naming it, or (keep_going)
  // reported and the next record (with that id) tried.
  stream::StageIo io{"-", ".", {}};
  // Record to prepare, by id or MP id (empty: the first record).
  std::string id;
  // BvseResult stream from `bvse --hop_path` (empty: the straight shortest
  // hop). A record whose id has no result, or a result without a hop path,
  // cannot be prepared.
  std::string bvse_path;
  NebOptions neb;
};

struct NebStageReport {
  std::string id;  // of the prepared record
  NebInputs inputs;
  int64_t skipped = 0;
};

// NotFound when no record could be prepared.
absl::StatusOr<NebStageReport> RunNebPrep(const NebStageOptions& options);

}  // namespace ionscreen::neb

#endif  // IONSCREEN_LIB_NEB_NEB_STAGE_H_
