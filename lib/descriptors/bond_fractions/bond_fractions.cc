#include "lib/descriptors/bond_fractions/bond_fractions.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"
#include "lib/element/element.h"
#include "lib/voronoi/neighbors.h"

namespace ionscreen::descriptors {
namespace {

std::pair<int, int> Ordered(int a, int b) {
  // Alphabetical by symbol, as matminer sorts str(element).
  if (std::string(element::Get(a).symbol) > element::Get(b).symbol) std::swap(a, b);
  return {a, b};
}

}  // namespace

std::string BondName(const std::pair<int, int>& bond) {
  return absl::StrCat(element::Get(bond.first).symbol, "-",
                      element::Get(bond.second).symbol);
}

std::vector<std::pair<int, int>> BondTypes(const std::vector<int>& elements) {
  std::set<int> els(elements.begin(), elements.end());
  std::vector<std::pair<int, int>> out;
  for (int a : els)
    for (int b : els)
      if (a <= b) out.push_back(Ordered(a, b));
  // matminer sorts "A - B" strings; the separator sorts before letters, so
  // comparing (first symbol, second symbol) gives the same order.
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
    std::string xa = element::Get(x.first).symbol, ya = element::Get(y.first).symbol;
    if (xa != ya) return xa < ya;
    return std::string(element::Get(x.second).symbol) < element::Get(y.second).symbol;
  });
  return out;
}

std::vector<double> BondFractions(const crystal::Crystal& c,
                                  const voronoi::Tessellation& t,
                                  const std::vector<std::pair<int, int>>& bonds,
                                  double min_weight) {
  std::map<std::pair<int, int>, size_t> column;
  for (size_t k = 0; k < bonds.size(); ++k) column[bonds[k]] = k;
  std::vector<double> counts(bonds.size(), 0.0);
  double total = 0;
  const auto nns = voronoi::NormalizedNeighbors(t, voronoi::Weight::kSolidAngle);
  for (int i = 0; i < c.sites_size(); ++i) {
    for (const voronoi::Neighbor& nb : nns[i]) {
      if (!(nb.weight > min_weight)) continue;
      for (const auto& oi : c.sites(i).occupants()) {
        for (const auto& oj : c.sites(nb.site).occupants()) {
          const double w = oi.occupancy() * oj.occupancy();
          total += w;
          auto it = column.find(Ordered(oi.atomic_number(), oj.atomic_number()));
          if (it != column.end()) counts[it->second] += w;
        }
      }
    }
  }
  if (total == 0) total = 1;  // matminer: no bonds gives all zeros
  for (double& x : counts) x /= total;
  return counts;
}

namespace {

class BondFractionsDescriptor : public describe::Descriptor {
 public:
  BondFractionsDescriptor() {
    schema().Elements("elements", &elements_, "").SymbolOrder()
        .Help("element symbols whose pairs are the columns; empty: all "
              "elements of the input records");
    schema().Number("min_weight", &min_weight_, 0.1)
        .AtLeast(0).Below(1)
        .Help("keep Voronoi neighbours whose normalised solid angle exceeds "
              "this (pymatgen VoronoiNN tol)");
  }
  bool NeedsPrepare() const override { return elements_.empty(); }
  absl::Status Prepare(const std::vector<crystal::Crystal>& records) override {
    if (!elements_.empty()) return absl::OkStatus();
    std::set<int> els;
    for (const auto& c : records)
      for (const auto& s : c.sites())
        for (const auto& o : s.occupants()) {
          if (o.atomic_number() >= 1 && o.atomic_number() <= element::kMaxAtomicNumber) {
            els.insert(o.atomic_number());
          }
        }
    elements_.assign(els.begin(), els.end());
    bonds_ = BondTypes(elements_);
    return absl::OkStatus();
  }
  std::vector<std::string> feature_labels() const override {
    std::vector<std::string> l;
    for (const auto& b : bonds_) l.push_back(absl::StrCat("bond_frac_", BondName(b)));
    return l;
  }
  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    if (bonds_.empty()) {
      return absl::FailedPreconditionError(
          "bond_fractions: no elements (set the elements parameter or call "
          "Prepare with the records)");
    }
    ASSIGN_OR_RETURN(const voronoi::Tessellation t,
                     voronoi::TessellateRecord(c, "bond_fractions"));
    return BondFractions(c, t, bonds_, min_weight_);
  }

 private:
  std::vector<int> elements_;
  std::vector<std::pair<int, int>> bonds_;
  double min_weight_ = 0.1;

  absl::Status Configured() override {
    bonds_ = BondTypes(elements_);
    return absl::OkStatus();
  }
};

}  // namespace

IONSCREEN_REGISTER_DESCRIPTOR(
    bond_fractions, "bond_fractions",
    "fraction of bonds per element pair, Voronoi solid-angle neighbours "
    "(matminer BondFractions with VoronoiNN; labels from the data set)",
    BondFractionsDescriptor);

}  // namespace ionscreen::descriptors
