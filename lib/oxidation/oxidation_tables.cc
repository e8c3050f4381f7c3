#include "lib/oxidation/oxidation_tables.h"

#include <vector>

namespace ionscreen::oxidation {
namespace {
#include "lib/oxidation/oxidation_data.inc"

const std::vector<int> kEmpty;
}  // namespace

std::optional<BondValenceParam> FindBondValenceParam(int z) {
  for (const BondValenceParam& p : kBondValenceParams) {
    if (p.atomic_number == z) return p;
  }
  return std::nullopt;
}

std::vector<IcsdBvSum> IcsdBvSumsFor(int z) {
  std::vector<IcsdBvSum> out;
  for (const IcsdBvSum& s : kIcsdBvSum) {
    if (s.atomic_number == z) out.push_back(s);
  }
  return out;
}

double IcsdOccurrenceCount(int z, int oxidation_state) {
  for (const IcsdOccurrence& o : kIcsdOccurrence) {
    if (o.atomic_number == z && o.oxidation_state == oxidation_state) {
      return o.count;
    }
  }
  return 0.0;
}

const std::vector<int>& GuessStates(int z) {
  constexpr int kMax = sizeof(kGuessStates) / sizeof(kGuessStates[0]) - 1;
  if (z < 1 || z > kMax) return kEmpty;
  return kGuessStates[z];
}

bool IsBondValenceElectronegative(int z) {
  // H, B, C, Si, N, P, As, Sb, O, S, Se, Te, F, Cl, Br, I.
  switch (z) {
    case 1: case 5: case 6: case 14: case 7: case 15: case 33: case 51:
    case 8: case 16: case 34: case 52: case 9: case 17: case 35: case 53:
      return true;
    default:
      return false;
  }
}

}  // namespace ionscreen::oxidation
