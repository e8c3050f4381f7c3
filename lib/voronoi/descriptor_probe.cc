// Test helper (not a user tool): reads probe-format structures on stdin,
// computes one registered descriptor with the given parameters and prints
// "values v1 v2 ..." or "error <message>" per structure.
//
// Usage: descriptor_probe NAME [param=value ...] < structures.txt
#include <cstdio>
#include <iostream>
#include <string>

#include "lib/describe/descriptor.h"
#include "lib/voronoi/probe_io.h"

int main(int argc, char** argv) {
  using namespace ionscreen;
  if (argc < 2) {
    std::fprintf(stderr, "usage: descriptor_probe NAME [param=value ...]\n");
    return 2;
  }
  describe::Params params;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    size_t eq = a.find('=');
    if (eq == std::string::npos) return 2;
    params[a.substr(0, eq)] = a.substr(eq + 1);
  }
  auto info = describe::FindDescriptor(argv[1]);
  if (!info.ok()) {
    std::fprintf(stderr, "%s\n", info.status().ToString().c_str());
    return 1;
  }
  auto d = (*info)->factory();
  if (auto s = d->Configure(params); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  while (true) {
    auto c = voronoi::ReadProbeCrystal(std::cin);
    if (absl::IsNotFound(c.status())) break;
    if (!c.ok()) {
      std::fprintf(stderr, "%s\n", c.status().ToString().c_str());
      return 1;
    }
    auto v = d->Compute(*c);
    if (!v.ok()) {
      std::printf("error %s\n", std::string(v.status().message()).c_str());
      continue;
    }
    if (v->size() != d->dimension()) {
      std::printf("error dimension mismatch\n");
      continue;
    }
    std::printf("values");
    for (double x : *v) std::printf(" %.17g", x);
    std::printf("\n");
  }
  return 0;
}
