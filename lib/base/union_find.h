// Find with path compression over a union-find forest kept as parent links.
#ifndef IONSCREEN_LIB_BASE_UNION_FIND_H_
#define IONSCREEN_LIB_BASE_UNION_FIND_H_

#include <vector>

namespace ionscreen::base {

// The root of x (parent[r] == r at a root); every node on the path from x
// is relinked to the root.
template <typename Int>
Int FindRoot(std::vector<Int>& parent, Int x) {
  Int r = x;
  while (parent[r] != r) r = parent[r];
  while (parent[x] != r) {
    const Int next = parent[x];
    parent[x] = r;
    x = next;
  }
  return r;
}

}  // namespace ionscreen::base

#endif  // IONSCREEN_LIB_BASE_UNION_FIND_H_
