// The bvse tool's stage: a Crystal stream in, one BvseResult per record out
// (and a TSV row), with the --keep_going contract of lib/stream/record_stage.
#ifndef IONSCREEN_LIB_BVSE_BVSE_STREAM_H_
#define IONSCREEN_LIB_BVSE_BVSE_STREAM_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "lib/bvse/bvse.h"
#include "lib/stream/record_stage.h"
#include "lib/stream/stream.pb.h"

namespace ionscreen::bvse {

struct BvseStageOptions {
  // Crystal stream in, BvseResult stream out; a record that fails is an
  // error "record N (id): reason", or skipped.
  stream::StageIo io;
  std::string tsv_path;  // also a TSV summary here (optional)
  // softbv_params.tsv and principal_quantum_number.tsv; with
  // BvseModel::kPaper also paper_radii.tsv unless paper_radii_path is set.
  std::string params_dir;
  std::string paper_radii_path;
  BvseOptions bvse;
  // Assign oxidation states (lib/oxidation) to records lacking them instead
  // of failing them.
  bool assign_oxidation = false;
  // Called after each record (progress).
  std::function<void()> on_record;
};

// Loads the parameters, then runs RunBvse on every record of the input,
// writing one BvseResult each (the header: the input's provenance and
// `step`) and, with tsv_path, BvseTsvHeader() then one BvseTsvRow each.
absl::StatusOr<stream::StageCounts> RunBvseStage(
    const BvseStageOptions& options, stream::ProvenanceStep step);

}  // namespace ionscreen::bvse

#endif  // IONSCREEN_LIB_BVSE_BVSE_STREAM_H_
