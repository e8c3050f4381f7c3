// Orbital field matrix (Pham et al., Sci. Technol. Adv. Mater. 18, 756,
// 2017; matminer OrbitalFieldMatrix): each element is a one-hot vector of
// its valence subshell occupations (s1-2, p1-6, d1-10, f1-14: 32 entries,
// plus 7 period entries with period_tag), built from the electron
// configuration exactly as matminer's get_ohv. A site's matrix is
// Σ_neighbours ohv(neighbour) ⊗ ohv(centre) · w / d, with w the Voronoi
// solid-angle weight normalised by the site's largest (VoronoiNN) and d in
// bohr (matminer's ANG_TO_BOHR); the structure's matrix is the mean over
// sites, flattened row-major (neighbour orbital major): 1024 or 1521.
//
// matminer averages over a 3x3x3 supercell's symmetry-distinct sites; the
// periodic tessellation gives each site the same environment, so the mean
// over the cell's sites is the same matrix.
//
// Disorder ("weighted"): a site's vector is the occupancy-weighted sum of
// its occupants' vectors (centre and neighbours); sites count equally.
#ifndef IONSCREEN_LIB_DESCRIPTORS_ORBITAL_FIELD_MATRIX_ORBITAL_FIELD_MATRIX_H_
#define IONSCREEN_LIB_DESCRIPTORS_ORBITAL_FIELD_MATRIX_ORBITAL_FIELD_MATRIX_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/voronoi/voronoi.h"

namespace ionscreen::descriptors {

// matminer's one-hot valence vector of element z (32 or 39 entries).
absl::StatusOr<std::vector<double>> OneHotValence(int z, bool period_tag);

std::vector<std::string> OrbitalFieldMatrixLabels(bool period_tag);

absl::StatusOr<std::vector<double>> OrbitalFieldMatrix(
    const crystal::Crystal& c, const voronoi::Tessellation& t, bool period_tag);

}  // namespace ionscreen::descriptors

#endif  // IONSCREEN_LIB_DESCRIPTORS_ORBITAL_FIELD_MATRIX_ORBITAL_FIELD_MATRIX_H_
