#include "lib/voronoi/voronoi.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "voro++/voro++.hh"

namespace ionscreen::voronoi {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kMinFaceAreaAngstrom2 = 1e-9;
// Relative agreement of the summed cell volumes with the unit cell's volume
// required to accept empty power cells.
constexpr double kVolumeTolerance = 1e-9;

// Rotation taking lattice rows to voro++'s lower-triangular form (a along x,
// b in the xy plane); rows of the result are the new unit axes.
Eigen::Matrix3d TriangularFrame(const Eigen::Matrix3d& rows) {
  Eigen::Vector3d e1 = rows.row(0).normalized();
  Eigen::Vector3d b = rows.row(1);
  Eigen::Vector3d e2 = (b - b.dot(e1) * e1).normalized();
  Eigen::Vector3d e3 = e1.cross(e2);
  Eigen::Matrix3d q;
  q.row(0) = e1;
  q.row(1) = e2;
  q.row(2) = e3;
  return q;
}

// Splits voro++'s flat face_vertices list ([n, v0..vn-1, n, ...]).
std::vector<std::vector<int>> SplitFaces(const std::vector<int>& flat) {
  std::vector<std::vector<int>> faces;
  size_t k = 0;
  while (k < flat.size()) {
    int n = flat[k++];
    faces.emplace_back(flat.begin() + k, flat.begin() + k + n);
    k += n;
  }
  return faces;
}

template <class Container, class CellType>
absl::Status Collect(Container& con, const Eigen::Matrix3d& frame,
                     const std::vector<Eigen::Vector3d>& cart,
                     const Eigen::Matrix3d& lattice,
                     const std::vector<double>& radii, Tessellation* out) {
  const int n = static_cast<int>(cart.size());
  const Eigen::Matrix3d inv_lattice = lattice.inverse();
  out->cells.assign(n, Cell());
  std::vector<bool> done(n, false), empty(n, false);
  voro::c_loop_all_periodic loop(con);
  CellType c;
  std::vector<int> neighbors, face_vertices;
  std::vector<double> areas, normals, vertices;
  std::vector<Eigen::Vector3d> poly;  // one face's vertices, reused
  if (loop.start()) do {
      const int id = loop.pid();
      if (id < 0 || id >= n || done[id] || empty[id]) {
        return absl::InternalError(
            absl::StrCat("voro++ returned an unexpected particle id ", id));
      }
      if (!con.compute_cell(c, loop)) {
        // voro++ reports a cell cut away entirely. Legitimate only for a
        // power cell; checked against the total volume below.
        empty[id] = true;
        continue;
      }
      double px, py, pz;
      loop.pos(px, py, pz);
      // voro++ may have wrapped the particle; work relative to its own
      // position and map back to the site's Cartesian position.
      Eigen::Vector3d remapped(px, py, pz);
      Cell& cell = out->cells[id];
      cell.center_angstrom = cart[id];
      cell.volume_angstrom3 = c.volume();
      c.neighbors(neighbors);
      c.face_areas(areas);
      c.normals(normals);
      c.face_vertices(face_vertices);
      c.vertices(0, 0, 0, vertices);  // relative to the particle
      const int nv = static_cast<int>(vertices.size() / 3);
      cell.vertices_angstrom.resize(nv);
      for (int v = 0; v < nv; ++v) {
        Eigen::Vector3d rel(vertices[3 * v], vertices[3 * v + 1],
                            vertices[3 * v + 2]);
        cell.vertices_angstrom[v] = cart[id] + frame.transpose() * rel;
      }
      std::vector<std::vector<int>> polys = SplitFaces(face_vertices);
      const size_t nf = neighbors.size();
      if (polys.size() != nf || areas.size() != nf || normals.size() != 3 * nf) {
        return absl::InternalError("voro++ face lists disagree in length");
      }
      cell.faces.reserve(nf);
      for (size_t f = 0; f < nf; ++f) {
        Face face;
        face.neighbor = neighbors[f];
        if (face.neighbor < 0 || face.neighbor >= n) {
          return absl::InternalError(absl::StrCat(
              "site ", id, ": voro++ face without a neighbour (wall)"));
        }
        // Co-spherical neighbours give zero-area faces whose normal voro++
        // cannot define; they carry no weight in any descriptor, so drop
        // them (pymatgen's weights are 0 for them too).
        Eigen::Vector3d raw_normal(normals[3 * f], normals[3 * f + 1],
                                   normals[3 * f + 2]);
        if (areas[f] < kMinFaceAreaAngstrom2 || raw_normal.norm() < 0.5) {
          continue;
        }
        face.area_angstrom2 = areas[f];
        face.vertex_indices = polys[f];
        face.num_vertices = static_cast<int>(polys[f].size());
        Eigen::Vector3d normal = frame.transpose() * raw_normal.normalized();
        poly.clear();
        double h = 0;
        for (int vi : polys[f]) {
          poly.push_back(cell.vertices_angstrom[vi]);
          h += (cell.vertices_angstrom[vi] - cart[id]).dot(normal);
        }
        h /= std::max<size_t>(1, polys[f].size());
        face.plane_distance_angstrom = h;
        // Find the neighbour's image: it lies along the face normal at the
        // distance d solving h = (d^2 + ri^2 - rj^2) / (2 d).
        const int j = face.neighbor;
        double dr2 = 0;
        if (!radii.empty()) dr2 = radii[id] * radii[id] - radii[j] * radii[j];
        double disc = h * h - dr2;
        double candidates[2];
        int num_candidates = 0;
        if (disc >= 0) {
          candidates[num_candidates++] = h + std::sqrt(disc);
          candidates[num_candidates++] = h - std::sqrt(disc);
        }
        bool found = false;
        double best_residual = 1e300;
        for (int ci = 0; ci < num_candidates; ++ci) {
          const double d = candidates[ci];
          if (d <= 0) continue;
          Eigen::Vector3d q = cart[id] + d * normal;
          Eigen::Vector3d f_rel =
              (inv_lattice.transpose() * (q - cart[j]));
          Eigen::Vector3d k = f_rel.array().round();
          Eigen::Vector3d residual = lattice.transpose() * (f_rel - k);
          double r = residual.norm();
          if (r < best_residual) {
            best_residual = r;
            face.image = k.cast<int>();
            found = true;
          }
        }
        if (!found || best_residual > 1e-3 * std::max(1.0, h)) {
          return absl::InternalError(absl::StrCat(
              "site ", id, ": could not place neighbour ", j,
              " of a Voronoi face (residual ", best_residual, " Å)"));
        }
        Eigen::Vector3d qpos =
            cart[j] + lattice.transpose() * face.image.cast<double>();
        face.distance_angstrom = (qpos - cart[id]).norm();
        face.face_dist_angstrom = face.distance_angstrom / 2;
        face.pyramid_volume_angstrom3 = face.area_angstrom2 * h / 3;
        face.solid_angle_sr = SolidAngle(cart[id], poly);
        cell.faces.push_back(std::move(face));
      }
      done[id] = true;
    } while (loop.inc());
  int first_missing = -1;
  double filled_angstrom3 = 0;
  for (int i = 0; i < n; ++i) {
    if (done[i]) {
      filled_angstrom3 += out->cells[i].volume_angstrom3;
    } else if (first_missing < 0) {
      first_missing = i;
    }
  }
  if (first_missing < 0) return absl::OkStatus();
  // A standard Voronoi cell always contains its site's neighbourhood; a
  // power cell may be empty (see voronoi.h). The remaining cells then tile
  // the unit cell by themselves, which certifies that the missing ones have
  // no volume rather than having been lost by voro++.
  const double volume_angstrom3 = std::abs(lattice.determinant());
  if (radii.empty() || std::abs(filled_angstrom3 - volume_angstrom3) >
                           kVolumeTolerance * volume_angstrom3) {
    return absl::InternalError(absl::StrCat(
        "voro++ could not compute the cell of site ", first_missing,
        " (the computed cells fill ", filled_angstrom3, " of ",
        volume_angstrom3, " Å³)"));
  }
  for (int i = 0; i < n; ++i) {
    if (done[i]) continue;
    if (!empty[i]) {
      return absl::InternalError(
          absl::StrCat("voro++ did not visit site ", i));
    }
    Cell& cell = out->cells[i];
    cell.center_angstrom = cart[i];
    cell.empty = true;
  }
  return absl::OkStatus();
}

}  // namespace

double Cell::MaxSolidAngle() const {
  double m = 0;
  for (const Face& f : faces) m = std::max(m, f.solid_angle_sr);
  return m;
}

double Cell::MaxArea() const {
  double m = 0;
  for (const Face& f : faces) m = std::max(m, f.area_angstrom2);
  return m;
}

double SolidAngle(const Eigen::Vector3d& center,
                  const std::vector<Eigen::Vector3d>& polygon) {
  if (polygon.size() < 3) return 0;
  // Offsets and lengths computed as needed (the same expressions, so the
  // same doubles) rather than stored: no allocation per face.
  const Eigen::Vector3d r0 = polygon[0] - center;
  const double rn0 = r0.norm();
  Eigen::Vector3d ri = polygon[1] - center;
  double rni = ri.norm();
  // Van Oosterom & Strackee per fan triangle.
  double angle = 0;
  for (size_t i = 1; i + 1 < polygon.size(); ++i) {
    const Eigen::Vector3d rj = polygon[i + 1] - center;
    const double rnj = rj.norm();
    double tp = std::abs(r0.dot(ri.cross(rj)));
    double de = rn0 * rni * rnj + rnj * r0.dot(ri) +
                rni * r0.dot(rj) + rn0 * ri.dot(rj);
    ri = rj;
    rni = rnj;
    double a;
    if (de == 0) {
      a = tp > 0 ? 0.5 * kPi : -0.5 * kPi;
    } else {
      a = std::atan(tp / de);
    }
    angle += (a > 0 ? a : a + kPi) * 2;
  }
  return angle;
}

Eigen::Matrix3d ReduceLattice(const Eigen::Matrix3d& rows,
                              Eigen::Matrix3i* transform) {
  Eigen::Matrix3d b = rows;
  Eigen::Matrix3i t = Eigen::Matrix3i::Identity();
  // Greedy pairwise (Gauss) reduction until no vector can be shortened by
  // adding an integer multiple of another; converges for 3D lattices.
  for (int iter = 0; iter < 1000; ++iter) {
    bool changed = false;
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < 3; ++j) {
        if (i == j) continue;
        double nj = b.row(j).squaredNorm();
        double m = std::round(b.row(i).dot(b.row(j)) / nj);
        if (m != 0) {
          Eigen::RowVector3d cand = b.row(i) - m * b.row(j);
          if (cand.squaredNorm() < b.row(i).squaredNorm() * (1 - 1e-12)) {
            b.row(i) = cand;
            t.row(i) -= static_cast<int>(m) * t.row(j);
            changed = true;
          }
        }
      }
    }
    if (!changed) break;
  }
  if (transform != nullptr) *transform = t;
  return b;
}

absl::StatusOr<Tessellation> Tessellate(const crystal::Crystal& crystal,
                                        const Options& options) {
  const int n = crystal.sites_size();
  if (n == 0) return absl::InvalidArgumentError("structure has no sites");
  if (!options.radii_angstrom.empty() &&
      static_cast<int>(options.radii_angstrom.size()) != n) {
    return absl::InvalidArgumentError("one radius per site is required");
  }
  const Eigen::Matrix3d lattice = crystal::LatticeMatrix(crystal);
  const double volume = lattice.determinant();
  if (!std::isfinite(volume) || std::abs(volume) < 1e-6) {
    return absl::InvalidArgumentError("lattice is singular");
  }
  std::vector<Eigen::Vector3d> cart(n);
  for (int i = 0; i < n; ++i) {
    cart[i] = crystal::CartesianPosition(crystal, crystal.sites(i));
    if (!cart[i].allFinite()) {
      return absl::InvalidArgumentError(
          absl::StrCat("site ", i, " has a non-finite position"));
    }
  }

  // voro++ wants a right-handed, lower-triangular, reasonably reduced cell.
  Eigen::Matrix3d reduced = ReduceLattice(lattice);
  if (reduced.determinant() < 0) reduced = -reduced;
  const Eigen::Matrix3d frame = TriangularFrame(reduced);
  Eigen::Matrix3d tri = (frame * reduced.transpose()).transpose();  // rows
  // Size-reduce the off-diagonal terms (|bxy| <= bx/2 etc.).
  tri.row(1) -= std::round(tri(1, 0) / tri(0, 0)) * tri.row(0);
  tri.row(2) -= std::round(tri(2, 1) / tri(1, 1)) * tri.row(1);
  tri.row(2) -= std::round(tri(2, 0) / tri(0, 0)) * tri.row(0);
  const double bx = tri(0, 0), bxy = tri(1, 0), by = tri(1, 1);
  const double bxz = tri(2, 0), byz = tri(2, 1), bz = tri(2, 2);
  if (!(bx > 0 && by > 0 && bz > 0)) {
    return absl::InternalError("lattice triangularisation failed");
  }

  // Coincident sites make voro++ fail or loop; reject them first.
  {
    const Eigen::Matrix3d inv = lattice.inverse();
    const Eigen::Vector3d inv_col_norm = inv.colwise().norm().transpose();
    for (int i = 0; i < n; ++i) {
      for (int j = i + 1; j < n; ++j) {
        Eigen::Vector3d df = inv.transpose() * (cart[j] - cart[i]);
        df = df.array() - df.array().round();
        // Any lattice translation s of the pair has |df_k - integer| <=
        // |column k of inv| * |s|, so a fractional offset this far from an
        // integer rules out every s shorter than twice the threshold (the
        // margin covers rounding): skip the 27 images, the decision is the
        // same.
        bool far = false;
        for (int k = 0; k < 3; ++k) {
          far |= std::abs(df[k]) >
                 inv_col_norm[k] * 2 * options.min_separation_angstrom + 1e-9;
        }
        if (far) continue;
        Eigen::Vector3d d = lattice.transpose() * df;
        // Check the neighbouring images of the reduced cell too. Squared
        // lengths, one sqrt at the end: sqrt is monotonic and correctly
        // rounded, so the minimum is the same double as the minimum of norms.
        double best2 = d.squaredNorm();
        for (int a = -1; a <= 1; ++a)
          for (int b = -1; b <= 1; ++b)
            for (int c = -1; c <= 1; ++c) {
              Eigen::Vector3d s = d + a * reduced.row(0).transpose() +
                                  b * reduced.row(1).transpose() +
                                  c * reduced.row(2).transpose();
              best2 = std::min(best2, s.squaredNorm());
            }
        const double best = std::sqrt(best2);
        if (best < options.min_separation_angstrom) {
          return absl::InvalidArgumentError(absl::StrCat(
              "sites ", i, " and ", j, " coincide (", best, " Å apart)"));
        }
      }
    }
  }

  // About five particles per block, as voro++ recommends.
  const double vol = bx * by * bz;
  const double ilscale = std::cbrt(n / (5.0 * vol));
  const int nx = std::max(1, static_cast<int>(bx * ilscale + 1));
  const int ny = std::max(1, static_cast<int>(by * ilscale + 1));
  const int nz = std::max(1, static_cast<int>(bz * ilscale + 1));

  std::vector<Eigen::Vector3d> put(n);
  for (int i = 0; i < n; ++i) put[i] = frame * cart[i];

  Tessellation out;
  if (options.radii_angstrom.empty()) {
    voro::container_periodic con(bx, bxy, by, bxz, byz, bz, nx, ny, nz, 8);
    for (int i = 0; i < n; ++i) con.put(i, put[i].x(), put[i].y(), put[i].z());
    RETURN_IF_ERROR(
        (Collect<voro::container_periodic, voro::voronoicell_neighbor>(
            con, frame, cart, lattice, {}, &out)));
  } else {
    voro::container_periodic_poly con(bx, bxy, by, bxz, byz, bz, nx, ny, nz, 8);
    for (int i = 0; i < n; ++i) {
      con.put(i, put[i].x(), put[i].y(), put[i].z(), options.radii_angstrom[i]);
    }
    RETURN_IF_ERROR(
        (Collect<voro::container_periodic_poly, voro::voronoicell_neighbor>(
            con, frame, cart, lattice, options.radii_angstrom, &out)));
  }
  return out;
}

absl::StatusOr<Tessellation> TessellateRecord(const crystal::Crystal& crystal,
                                              absl::string_view descriptor) {
  absl::StatusOr<Tessellation> t = Tessellate(crystal);
  if (!t.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        descriptor, ": record ", crystal.id(), ": ", t.status().message()));
  }
  return t;
}

}  // namespace ionscreen::voronoi
