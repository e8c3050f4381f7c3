// Test driver for composition_oracle_test.sh: for each CIF path on the
// command line (after the Magpie directory), prints one line per descriptor:
// file <TAB> descriptor <TAB> values (or ERROR), plus a "species" line with
// the oxidation-state amounts lib/oxidation assigned.
#include <cstdio>
#include <string>
#include <vector>

#include "lib/cif/cif_reader.h"
#include "lib/crystal/crystal_util.h"
#include "lib/descriptors/elemdata/elemdata.h"
#include "lib/descriptors/elemdata/test_util.h"
#include "lib/oxidation/oxidation.h"

int main(int argc, char** argv) {
  using namespace ionscreen;
  if (argc < 3) {
    std::fprintf(stderr, "usage: composition_dump MAGPIE_DIR CIF...\n");
    return 2;
  }
  const std::string magpie = argv[1];
  std::vector<std::pair<std::string, std::unique_ptr<describe::Descriptor>>> ds;
  for (const char* name : {"band_center", "oxidation_stats",
                           "electronegativity_diff", "valence_orbital", "meredig"}) {
    describe::Params p;
    if (std::string(name) == "valence_orbital" || std::string(name) == "meredig") {
      p["magpie_dir"] = magpie;
    }
    auto d = elemdata::testing::Make(name, p);
    if (!d.ok()) {
      std::fprintf(stderr, "%s\n", d.status().ToString().c_str());
      return 1;
    }
    ds.emplace_back(name, std::move(*d));
  }
  for (int i = 2; i < argc; ++i) {
    auto c = cif::ReadFirstCrystal(argv[i]);
    if (!c.ok() || crystal::IsDisordered(*c)) continue;
    (void)oxidation::AssignOxidationStates(&*c);
    auto species = elemdata::GetSpeciesAmounts(*c, "dump");
    if (species.ok()) {
      std::printf("%s\tspecies", argv[i]);
      for (const auto& [sp, amt] : *species) {
        std::printf("\t%d:%.17g:%.17g", sp.z, sp.oxidation_state, amt);
      }
      std::printf("\n");
    }
    for (const auto& [name, d] : ds) {
      auto v = d->Compute(*c);
      std::printf("%s\t%s", argv[i], name.c_str());
      if (!v.ok()) {
        std::printf("\tERROR\n");
        continue;
      }
      for (double x : *v) std::printf("\t%.17g", x);
      std::printf("\n");
    }
  }
  return 0;
}
