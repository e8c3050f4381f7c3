#ifndef IONSCREEN_LIB_BASE_UNIFORM_H_
#define IONSCREEN_LIB_BASE_UNIFORM_H_

#include <cstdint>
#include <random>

namespace ionscreen::base {

// Uniform integer in [0, n) from a standard-specified engine by rejection,
// so draws are identical on every platform (std distributions are not).
inline uint64_t UniformBelow(std::mt19937_64& rng, uint64_t n) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t r;
  do {
    r = rng();
  } while (r >= limit);
  return r % n;
}

}  // namespace ionscreen::base

#endif  // IONSCREEN_LIB_BASE_UNIFORM_H_
