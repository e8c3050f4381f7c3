#include "lib/voronoi/probe_io.h"

#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "lib/crystal/crystal_util.h"

namespace ionscreen::voronoi {

absl::StatusOr<crystal::Crystal> ReadProbeCrystal(std::istream& in) {
  int n;
  if (!(in >> n)) return absl::NotFoundError("end of input");
  if (n <= 0) return absl::InvalidArgumentError("bad site count");
  Eigen::Matrix3d rows;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c)
      if (!(in >> rows(r, c))) return absl::InvalidArgumentError("bad lattice");
  crystal::Crystal out;
  crystal::SetLattice(rows, &out);
  for (int i = 0; i < n; ++i) {
    crystal::Site* s = out.add_sites();
    double x, y, z;
    int k;
    if (!(in >> x >> y >> z >> k) || k <= 0) {
      return absl::InvalidArgumentError(absl::StrCat("bad site ", i));
    }
    s->set_label(absl::StrCat("s", i));
    s->set_frac_x(x);
    s->set_frac_y(y);
    s->set_frac_z(z);
    for (int o = 0; o < k; ++o) {
      int zed;
      double occ;
      std::string oxi;
      if (!(in >> zed >> occ >> oxi)) {
        return absl::InvalidArgumentError(absl::StrCat("bad occupant ", i));
      }
      crystal::Occupant* occupant = s->add_occupants();
      occupant->set_atomic_number(zed);
      occupant->set_occupancy(occ);
      if (oxi != "nan") occupant->set_oxidation_state(std::stod(oxi));
    }
  }
  return out;
}

}  // namespace ionscreen::voronoi
