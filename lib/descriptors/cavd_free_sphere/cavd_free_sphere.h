// CAVD-style largest free and included spheres (He et al., Sci. Data 7, 153,
// 2020; zeo++'s Di/Df): the mobile ions are removed, the remaining
// framework ions get Shannon ionic radii (by oxidation state and
// coordination), and the radical (Laguerre) Voronoi network of the framework
// is built with voro++: its vertices are interstitial sites, its edges the
// channel segments between them. A vertex's radius is its distance to the
// nearest ion surface; an edge's bottleneck is the smallest distance from
// the segment to an ion surface. The largest included sphere is the largest
// vertex radius; the largest free sphere in D dimensions (1, 2, 3) is the
// largest r for which the edges of bottleneck >= r percolate through the
// periodic cell in D independent directions (union-find with lattice
// offsets). Radii in Å (zeo++ and CAVD report diameters); 0 when no
// channel percolates.
//
// Radii: Shannon ionic radius for the occupant's charge at its coordination
// number, the number of opposite-sign Voronoi neighbours (full structure)
// with normalised solid angle >= 0.5 (6 when there are none); the nearest
// tabulated coordination is used; occupants without a Shannon entry for
// their charge fall back to the element's empirical atomic radius. A
// tabulated radius <= 0 (C4+ in 3-fold coordination -0.08 Å, H+ -0.38 and
// -0.18 Å, N5+ -0.104 Å, ...) is taken as 0: Shannon's scale gives such
// ions, bonded more closely than their ligands' radii, no volume of their
// own, so they add no excluded volume to the framework (see
// docs/decisions.md). Such an ion's power cell is usually empty.
// Disorder ("weighted"): a site is removed when all its occupants are the
// mobile element; otherwise its radius is the occupancy-weighted mean over
// its non-mobile occupants.
#ifndef IONSCREEN_LIB_DESCRIPTORS_CAVD_FREE_SPHERE_CAVD_FREE_SPHERE_H_
#define IONSCREEN_LIB_DESCRIPTORS_CAVD_FREE_SPHERE_CAVD_FREE_SPHERE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::descriptors {

struct FreeSphereResult {
  double included_radius_angstrom = 0;
  double free_radius_angstrom[3] = {0, 0, 0};  // percolating in 1, 2, 3 D
};

// The network analysis of `framework` with one radius per site.
absl::StatusOr<FreeSphereResult> FreeSpheres(const crystal::Crystal& framework,
                                             const std::vector<double>& radii);

struct FreeSphereOptions {
  int mobile_atomic_number = 3;
  // > 0: every framework ion gets this radius instead of Shannon radii.
  double uniform_radius_angstrom = 0;
};

// The radius (Å) given to a framework ion of this element, charge and
// coordination number, as described above. Error when neither a Shannon
// entry nor an atomic radius exists.
absl::StatusOr<double> FrameworkIonRadius(int atomic_number, double charge,
                                          int coordination);

// Removes the mobile ions, assigns radii and runs FreeSpheres.
absl::StatusOr<FreeSphereResult> CavdFreeSphere(const crystal::Crystal& c,
                                                const FreeSphereOptions& o);

}  // namespace ionscreen::descriptors

#endif  // IONSCREEN_LIB_DESCRIPTORS_CAVD_FREE_SPHERE_CAVD_FREE_SPHERE_H_
