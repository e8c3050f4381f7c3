// Test helper (not a user tool): reads probe-format structures on stdin,
// computes one registered descriptor with the given parameters and prints
// "values v1 v2 ..." or "error <message>" per structure.
//
// With --time (first argument), each line is followed by "time_s <seconds>"
// (wall time of Compute, for bench/voronoi_bench.sh). disorder=weighted|error
// is the engine's policy (describe --disorder), applied as the engine does
// before Compute (describe::CheckRecord).
//
// Usage: descriptor_probe [--time] NAME [param=value ...] < structures.txt
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "lib/describe/descriptor.h"
#include "lib/describe/engine.h"
#include "lib/voronoi/probe_io.h"

int main(int argc, char** argv) {
  using namespace ionscreen;
  bool timing = false;
  if (argc > 1 && std::strcmp(argv[1], "--time") == 0) {
    timing = true;
    ++argv;
    --argc;
  }
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
  describe::DisorderPolicy policy = describe::DisorderPolicy::kWeighted;
  if (auto it = params.find("disorder"); it != params.end()) {
    auto p = describe::ParseDisorderPolicy(it->second);
    if (!p.ok()) {
      std::fprintf(stderr, "%s\n", p.status().ToString().c_str());
      return 2;
    }
    policy = *p;
    params.erase(it);
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
  const size_t dimension = d->dimension();  // fixed after Configure
  while (true) {
    auto c = voronoi::ReadProbeCrystal(std::cin);
    if (absl::IsNotFound(c.status())) break;
    if (!c.ok()) {
      std::fprintf(stderr, "%s\n", c.status().ToString().c_str());
      return 1;
    }
    const auto t0 = std::chrono::steady_clock::now();
    const absl::Status admitted = describe::CheckRecord(*c, policy);
    absl::StatusOr<std::vector<double>> v =
        admitted.ok() ? d->Compute(*c)
                      : absl::StatusOr<std::vector<double>>(admitted);
    const double seconds = std::chrono::duration<double>(
                               std::chrono::steady_clock::now() - t0)
                               .count();
    if (!v.ok()) {
      std::printf("error %s\n", std::string(v.status().message()).c_str());
      if (timing) std::printf("time_s %.9f\n", seconds);
      continue;
    }
    if (v->size() != dimension) {
      std::printf("error dimension mismatch\n");
      continue;
    }
    std::printf("values");
    for (double x : *v) std::printf(" %.17g", x);
    std::printf("\n");
    if (timing) std::printf("time_s %.9f\n", seconds);
  }
  return 0;
}
