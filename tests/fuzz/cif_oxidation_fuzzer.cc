// libFuzzer target (issue 16): cif2proto's default path after the reader,
// oxidation-state assignment (lib/oxidation's three tiers: fixed table,
// bond-valence sums, ICSD-statistics guess) on every crystal the reader
// accepts. Any input must give states or an error, never a crash or a hang;
// states it reports as assigned must be on every occupant and balance as the
// tier promises.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "lib/cif/cif_reader.h"
#include "lib/crystal/crystal_util.h"
#include "lib/oxidation/oxidation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ionscreen;
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const cif::BlockResult& block : cif::ReadCifText(text, "fuzz.cif")) {
    if (!block.crystal.ok()) continue;
    // cif2proto's default (--oxidation=auto), then its --unbalanced=zero
    // where that differs (no tier balanced): the tiers are the same work.
    for (bool zero : {false, true}) {
      crystal::Crystal c = *block.crystal;
      oxidation::Options options;
      options.zero_when_unbalanced = zero;
      oxidation::AssignNotes notes;
      const absl::Status st =
          oxidation::AssignOxidationStates(&c, options, &notes);
      if (!st.ok()) {
        // "No tier balances" (FailedPrecondition) becomes all-zero states
        // with zero_when_unbalanced; other errors (bad input) stay errors.
        if (zero && st.code() == absl::StatusCode::kFailedPrecondition) {
          std::abort();
        }
        if (st.code() != absl::StatusCode::kFailedPrecondition) break;
        continue;
      }
      if (!oxidation::HasAllOxidationStates(c)) std::abort();
      absl::StatusOr<double> net = oxidation::NetCharge(c);
      if (!net.ok() || !std::isfinite(*net)) std::abort();
      if (!crystal::Validate(c).ok()) std::abort();
      break;  // one accepted assignment checked
    }
  }
  return 0;
}
