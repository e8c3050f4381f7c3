// The paper's structure simplifications (method.md section 2). Every occupant
// falls in one category: mobile ion (its element is the mobile element, e.g.
// Li, whatever its state), cation (state > 0), anion (< 0) or neutral (0).
// A representation keeps some categories and replaces each kept occupant by a
// representative species: mobile stays the mobile element, cation -> Al,
// anion -> S, neutral -> Mg. "-40" variants scale the lattice isotropically
// so the cell volume is `volume_per_anion_angstrom3` per anion-or-neutral atom
// of the original structure (occupancy-weighted; the paper's code counts
// both). Fractional coordinates are unchanged.
//
// Disordered sites: each occupant is categorised on its own; occupants of
// dropped categories are removed, kept occupants that map to the same
// representative are merged (occupancies add, the oxidation state is their
// occupancy-weighted mean); a site left with no occupant is removed. So a Li/Zr
// mixed site becomes Li0.5 Al0.5 in CAMN, Al0.5 in CAN and Li0.5 in AM.
#ifndef IONSCREEN_LIB_SIMPLIFY_SIMPLIFY_H_
#define IONSCREEN_LIB_SIMPLIFY_SIMPLIFY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::simplify {

inline constexpr int kCationRepresentative = 13;  // Al
inline constexpr int kAnionRepresentative = 16;   // S
inline constexpr int kNeutralRepresentative = 12; // Mg

struct Representation {
  std::string name;  // "none", "CAMN", "CAN", "AM", "A", optionally "-40"
  bool original = false;  // "none": species untouched
  bool keep_cation = true;
  bool keep_anion = true;
  bool keep_mobile = true;
  bool keep_neutral = true;
  bool scale_volume = false;  // the "-40" suffix
};

// Parses "none", "CAMN", "CAN", "AM", "A", each optionally with "-40".
absl::StatusOr<Representation> ParseRepresentation(absl::string_view name);

// The paper's nine: none, CAMN, CAN, AM, A, CAMN-40, CAN-40, AM-40, A-40.
const std::vector<std::string>& AllRepresentationNames();

struct Options {
  int mobile_atomic_number = 3;  // Li
  double volume_per_anion_angstrom3 = 40.0;
};

// FailedPrecondition naming the record when every oxidation state it carries
// is 0 (issue 18: a CIF declaring 0 for each species), unless its oxidation
// tier says the zeros are meant: OXIDATION_UNBALANCED_ZERO (kept on purpose
// by cif2proto --unbalanced=zero, as the paper's code) or OXIDATION_ELEMENT.
absl::Status CheckNotNeutral(const crystal::Crystal& c);

// The simplified structure: id and metadata kept, `representation` set,
// reduced_formula recomputed for the new species, space group cleared when
// species change (the representatives can raise the symmetry). Errors name
// the record: an occupant without oxidation state (except for "none"), no
// anion or neutral atom to scale by for "-40", an all-neutral record
// (CheckNotNeutral, for every representation).
absl::StatusOr<crystal::Crystal> Simplify(const crystal::Crystal& in,
                                          const Representation& rep,
                                          const Options& options = {});

}  // namespace ionscreen::simplify

#endif  // IONSCREEN_LIB_SIMPLIFY_SIMPLIFY_H_
