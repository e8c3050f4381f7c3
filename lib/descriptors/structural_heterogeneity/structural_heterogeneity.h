// Structural heterogeneity (matminer StructuralHeterogeneity; Ward et al.
// 2017) over the Voronoi tessellation with face-area weights (VoronoiNN
// weight="area"): per site the area-weighted mean bond length (bond length =
// 2 x face_dist) and its weighted mean absolute deviation divided by that
// mean; then 9 features: mean absolute deviation, max and min of the mean
// bond lengths relative to their average; minimum, maximum, range, mean and
// mean absolute deviation of the per-site variation; and the mean absolute
// deviation of the Voronoi cell volumes over their mean.
//
// Geometry only: every site is a Voronoi seed whatever its occupancy, so
// "weighted" disorder gives the same values as the ordered structure.
#ifndef IONSCREEN_LIB_DESCRIPTORS_STRUCTURAL_HETEROGENEITY_STRUCTURAL_HETEROGENEITY_H_
#define IONSCREEN_LIB_DESCRIPTORS_STRUCTURAL_HETEROGENEITY_STRUCTURAL_HETEROGENEITY_H_

#include <vector>

#include "lib/voronoi/voronoi.h"

namespace ionscreen::descriptors {

std::vector<double> StructuralHeterogeneity(const voronoi::Tessellation& t);

}  // namespace ionscreen::descriptors

#endif  // IONSCREEN_LIB_DESCRIPTORS_STRUCTURAL_HETEROGENEITY_STRUCTURAL_HETEROGENEITY_H_
