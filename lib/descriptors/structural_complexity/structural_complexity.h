// Structural complexity (matminer StructuralComplexity; Krivovichev 2013):
// Shannon information entropy over the symmetry orbits of the cell,
// I = -Σ p_i log2 p_i with p_i = m_i / v (m_i sites in orbit i, v sites in
// the cell), per atom and per cell (I · v). Orbits from spglib's
// equivalent_atoms with symprec 0.1 Å and angle tolerance 5° (pymatgen's
// SpacegroupAnalyzer defaults).
//
// Sites are typed by their full occupant list (element, occupancy,
// oxidation state), as pymatgen types sites by their species, so disordered
// sites are handled as their own species ("weighted" and ordered agree).
#ifndef IONSCREEN_LIB_DESCRIPTORS_STRUCTURAL_COMPLEXITY_STRUCTURAL_COMPLEXITY_H_
#define IONSCREEN_LIB_DESCRIPTORS_STRUCTURAL_COMPLEXITY_STRUCTURAL_COMPLEXITY_H_

#include <vector>

#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::descriptors {

// Orbit index (spglib equivalent_atoms) of every site.
absl::StatusOr<std::vector<int>> SymmetryOrbits(const crystal::Crystal& c,
                                                double symprec_angstrom,
                                                double angle_tolerance_deg);

// {bits per atom, bits per cell}.
absl::StatusOr<std::vector<double>> ComputeStructuralComplexity(
    const crystal::Crystal& c, double symprec_angstrom,
    double angle_tolerance_deg);

}  // namespace ionscreen::descriptors

#endif  // IONSCREEN_LIB_DESCRIPTORS_STRUCTURAL_COMPLEXITY_STRUCTURAL_COMPLEXITY_H_
