// Periodic Voronoi tessellation of a crystal with voro++ (Debian voro++-dev):
// for each site its Voronoi cell, and for each face the neighbouring site and
// lattice image, face area, distances and the solid angle it subtends.
//
// Definitions follow pymatgen's VoronoiNN (analysis/local_env.py) so that the
// matminer descriptors built on it agree: face_dist is half the centre-to-
// neighbour distance, a face's pyramid volume is area * plane distance / 3,
// and the solid angle is the triangle-fan sum over the face polygon.
//
// Positions only: every site is a Voronoi seed whatever its occupancy;
// species-dependent descriptors decide what to do with disorder. Faces of
// area below 1e-9 Å² (degenerate, from co-spherical neighbours) are dropped.
//
// In a radical (Laguerre, power) tessellation a site's cell can be empty:
// when a sphere sits so close to larger neighbours that every point of
// space has a smaller power distance |x - p_j|² - r_j² to one of them (e.g.
// a cation 1.3-1.8 Å from oxygen positions that the CAN representation gives
// the S2- radius, 1.84 Å; or a point-like C4+ in a carbonate). Such a sphere
// lies inside the union of the other spheres, and the other cells are
// exactly those of the tessellation without it. voro++ reports the cell as
// not computed; its Cell is marked `empty` (volume 0, no vertices, no faces;
// no other cell has a face towards it). Empty cells are accepted only when
// the computed cells fill the unit cell's volume; a standard Voronoi cell is
// never empty, so there a missing cell is always an error.
#ifndef IONSCREEN_LIB_VORONOI_VORONOI_H_
#define IONSCREEN_LIB_VORONOI_VORONOI_H_

#include <vector>

#include "Eigen/Dense"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::voronoi {

struct Face {
  int neighbor = -1;                      // site index of the neighbour
  Eigen::Vector3i image = {0, 0, 0};      // its lattice translation
  double area_angstrom2 = 0;
  // Centre-to-neighbour distance, and the distance from the centre to the
  // face plane (half the former in a standard tessellation).
  double distance_angstrom = 0;
  double plane_distance_angstrom = 0;
  // pymatgen's "face_dist": distance_angstrom / 2.
  double face_dist_angstrom = 0;
  double solid_angle_sr = 0;
  double pyramid_volume_angstrom3 = 0;   // area * plane distance / 3
  int num_vertices = 0;
  // Indices into Cell::vertices_angstrom, in polygon order.
  std::vector<int> vertex_indices;
};

struct Cell {
  Eigen::Vector3d center_angstrom;        // Cartesian, site as given
  // Radical tessellation only: the site's power cell is empty (see above).
  bool empty = false;
  double volume_angstrom3 = 0;
  std::vector<Eigen::Vector3d> vertices_angstrom;  // Cartesian
  std::vector<Face> faces;

  // Largest of the faces' solid angles / areas (pymatgen normalises weights
  // by these).
  double MaxSolidAngle() const;
  double MaxArea() const;
};

struct Tessellation {
  std::vector<Cell> cells;  // one per site, in site order
};

struct Options {
  // Radical (Laguerre) tessellation with these radii per site (Å) when
  // non-empty; the standard Voronoi tessellation otherwise.
  std::vector<double> radii_angstrom;
  // Sites closer than this (Å) are an error: voro++ cannot separate them.
  double min_separation_angstrom = 1e-3;
};

// Tessellates the crystal's sites. Errors: invalid lattice, no sites,
// coincident sites, or a cell voro++ could not compute (for a radical
// tessellation: missing cells whose absence leaves part of the unit cell
// uncovered).
absl::StatusOr<Tessellation> Tessellate(const crystal::Crystal& crystal,
                                        const Options& options = {});

// Tessellate with default options for a descriptor of one record: an error
// becomes InvalidArgument "<descriptor>: record <id>: <message>".
absl::StatusOr<Tessellation> TessellateRecord(const crystal::Crystal& crystal,
                                              absl::string_view descriptor);

// Solid angle (sr) of a convex polygon seen from `center`, as pymatgen's
// local_env.solid_angle (triangle fan from the first vertex).
double SolidAngle(const Eigen::Vector3d& center,
                  const std::vector<Eigen::Vector3d>& polygon);

// Unimodular reduction of lattice rows towards short, near-orthogonal
// vectors (greedy pairwise reduction). Returns the reduced rows; `transform`
// (if not null) receives the integer matrix T with reduced = T * rows.
Eigen::Matrix3d ReduceLattice(const Eigen::Matrix3d& rows,
                              Eigen::Matrix3i* transform = nullptr);

}  // namespace ionscreen::voronoi

#endif  // IONSCREEN_LIB_VORONOI_VORONOI_H_
