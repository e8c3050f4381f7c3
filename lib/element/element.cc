#include "lib/element/element.h"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace ionscreen::element {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const std::vector<Element>& Table() {
  static const std::vector<Element>* table = new std::vector<Element>{
#include "lib/element/element_data.inc"
  };
  return *table;
}

const absl::flat_hash_map<std::string, int>& SymbolIndex() {
  static const auto* index = [] {
    auto* m = new absl::flat_hash_map<std::string, int>();
    for (const Element& e : Table()) (*m)[e.symbol] = e.atomic_number;
    return m;
  }();
  return *index;
}

}  // namespace

absl::StatusOr<const Element*> ByAtomicNumber(int z) {
  if (z < 1 || z > kMaxAtomicNumber) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown element: atomic number ", z));
  }
  return &Table()[z - 1];
}

const Element& Get(int z) {
  if (z < 1 || z > kMaxAtomicNumber) return UnknownElement();
  return Table()[z - 1];
}

const Element& UnknownElement() {
  static const Element* unknown = new Element{
      0,    "X",  "unknown", kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN,
      0,    0,    0,         '?',  0,    0,    0,    0,    "",   {},
      {},   {}};
  return *unknown;
}

absl::StatusOr<const Element*> BySymbol(absl::string_view symbol) {
  auto it = SymbolIndex().find(std::string(symbol));
  if (it == SymbolIndex().end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown element symbol \"", symbol, "\""));
  }
  return &Table()[it->second - 1];
}

std::optional<ShannonRadius> FindShannonRadius(int z, int charge,
                                               int coordination) {
  if (z < 1 || z > kMaxAtomicNumber) return std::nullopt;
  std::optional<ShannonRadius> best;
  for (const ShannonRadius& r : Get(z).shannon_radii) {
    if (r.charge != charge) continue;
    if (!best || std::abs(r.coordination - coordination) <
                     std::abs(best->coordination - coordination)) {
      best = r;
    }
  }
  return best;
}

}  // namespace ionscreen::element
