// Chemical ordering (matminer ChemicalOrdering; Ward et al. 2017): a
// Warren-Cowley-like parameter per site and element over Voronoi neighbour
// shells 1, 2, 3 (face-area weights normalised per cell; shells are
// non-backtracking paths with multiplied weights, pymatgen's
// _get_nn_shell_info):
//   alpha(t, s) = 1 - Σ_n w_n δ(t - t_n) / (x_t Σ_n w_n),
// and the feature per shell is the mean |alpha| over sites and elements.
// A single-element structure gives 0.
//
// Disorder ("weighted"): element fractions x_t are occupancy-weighted; a
// neighbour contributes w_n · occupancy to each of its elements and
// w_n · (its total occupancy) to Σ_n w_n; every site counts once in the mean.
// An ordered structure gets matminer's values.
#ifndef IONSCREEN_LIB_DESCRIPTORS_CHEMICAL_ORDERING_CHEMICAL_ORDERING_H_
#define IONSCREEN_LIB_DESCRIPTORS_CHEMICAL_ORDERING_CHEMICAL_ORDERING_H_

#include <vector>

#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/voronoi/voronoi.h"

namespace ionscreen::descriptors {

std::vector<double> ChemicalOrdering(const crystal::Crystal& c,
                                     const voronoi::Tessellation& t,
                                     const std::vector<int>& shells);

}  // namespace ionscreen::descriptors

#endif  // IONSCREEN_LIB_DESCRIPTORS_CHEMICAL_ORDERING_CHEMICAL_ORDERING_H_
