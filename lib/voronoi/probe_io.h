// Test-only text form of a crystal, written by the Python oracle scripts
// (pymatgen) and read by the probe binaries:
//   n
//   ax ay az / bx by bz / cx cy cz        (lattice rows, Å)
//   fx fy fz k  Z occ oxi  [Z occ oxi]... (one line per site; oxi "nan" = none)
#ifndef IONSCREEN_LIB_VORONOI_PROBE_IO_H_
#define IONSCREEN_LIB_VORONOI_PROBE_IO_H_

#include <istream>

#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::voronoi {

// Reads one structure; NotFound at a clean end of input.
absl::StatusOr<crystal::Crystal> ReadProbeCrystal(std::istream& in);

}  // namespace ionscreen::voronoi

#endif  // IONSCREEN_LIB_VORONOI_PROBE_IO_H_
