// Test helper: reads probe-format structures on stdin and prints each site's
// Voronoi cell and faces, for comparison with pymatgen's VoronoiNN.
//
// Usage: voronoi_probe [Z=radius ...] < structures.txt
// With radii (Å, by the atomic number of a site's first occupant) the
// tessellation is the radical one; an empty power cell prints
// "empty <site>" instead of its "cell" line.
#include <cstdio>
#include <iostream>
#include <map>
#include <string>

#include "lib/voronoi/probe_io.h"
#include "lib/voronoi/voronoi.h"

int main(int argc, char** argv) {
  using namespace ionscreen::voronoi;
  std::map<int, double> radius_by_z;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const size_t eq = a.find('=');
    if (eq == std::string::npos) {
      std::fprintf(stderr, "usage: voronoi_probe [Z=radius ...]\n");
      return 2;
    }
    radius_by_z[std::stoi(a.substr(0, eq))] = std::stod(a.substr(eq + 1));
  }
  int index = 0;
  while (true) {
    auto crystal = ReadProbeCrystal(std::cin);
    if (absl::IsNotFound(crystal.status())) break;
    if (!crystal.ok()) {
      std::fprintf(stderr, "%s\n", crystal.status().ToString().c_str());
      return 1;
    }
    Options options;
    if (!radius_by_z.empty()) {
      for (const auto& site : crystal->sites()) {
        auto it = radius_by_z.find(site.occupants(0).atomic_number());
        if (it == radius_by_z.end()) {
          std::fprintf(stderr, "no radius for Z=%d\n",
                       site.occupants(0).atomic_number());
          return 2;
        }
        options.radii_angstrom.push_back(it->second);
      }
    }
    auto t = Tessellate(*crystal, options);
    std::printf("structure %d\n", index++);
    if (!t.ok()) {
      std::printf("error %s\n", std::string(t.status().message()).c_str());
      continue;
    }
    for (size_t i = 0; i < t->cells.size(); ++i) {
      const Cell& c = t->cells[i];
      if (c.empty) {
        std::printf("empty %zu\n", i);
        continue;
      }
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
