// libFuzzer target (issue 16): the CIF reader behind cif2proto. Any input
// must give a crystal or an error, never a crash or a hang; a crystal it
// returns must pass crystal::Validate and be safe for the composition
// helpers every later stage uses.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "lib/cif/cif_reader.h"
#include "lib/crystal/crystal_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ionscreen;
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const cif::BlockResult& block : cif::ReadCifText(text, "fuzz.cif")) {
    if (!block.crystal.ok()) continue;
    const crystal::Crystal& c = *block.crystal;
    if (!crystal::Validate(c).ok()) std::abort();  // the reader validates
    (void)crystal::ReducedFormula(crystal::Composition(c));
    (void)crystal::DensityGramPerCm3(c);
    (void)crystal::IsDisordered(c);
  }
  return 0;
}
