// Maximum packing efficiency (matminer MaximumPackingEfficiency; Ward et al.
// PRB 96, 024104, 2017): each atom grows to the distance from its centre to
// the nearest face of its Voronoi cell (half the nearest-neighbour
// distance); the feature is the total volume of those spheres over the cell
// volume.
//
// Geometry only: every site is a sphere whatever its occupancy, so
// "weighted" disorder gives the same value as the ordered structure.
#ifndef IONSCREEN_LIB_DESCRIPTORS_MAX_PACKING_EFFICIENCY_MAX_PACKING_EFFICIENCY_H_
#define IONSCREEN_LIB_DESCRIPTORS_MAX_PACKING_EFFICIENCY_MAX_PACKING_EFFICIENCY_H_

#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/voronoi/voronoi.h"

namespace ionscreen::descriptors {

double MaxPackingEfficiency(const voronoi::Tessellation& t,
                            double cell_volume_angstrom3);

}  // namespace ionscreen::descriptors

#endif  // IONSCREEN_LIB_DESCRIPTORS_MAX_PACKING_EFFICIENCY_MAX_PACKING_EFFICIENCY_H_
