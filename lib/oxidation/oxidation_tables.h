// Data tables for oxidation-state assignment, generated from Debian's
// pymatgen by gen_oxidation_data.py (see there for sources and licence).
#ifndef IONSCREEN_LIB_OXIDATION_OXIDATION_TABLES_H_
#define IONSCREEN_LIB_OXIDATION_OXIDATION_TABLES_H_

#include <optional>
#include <vector>

namespace ionscreen::oxidation {

// O'Keeffe & Brese (1991) element parameters: R_ij is derived from r and c.
struct BondValenceParam {
  int atomic_number;
  double r;
  double c;
};

// Mean and standard deviation of the bond-valence sum of a species in ICSD.
struct IcsdBvSum {
  int atomic_number;
  int oxidation_state;
  double mean;
  double std;
};

// Number of ICSD occurrences of a species (a prior, up to normalisation).
struct IcsdOccurrence {
  int atomic_number;
  int oxidation_state;
  double count;
};

// Bond-valence parameters of element z, or nullopt.
std::optional<BondValenceParam> FindBondValenceParam(int z);
// ICSD bond-valence statistics of element z (non-zero states, std > 0), in
// ascending oxidation state.
std::vector<IcsdBvSum> IcsdBvSumsFor(int z);
// ICSD occurrence count of (z, state); 0 when absent.
double IcsdOccurrenceCount(int z, int oxidation_state);
// Candidate states of Composition.oxi_state_guesses for element z (pymatgen's
// icsd_oxidation_states, else oxidation_states), in pymatgen's order.
const std::vector<int>& GuessStates(int z);

// The 16 anion-forming elements of O'Keeffe & Brese: a bond counts only if
// one end is one of these.
bool IsBondValenceElectronegative(int z);

}  // namespace ionscreen::oxidation

#endif  // IONSCREEN_LIB_OXIDATION_OXIDATION_TABLES_H_
