// Oxidation states for every occupant of a Crystal, in the three tiers of the
// paper's code (FALL-ML/materials-discovery, Step 1), first accepted wins:
//   1. a fixed state per element (FixedTableState), accepted when the
//      occupancy-weighted net charge per cell is below 0.5 in magnitude;
//   2. bond-valence sums (bond_valence.h, pymatgen's BVAnalyzer with
//      distance_scale_factor 1), accepted under the same criterion;
//   3. the most probable charge-balanced combination by ICSD occurrence
//      statistics (composition_guess.h, pymatgen's oxi_state_guesses), which
//      may give fractional (average) states for mixed valence.
#ifndef IONSCREEN_LIB_OXIDATION_OXIDATION_H_
#define IONSCREEN_LIB_OXIDATION_OXIDATION_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::oxidation {

struct Options {
  bool reassign = false;  // reassign: ignore states already in the CIF
  // States declared on every occupant (e.g. a CIF's
  // _atom_type_oxidation_number) are by default used only when they balance
  // (|net charge| < 0.5, as the tiers) and are not all 0 in a structure with
  // cations and anions by electronegativity; otherwise they are discarded
  // and the tiers run. keep_declared keeps them as they are (cif2proto
  // --oxidation=declared, the behaviour before issue 18).
  bool keep_declared = false;
  // When no tier balances: false -> FailedPrecondition; true -> every state
  // 0 and tier OXIDATION_UNBALANCED_ZERO (the paper's code: pymatgen's
  // add_oxidation_state_by_guess falls back to all zeros).
  bool zero_when_unbalanced = false;
};

// What AssignOxidationStates did that the caller may want to report (the
// library does not print). Each field is empty when it did not happen.
struct AssignNotes {
  // "<id>: <why the declared states were not used>; <what was used>", e.g.
  // "x: all 0 in a structure with cations and anions by electronegativity
  // (Li 0.98 < O 3.44); assigned by bond valence". Set even when no tier
  // balances afterwards (then with "no tier balances").
  std::string declared_not_used;
  // Why no tier balanced, when every state was set to 0
  // (zero_when_unbalanced): the message the error would carry.
  std::string unbalanced;
};

// Assigns an oxidation state to every occupant of *c in the paper's three
// tiers (fixed table accepted when |occupancy-weighted net charge per cell| <
// 0.5; bond-valence sums; ICSD-statistics charge-balanced guess), first
// accepted wins; sets c->oxidation_tier. A single-element structure gets
// every state 0 and tier OXIDATION_ELEMENT without the tiers. States already
// present on all occupants are kept (tier OXIDATION_FROM_CIF) unless
// reassign, or unless they fail the check described at
// Options::keep_declared (then notes->declared_not_used says why). If no
// tier balances: FailedPrecondition naming the net charge (of the fixed
// table) and why each tier failed; *c is then left without states. With
// options.zero_when_unbalanced it is instead Ok with every state 0, and that
// same reason goes to notes->unbalanced. notes may be null; it is cleared.
absl::Status AssignOxidationStates(crystal::Crystal* c,
                                   const Options& options = {},
                                   AssignNotes* notes = nullptr);

// Why states declared on every occupant of c should not be used (the check
// of Options::keep_declared), or "" when they pass or some are missing.
std::string DeclaredStatesProblem(const crystal::Crystal& c);

// True when every occupant is the same element.
bool IsSingleElement(const crystal::Crystal& c);

// The paper's fixed state for element z (H +1, Li +1, ..., O -2, F -1, ...),
// or nullopt for elements the table does not list.
std::optional<int> FixedTableState(int z);

// Occupancy-weighted sum of oxidation states over the cell; InvalidArgument
// naming the site when an occupant has no state.
absl::StatusOr<double> NetCharge(const crystal::Crystal& c);

// True when every occupant carries an oxidation state.
bool HasAllOxidationStates(const crystal::Crystal& c);

}  // namespace ionscreen::oxidation

#endif  // IONSCREEN_LIB_OXIDATION_OXIDATION_H_
