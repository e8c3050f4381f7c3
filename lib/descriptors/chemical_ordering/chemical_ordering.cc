#include "lib/descriptors/chemical_ordering/chemical_ordering.h"

#include <cmath>
#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"
#include "lib/voronoi/neighbors.h"

namespace ionscreen::descriptors {

std::vector<double> ChemicalOrdering(const crystal::Crystal& c,
                                     const voronoi::Tessellation& t,
                                     const std::vector<int>& shells) {
  const std::map<int, double> comp = crystal::Composition(c);
  if (comp.size() <= 1) return std::vector<double>(shells.size(), 0.0);
  std::map<int, int> index;
  std::vector<double> frac;
  double total = 0;
  for (const auto& [z, amount] : comp) total += amount;
  for (const auto& [z, amount] : comp) {
    index[z] = static_cast<int>(frac.size());
    frac.push_back(amount / total);
  }
  const size_t ne = frac.size();
  const auto all = voronoi::NormalizedNeighbors(t, voronoi::Weight::kArea);
  const int n = c.sites_size();
  // Occupants per site as (element index, occupancy), looked up once rather
  // than per neighbour and path.
  std::vector<int> occ_begin(n + 1, 0);
  std::vector<std::pair<int, double>> occ;
  for (int i = 0; i < n; ++i) {
    for (const auto& o : c.sites(i).occupants()) {
      occ.emplace_back(index[o.atomic_number()], o.occupancy());
    }
    occ_begin[i + 1] = static_cast<int>(occ.size());
  }
  voronoi::ShellWalker walker(all);
  std::vector<double> by_elem(ne);
  std::vector<double> out;
  for (int shell : shells) {
    double sum_abs = 0;
    for (int i = 0; i < n; ++i) {
      std::fill(by_elem.begin(), by_elem.end(), 0.0);
      double wsum = 0;
      for (const voronoi::ShellWalker::Entry& nb : walker.Walk(i, shell)) {
        for (int k = occ_begin[nb.site]; k < occ_begin[nb.site + 1]; ++k) {
          by_elem[occ[k].first] += nb.weight * occ[k].second;
          wsum += nb.weight * occ[k].second;
        }
      }
      for (size_t e = 0; e < ne; ++e) {
        sum_abs += std::abs(1 - by_elem[e] / wsum / frac[e]);
      }
    }
    out.push_back(sum_abs / (n * ne));
  }
  return out;
}

namespace {

class ChemicalOrderingDescriptor : public describe::Descriptor {
 public:
  ChemicalOrderingDescriptor() {
    schema().Integers("shells", &shells_, "1,2,3").AtLeast(1).AtMost(4)
        .Help("neighbour shells, comma-separated");
  }
  std::vector<std::string> feature_labels() const override {
    std::vector<std::string> l;
    for (int s : shells_) l.push_back(absl::StrCat("mean_ordering_parameter_shell_", s));
    return l;
  }
  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    ASSIGN_OR_RETURN(const voronoi::Tessellation t,
                     voronoi::TessellateRecord(c, "chemical_ordering"));
    return ChemicalOrdering(c, t, shells_);
  }

 private:
  std::vector<int> shells_ = {1, 2, 3};
};

}  // namespace

IONSCREEN_REGISTER_DESCRIPTOR(
    chemical_ordering, "chemical_ordering",
    "Warren-Cowley-like ordering over Voronoi shells 1-3, face-area weights "
    "(matminer ChemicalOrdering; Ward et al. 2017)",
    ChemicalOrderingDescriptor);

}  // namespace ionscreen::descriptors
