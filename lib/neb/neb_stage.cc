#include "lib/neb/neb_stage.h"

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/bvse/bvse.pb.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/stream/byte_io.h"
#include "lib/stream/record_stream.h"

namespace ionscreen::neb {
namespace {

// Hop paths by record id (the first result of an id); an id without a hop
// path maps to null.
using HopPaths =
    absl::flat_hash_map<std::string, std::unique_ptr<bvse::HopPath>>;

absl::StatusOr<HopPaths> ReadHopPaths(const std::string& path) {
  HopPaths hops;
  ASSIGN_OR_RETURN(auto source, stream::OpenFileSource(path));
  ASSIGN_OR_RETURN(auto reader, stream::RecordReader<bvse::BvseResult>::Open(
                                    std::move(source)));
  bvse::BvseResult r;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader->Next(&r));
    if (!more) return hops;
    if (hops.contains(r.id())) continue;
    hops[r.id()] =
        r.has_hop() ? std::make_unique<bvse::HopPath>(r.hop()) : nullptr;
  }
}

// The hop of a record from --bvse (null: none given, so the straight hop).
absl::StatusOr<const bvse::HopPath*> HopOf(const crystal::Crystal& c,
                                           const HopPaths* hops) {
  if (hops == nullptr) return nullptr;
  auto it = hops->find(c.id());
  if (it == hops->end()) return absl::NotFoundError("not in --bvse");
  if (it->second == nullptr) {
    return absl::InvalidArgumentError(
        "the BVSE result has no hop path (run bvse --hop_path)");
  }
  return it->second.get();
}

absl::StatusOr<NebInputs> Prepare(const crystal::Crystal& c,
                                  const HopPaths* hops,
                                  const NebOptions& options) {
  ASSIGN_OR_RETURN(const bvse::HopPath* hop, HopOf(c, hops));
  return PrepareNeb(c, hop, options);
}

}  // namespace

absl::StatusOr<NebStageReport> RunNebPrep(const NebStageOptions& options) {
  HopPaths hops;
  const bool use_bvse = !options.bvse_path.empty();
  if (use_bvse) {
    ASSIGN_OR_RETURN(hops, ReadHopPaths(options.bvse_path));
  }
  ASSIGN_OR_RETURN(auto source, stream::OpenFileSource(options.io.input_path));
  ASSIGN_OR_RETURN(auto reader, stream::RecordReader<crystal::Crystal>::Open(
                                    std::move(source)));
  const std::string& want = options.id;
  stream::SkipCounter skips(options.io.skip);
  NebStageReport report;
  crystal::Crystal c;
  bool found = false;
  while (!found) {
    ASSIGN_OR_RETURN(bool more, reader->Next(&c));
    if (!more) break;
    if (!(want.empty() || c.id() == want || c.mp_id() == want)) continue;
    absl::StatusOr<NebInputs> inputs =
        Prepare(c, use_bvse ? &hops : nullptr, options.neb);
    ASSIGN_OR_RETURN(
        found, skips.Keep(stream::RecordName(
                              static_cast<int64_t>(reader->records_read()) - 1,
                              c.id()),
                          inputs.status()));
    if (found) report.inputs = *std::move(inputs);
  }
  report.skipped = skips.skipped();
  if (!found) {
    if (report.skipped > 0) {
      return absl::NotFoundError(absl::StrCat(
          "no record could be prepared (", report.skipped, " skipped)"));
    }
    return absl::NotFoundError(want.empty()
                                   ? "the input stream holds no record"
                                   : absl::StrCat("no record with id ", want));
  }
  report.id = c.id();
  const NebInputs& in = report.inputs;
  const std::string* texts[] = {&in.neb_plain_in, &in.neb_climb_in,
                                &in.relax_initial_in, &in.relax_final_in,
                                &in.path_xyz};
  for (size_t i = 0; i < std::size(texts); ++i) {
    RETURN_IF_ERROR(stream::WriteTextFile(
        absl::StrCat(options.io.output_path, "/", kNebStageFiles[i]),
        *texts[i]));
  }
  return report;
}

}  // namespace ionscreen::neb
