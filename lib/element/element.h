// Periodic table by atomic number (1..103). Sources per column are in
// gen_element_data.py, which generated element_data.inc.
#ifndef IONSCREEN_LIB_ELEMENT_ELEMENT_H_
#define IONSCREEN_LIB_ELEMENT_ELEMENT_H_

#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ionscreen::element {

inline constexpr int kMaxAtomicNumber = 103;

struct ShannonRadius {
  int charge;
  int coordination;  // IVSQ and IVPY count as 4
  double ionic_radius_angstrom;
  double crystal_radius_angstrom;
};

struct Element {
  int atomic_number;
  const char* symbol;
  const char* name;
  double mass_amu;
  double pauling_electronegativity;  // NaN when undefined (noble gases)
  double atomic_radius_angstrom;     // empirical (Slater)
  double atomic_radius_calculated_angstrom;
  double covalent_radius_angstrom;   // Cordero 2008
  double first_ionization_energy_ev;
  double electron_affinity_ev;
  int mendeleev_number;
  int row;
  int group;   // 1..18; lanthanides/actinides report 3
  char block;  // 's', 'p', 'd', 'f'
  int valence_s, valence_p, valence_d, valence_f;  // Magpie convention
  const char* electronic_structure;                // e.g. "[Ar].3d6.4s2"
  std::vector<ShannonRadius> shannon_radii;
  std::vector<int> common_oxidation_states;
  std::vector<int> icsd_oxidation_states;
};

// The element with atomic number z, or an error for z outside 1..103.
absl::StatusOr<const Element*> ByAtomicNumber(int z);
// The element with atomic number z for z already validated (1..103, e.g. by
// crystal::Validate). Checked all the same: any other z returns
// UnknownElement() (symbol "X", NaN properties, no radii or states), so a
// bad record can never read outside the table.
const Element& Get(int z);
// The sentinel Get returns for an atomic number outside 1..103.
const Element& UnknownElement();
// Case-sensitive symbol lookup ("Li", "O"); error for unknown symbols.
absl::StatusOr<const Element*> BySymbol(absl::string_view symbol);

// Shannon radius for charge and coordination; when the coordination is not
// tabulated, the nearest tabulated coordination for that charge is used.
std::optional<ShannonRadius> FindShannonRadius(int z, int charge,
                                               int coordination);

}  // namespace ionscreen::element

#endif  // IONSCREEN_LIB_ELEMENT_ELEMENT_H_
