// Test helper: reads probe-format structures on stdin and prints each site's
// Voronoi cell and faces, for comparison with pymatgen's VoronoiNN.
#include <cstdio>
#include <iostream>

#include "lib/voronoi/probe_io.h"
#include "lib/voronoi/voronoi.h"

int main() {
  using namespace ionscreen::voronoi;
  int index = 0;
  while (true) {
    auto crystal = ReadProbeCrystal(std::cin);
    if (absl::IsNotFound(crystal.status())) break;
    if (!crystal.ok()) {
      std::fprintf(stderr, "%s\n", crystal.status().ToString().c_str());
      return 1;
    }
    auto t = Tessellate(*crystal);
    std::printf("structure %d\n", index++);
    if (!t.ok()) {
      std::printf("error %s\n", std::string(t.status().message()).c_str());
      continue;
    }
    for (size_t i = 0; i < t->cells.size(); ++i) {
      const Cell& c = t->cells[i];
      std::printf("cell %zu %.10g\n", i, c.volume_angstrom3);
      for (const Face& f : c.faces) {
        std::printf("face %zu %d %d %d %d %.10g %.10g %.10g %.10g\n", i,
                    f.neighbor, f.image.x(), f.image.y(), f.image.z(),
                    f.area_angstrom2, f.face_dist_angstrom, f.solid_angle_sr,
                    f.pyramid_volume_angstrom3);
      }
    }
  }
  return 0;
}
