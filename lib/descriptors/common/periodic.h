// Shared helpers for the structure descriptors (xrd, rdf, sine_coulomb,
// ewald): a flattened view of the cell, and periodic pair /
// reciprocal-lattice enumeration.
#ifndef IONSCREEN_LIB_DESCRIPTORS_COMMON_PERIODIC_H_
#define IONSCREEN_LIB_DESCRIPTORS_COMMON_PERIODIC_H_

#include <cmath>
#include <vector>

#include "Eigen/Dense"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::descriptors {

// The cell as arrays: lattice rows (Å), fractional coordinates wrapped to
// [0, 1) and Cartesian positions of each site, in site order.
struct CellView {
  Eigen::Matrix3d lattice;
  std::vector<Eigen::Vector3d> frac;
  std::vector<Eigen::Vector3d> cart;
  double volume_angstrom3 = 0;
};
CellView MakeCellView(const crystal::Crystal& c);

// Sum of occupancies on a site.
double SiteOccupancy(const crystal::Site& s);

// Distances below this are the same point (pymatgen's numerical_tol).
inline constexpr double kZeroDistanceAngstrom = 1e-8;

// The lattice shifts t along one axis that can bring a site at fractional
// offset df within `reach` (cutoff * |b*| of that axis) of another: t in
// [lo, hi], with 1e-9 of slack so round-off never loses an image.
struct ImageShifts {
  int lo, hi;
};
inline ImageShifts ImageShiftsWithin(double reach, double df) {
  return {static_cast<int>(std::ceil(-reach - df - 1e-9)),
          static_cast<int>(std::floor(reach - df + 1e-9))};
}

// Calls fn(i, j, distance) once for every ordered pair of sites (i, j) and
// lattice translation T with kZeroDistanceAngstrom < |cart[j] + T - cart[i]|
// <= cutoff (i == j with T != 0 included): the neighbour list of pymatgen's
// Structure.get_all_neighbors(cutoff), flattened.
template <typename Fn>
void ForEachNeighborPair(const CellView& cell, double cutoff, Fn&& fn) {
  const Eigen::Matrix3d& L = cell.lattice;
  // Column k of L^-1 is the reciprocal vector b*_k (no 2π): the fractional
  // coordinate k of a Cartesian vector x is x . b*_k, so |x| <= cutoff bounds
  // it by cutoff * |b*_k|.
  const Eigen::Matrix3d inv = L.inverse();
  double reach[3];
  for (int k = 0; k < 3; ++k) reach[k] = cutoff * inv.col(k).norm();
  const double cutoff2 = cutoff * cutoff;
  const double zero2 = kZeroDistanceAngstrom * kZeroDistanceAngstrom;
  const size_t n = cell.cart.size();
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      const Eigen::Vector3d df = cell.frac[j] - cell.frac[i];
      const Eigen::Vector3d d0 = cell.cart[j] - cell.cart[i];
      ImageShifts t[3];
      for (int k = 0; k < 3; ++k) t[k] = ImageShiftsWithin(reach[k], df[k]);
      for (int a = t[0].lo; a <= t[0].hi; ++a) {
        for (int b = t[1].lo; b <= t[1].hi; ++b) {
          const Eigen::Vector3d dab = d0 + a * L.row(0).transpose() +
                                      b * L.row(1).transpose();
          for (int c = t[2].lo; c <= t[2].hi; ++c) {
            const Eigen::Vector3d d = dab + c * L.row(2).transpose();
            const double r2 = d.squaredNorm();
            if (r2 > cutoff2 || r2 <= zero2) continue;
            fn(i, j, std::sqrt(r2));
          }
        }
      }
    }
  }
}

// Calls fn(h, k, l, g) for every reciprocal lattice point (h, k, l) != 0 with
// |g| <= g_max, where g = h a* + k b* + l c* is a Cartesian vector and
// `reciprocal_rows` holds a*, b*, c* as rows (with or without the 2π factor:
// the bound only uses lattice . reciprocal = scale * identity, so pass the
// matching `scale`, 1 or 2π).
template <typename Fn>
void ForEachReciprocalPoint(const Eigen::Matrix3d& lattice, double scale,
                            double g_max, Fn&& fn) {
  const Eigen::Matrix3d recip = scale * lattice.inverse().transpose();
  int nmax[3];
  // h = g . a / scale, so |h| <= g_max |a| / scale.
  for (int k = 0; k < 3; ++k) {
    nmax[k] = static_cast<int>(std::floor(g_max * lattice.row(k).norm() / scale +
                                          1e-9));
  }
  const double g2max = g_max * g_max;
  for (int h = -nmax[0]; h <= nmax[0]; ++h) {
    for (int k = -nmax[1]; k <= nmax[1]; ++k) {
      const Eigen::Vector3d ghk =
          h * recip.row(0).transpose() + k * recip.row(1).transpose();
      for (int l = -nmax[2]; l <= nmax[2]; ++l) {
        if (h == 0 && k == 0 && l == 0) continue;
        const Eigen::Vector3d g = ghk + l * recip.row(2).transpose();
        if (g.squaredNorm() > g2max) continue;
        fn(h, k, l, g);
      }
    }
  }
}

}  // namespace ionscreen::descriptors

#endif  // IONSCREEN_LIB_DESCRIPTORS_COMMON_PERIODIC_H_
