// Crystal records as structure files for viewers and other codes: CIF (one
// data block per record; VESTA, pymatgen, gemmi, ASE) and extended XYZ (ASE,
// OVITO). Both keep occupancies and oxidation states where the format can.
//
// CIF: space group P 1 with the stored (symmetry-expanded) sites; cell
// parameters from the lattice rows (a reader rebuilds its own Cartesian
// frame; fractional coordinates are unchanged); one _atom_site row per
// occupant, so a disordered site is several rows at one position with their
// occupancies. When every occupant has an oxidation state, type symbols carry
// it ("Li+", "S2-", pymatgen's spelling) and an _atom_type loop gives
// _atom_type_oxidation_number. Site labels are made unique within a block.
//
// Extended XYZ: one atom per site, its dominant occupant (highest
// occupancy; first listed on a tie), as ASE's CIF reader does; per-atom
// columns occupancy (of that occupant), site_occupancy (sum over the site),
// occupants ("Li:0.5,Na:0.5") and label; initial_charges holds the dominant
// occupant's oxidation state (0 when unknown). The lattice rows are written
// as is (Lattice="ax ay az bx by bz cx cy cz"), so Cartesian positions are
// those of the record.
#ifndef IONSCREEN_LIB_RECORDS_STRUCTURE_EXPORT_H_
#define IONSCREEN_LIB_RECORDS_STRUCTURE_EXPORT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::records {

// A CIF data block name for `id`: characters other than letters, digits and
// "-_.+" become "_" ("record" when empty).
std::string CifBlockName(absl::string_view id);

// One CIF data block ("data_<block_name>\n..."). Errors when the record is
// not a valid crystal (crystal::Validate), naming the reason.
absl::StatusOr<std::string> CrystalToCif(const crystal::Crystal& c,
                                         absl::string_view block_name);

// One extended XYZ frame (atom count line, comment line, atom lines).
absl::StatusOr<std::string> CrystalToExtxyz(const crystal::Crystal& c);

}  // namespace ionscreen::records

#endif  // IONSCREEN_LIB_RECORDS_STRUCTURE_EXPORT_H_
