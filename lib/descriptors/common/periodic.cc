#include "lib/descriptors/common/periodic.h"

#include "lib/crystal/crystal_util.h"

namespace ionscreen::descriptors {

CellView MakeCellView(const crystal::Crystal& c) {
  CellView v;
  v.lattice = crystal::LatticeMatrix(c);
  v.volume_angstrom3 = std::abs(v.lattice.determinant());
  v.frac.reserve(c.sites_size());
  v.cart.reserve(c.sites_size());
  for (const crystal::Site& s : c.sites()) {
    Eigen::Vector3d f = crystal::FracPosition(s);
    for (int k = 0; k < 3; ++k) {
      f[k] -= std::floor(f[k]);
      if (f[k] >= 1.0) f[k] = 0.0;  // -tiny wraps to 1.0 in floating point
    }
    v.frac.push_back(f);
    v.cart.push_back(v.lattice.transpose() * f);
  }
  return v;
}

double SiteOccupancy(const crystal::Site& s) {
  double total = 0;
  for (const crystal::Occupant& o : s.occupants()) total += o.occupancy();
  return total;
}

}  // namespace ionscreen::descriptors
