// Test driver for oxidation_oracle_test.sh: reads CIF files and prints, per
// file, one TSV line that the pymatgen oracle script checks:
//   file, status (ok|fail|unreadable), tier, disordered (0|1),
//   composition "Z:amount,..." (elements in order of first appearance),
//   assigned states "Z:average,..." (occupancy-weighted per element),
//   tier-3 guess on the reduced composition "Z:average,..." or "-",
//   bond-valence-only states "Z:state*count,..." (ordered cells) or "-",
//   message.
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "lib/cif/cif_reader.h"
#include "lib/crystal/crystal_util.h"
#include "lib/oxidation/bond_valence.h"
#include "lib/oxidation/composition_guess.h"
#include "lib/oxidation/oxidation.h"

namespace ionscreen::oxidation {
namespace {

std::string ReducedGuess(const std::vector<std::pair<int, double>>& comp) {
  std::vector<std::pair<int, int>> whole;
  int g = 0;
  for (const auto& [z, a] : comp) {
    if (std::abs(a - std::round(a)) > 1e-6) return "-";
    whole.push_back({z, static_cast<int>(std::round(a))});
    g = std::gcd(g, whole.back().second);
  }
  for (auto& w : whole) w.second /= g;
  auto guess = MostProbableOxidationStates(whole);
  if (!guess.ok()) return "none";
  std::vector<std::string> parts;
  for (const auto& e : *guess) {
    parts.push_back(absl::StrFormat("%d:%.6f", e.atomic_number, e.average_state));
  }
  return absl::StrJoin(parts, ",");
}

std::string BvOnly(const crystal::Crystal& c) {
  if (crystal::IsDisordered(c)) return "-";
  auto bv = BondValenceStates(c);
  if (!bv.ok()) return "none";
  std::map<std::pair<int, int>, int> counts;
  for (int i = 0; i < c.sites_size(); ++i) {
    counts[{c.sites(i).occupants(0).atomic_number(), (*bv)[i][0]}]++;
  }
  std::vector<std::string> parts;
  for (const auto& [k, n] : counts) {
    parts.push_back(absl::StrCat(k.first, ":", k.second, "*", n));
  }
  return absl::StrJoin(parts, ",");
}

void Report(const std::string& path) {
  absl::StatusOr<crystal::Crystal> read = cif::ReadFirstCrystal(path);
  if (!read.ok()) {
    std::printf("%s\tunreadable\t-\t-\t-\t-\t-\t-\t%s\n", path.c_str(),
                std::string(read.status().message()).c_str());
    return;
  }
  crystal::Crystal c = *read;
  const auto comp = crystal::CompositionInSiteOrder(c);
  std::vector<std::string> comp_parts;
  for (const auto& [z, a] : comp) comp_parts.push_back(absl::StrFormat("%d:%.6f", z, a));
  const std::string reduced = ReducedGuess(comp);
  const std::string bv_only = BvOnly(c);
  const int disordered = crystal::IsDisordered(c) ? 1 : 0;
  absl::Status st = AssignOxidationStates(&c, {.reassign = true});
  if (!st.ok()) {
    std::printf("%s\tfail\t-\t%d\t%s\t-\t%s\t%s\t%s\n", path.c_str(), disordered,
                absl::StrJoin(comp_parts, ",").c_str(), reduced.c_str(),
                bv_only.c_str(), std::string(st.message()).c_str());
    return;
  }
  std::map<int, std::pair<double, double>> avg;  // z -> (sum q*occ, sum occ)
  for (const crystal::Site& s : c.sites()) {
    for (const crystal::Occupant& o : s.occupants()) {
      avg[o.atomic_number()].first += o.oxidation_state() * o.occupancy();
      avg[o.atomic_number()].second += o.occupancy();
    }
  }
  std::vector<std::string> states;
  for (const auto& [z, a] : comp) {
    states.push_back(absl::StrFormat("%d:%.6f", z, avg[z].first / avg[z].second));
  }
  std::printf("%s\tok\t%s\t%d\t%s\t%s\t%s\t%s\t-\n", path.c_str(),
              crystal::OxidationTier_Name(c.oxidation_tier()).c_str(), disordered,
              absl::StrJoin(comp_parts, ",").c_str(),
              absl::StrJoin(states, ",").c_str(), reduced.c_str(), bv_only.c_str());
}

}  // namespace
}  // namespace ionscreen::oxidation

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) ionscreen::oxidation::Report(argv[i]);
  return 0;
}
