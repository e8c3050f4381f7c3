// The most probable charge-balanced oxidation states of a composition, ranked
// by ICSD occurrence statistics: a re-implementation of the algorithm of
// pymatgen's Composition.oxi_state_guesses() (first guess), with the same
// candidate states, scores and tie-breaking, but dynamic programming instead
// of enumerating every combination, so whole unit cells stay fast.
#ifndef IONSCREEN_LIB_OXIDATION_COMPOSITION_GUESS_H_
#define IONSCREEN_LIB_OXIDATION_COMPOSITION_GUESS_H_

#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace ionscreen::oxidation {

struct ElementAverageState {
  int atomic_number;
  double average_state;  // may be fractional (mixed valence)
};

// `amounts`: (atomic number, number of atoms) in the order pymatgen would see
// the elements (it breaks score ties by that order). Each atom of an element
// takes one of GuessStates(z); a combination's score is the sum over atoms of
// the ICSD occurrence count of its state; the best-scoring combination whose
// states sum to `target_charge` wins. NotFound when none balances;
// InvalidArgument for non-positive amounts; ResourceExhausted when the
// composition is too large to search.
absl::StatusOr<std::vector<ElementAverageState>> MostProbableOxidationStates(
    const std::vector<std::pair<int, int>>& amounts, int target_charge = 0);

}  // namespace ionscreen::oxidation

#endif  // IONSCREEN_LIB_OXIDATION_COMPOSITION_GUESS_H_
