// Space-group detection with spglib (Debian's libsymspg): the symmetry of a
// structure as it is, not as its CIF declares it (Materials Project CIFs are
// all written in P 1).
#ifndef IONSCREEN_LIB_SYMMETRY_SYMMETRY_H_
#define IONSCREEN_LIB_SYMMETRY_SYMMETRY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::symmetry {

struct Symmetry {
  int number = 0;                   // International Tables number, 1..230
  std::string international;        // short Hermann-Mauguin symbol, "Fm-3m"
  std::vector<int> equivalent_atoms;  // per site: index of its orbit's representative
};

// spglib's dataset for `c`. Sites are typed by their full occupant list
// (element, occupancy, oxidation state), so a disordered site is only
// equivalent to sites with the same mixture. Tolerances as pymatgen's
// SpacegroupAnalyzer: distance in Å, angle in degrees (-1: spglib's default).
// Errors: no sites; spglib finding no dataset (its message is included).
absl::StatusOr<Symmetry> Analyze(const crystal::Crystal& c,
                                 double symprec_angstrom,
                                 double angle_tolerance_deg = -1);

// "Fm-3m (#225)".
std::string Label(const Symmetry& s);

}  // namespace ionscreen::symmetry

#endif  // IONSCREEN_LIB_SYMMETRY_SYMMETRY_H_
