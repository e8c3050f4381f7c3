#include "lib/oxidation/oxidation.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "lib/crystal/crystal_util.h"
#include "lib/element/element.h"
#include "lib/oxidation/bond_valence.h"
#include "lib/oxidation/composition_guess.h"

namespace ionscreen::oxidation {
namespace {

// Acceptance threshold of the paper's code: |net charge per cell| < 0.5.
constexpr double kMaxNetCharge = 0.5;
// Disordered compositions are scaled by the smallest multiplier up to this
// that makes every amount integral within kIntegerTolerance (tier 3 needs
// whole atoms).
constexpr int kMaxMultiplier = 24;
constexpr double kIntegerTolerance = 0.02;
// |state| below this counts as 0 (declared states are read as decimals).
constexpr double kZeroState = 1e-9;

// The paper's oxidation_dictionary (FALL-ML/materials-discovery, notebook
// Step1_Data_Pull_and_Clean, cell 1h), by atomic number.
const std::map<int, int>& FixedTable() {
  static const auto* table = new std::map<int, int>{
      {1, 1},   {3, 1},   {11, 1},  {19, 1},  {37, 1},  {55, 1},   // H, alkali
      {4, 2},   {12, 2},  {20, 2},  {38, 2},  {56, 2},  {88, 2},   // Be..Ra
      {5, 3},   {13, 3},  {31, 3},  {49, 3},  {81, 3},             // B..Tl
      {6, 4},   {14, 4},  {32, 4},  {50, 4},  {82, 4},             // C..Pb
      {7, -3},  {15, 5},  {33, 5},  {51, 5},  {83, 5},             // N..Bi
      {8, -2},  {16, -2}, {34, -2}, {52, -2}, {84, -2},            // O..Po
      {9, -1},  {17, -1}, {35, -1}, {53, -1},                      // halogens
      {21, 3},  {39, 3},  {71, 3},                                 // Sc, Y, Lu
      {22, 4},  {40, 4},  {72, 4},                                 // Ti, Zr, Hf
      {23, 5},  {41, 5},  {73, 5},                                 // V, Nb, Ta
      {24, 6},  {42, 4},  {74, 6},                                 // Cr, Mo, W
      {25, 7},  {43, 7},  {75, 7},                                 // Mn, Tc, Re
      {26, 3},  {44, 3},  {76, 3},                                 // Fe, Ru, Os
      {27, 3},  {45, 3},  {77, 3},                                 // Co, Rh, Ir
      {29, 2},  {47, 1},  {79, 3},                                 // Cu, Ag, Au
      {30, 2},  {28, 2},  {48, 2},  {80, 2},                       // Zn, Ni, Cd, Hg
      {57, 3},  {58, 3},  {46, 2},  {61, 3},  {67, 3},             // La Ce Pd Pm Ho
      {63, 3},  {93, 3},  {94, 4},  {64, 3},  {62, 2},  {65, 3},   // Eu Np Pu Gd Sm Tb
      {69, 3},  {70, 3},  {89, 3},  {66, 3},  {68, 3},  {59, 3},   // Tm Yb Ac Dy Er Pr
      {92, 6},  {78, 2},  {60, 3},  {90, 4},  {91, 5},             // U Pt Nd Th Pa
  };
  return *table;
}

void ClearStates(crystal::Crystal* c) {
  for (crystal::Site& s : *c->mutable_sites()) {
    for (crystal::Occupant& o : *s.mutable_occupants()) o.clear_oxidation_state();
  }
}

std::string FormatCharge(double q) { return absl::StrFormat("%+.3f", q); }

// Tier 1. Returns the net charge with the table's states (missing elements
// count 0) and whether every element is listed.
std::pair<double, bool> FixedTableCharge(const crystal::Crystal& c,
                                         std::vector<std::string>* missing) {
  double q = 0;
  bool complete = true;
  for (const crystal::Site& s : c.sites()) {
    for (const crystal::Occupant& o : s.occupants()) {
      std::optional<int> st = FixedTableState(o.atomic_number());
      if (st) {
        q += *st * o.occupancy();
      } else {
        complete = false;
        std::string sym = element::Get(o.atomic_number()).symbol;
        if (std::find(missing->begin(), missing->end(), sym) == missing->end()) {
          missing->push_back(sym);
        }
      }
    }
  }
  return {q, complete};
}

// Tier 3 on the cell composition (scaled to whole atoms when disordered).
absl::Status AssignByComposition(crystal::Crystal* c) {
  // Elements in order of first appearance, as pymatgen's Composition of a
  // Structure sees them (it breaks score ties by this order).
  const std::vector<std::pair<int, double>> amounts =
      crystal::CompositionInSiteOrder(*c);
  std::vector<std::pair<int, int>> whole;
  for (int m = 1; m <= kMaxMultiplier && whole.empty(); ++m) {
    bool ok = true;
    for (const auto& [z, a] : amounts) {
      const double x = a * m;
      if (std::abs(x - std::round(x)) > kIntegerTolerance || std::round(x) < 1) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    for (const auto& [z, a] : amounts) {
      whole.push_back({z, static_cast<int>(std::round(a * m))});
    }
  }
  if (whole.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "occupancies give no whole-atom composition with up to ",
        kMaxMultiplier, " cells"));
  }
  absl::StatusOr<std::vector<ElementAverageState>> guess =
      MostProbableOxidationStates(whole);
  if (!guess.ok()) {
    return absl::FailedPreconditionError(guess.status().message());
  }
  std::map<int, double> state;
  for (const ElementAverageState& e : *guess) state[e.atomic_number] = e.average_state;
  for (crystal::Site& s : *c->mutable_sites()) {
    for (crystal::Occupant& o : *s.mutable_occupants()) {
      o.set_oxidation_state(state.at(o.atomic_number()));
    }
  }
  return absl::OkStatus();
}

std::string TierOutcome(crystal::OxidationTier tier) {
  switch (tier) {
    case crystal::OXIDATION_FIXED_TABLE: return "assigned by the fixed table";
    case crystal::OXIDATION_BOND_VALENCE: return "assigned by bond valence";
    case crystal::OXIDATION_ICSD_STATISTICS: return "assigned by ICSD statistics";
    case crystal::OXIDATION_UNBALANCED_ZERO:
      return "no tier balances: every state 0 (--unbalanced=zero)";
    default: return crystal::OxidationTier_Name(tier);
  }
}

}  // namespace

std::optional<int> FixedTableState(int z) {
  auto it = FixedTable().find(z);
  if (it == FixedTable().end()) return std::nullopt;
  return it->second;
}

bool HasAllOxidationStates(const crystal::Crystal& c) {
  for (const crystal::Site& s : c.sites()) {
    for (const crystal::Occupant& o : s.occupants()) {
      if (!o.has_oxidation_state()) return false;
    }
  }
  return true;
}

absl::StatusOr<double> NetCharge(const crystal::Crystal& c) {
  double q = 0;
  for (int i = 0; i < c.sites_size(); ++i) {
    for (const crystal::Occupant& o : c.sites(i).occupants()) {
      if (!o.has_oxidation_state()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "site ", i, " (", c.sites(i).label(), ") ",
            element::Get(o.atomic_number()).symbol, " has no oxidation state"));
      }
      q += o.oxidation_state() * o.occupancy();
    }
  }
  return q;
}

namespace {

// The three tiers and the unbalanced fallback, on a crystal already
// validated; declared states are discarded first.
absl::Status AssignByTiers(crystal::Crystal* c, const Options& options,
                           std::string* unbalanced_reason) {
  ClearStates(c);
  c->set_oxidation_tier(crystal::OXIDATION_UNSET);

  // Tier 1: the fixed table.
  std::vector<std::string> missing;
  const auto [fixed_charge, complete] = FixedTableCharge(*c, &missing);
  std::string fixed_reason;
  if (complete && std::abs(fixed_charge) < kMaxNetCharge) {
    for (crystal::Site& s : *c->mutable_sites()) {
      for (crystal::Occupant& o : *s.mutable_occupants()) {
        o.set_oxidation_state(*FixedTableState(o.atomic_number()));
      }
    }
    c->set_oxidation_tier(crystal::OXIDATION_FIXED_TABLE);
    return absl::OkStatus();
  }
  fixed_reason = complete
                     ? absl::StrCat("net charge ", FormatCharge(fixed_charge))
                     : absl::StrCat("not listed: ", absl::StrJoin(missing, ","),
                                    " (net charge of the rest ",
                                    FormatCharge(fixed_charge), ")");

  // A tier's trial states: taken (as `tier`) when they balance the charge,
  // else the reason they were not.
  auto take_if_balanced = [c](crystal::Crystal& trial,
                              crystal::OxidationTier tier,
                              std::string* reason) {
    const double q = *NetCharge(trial);
    if (std::abs(q) < kMaxNetCharge) {
      *c = std::move(trial);
      c->set_oxidation_tier(tier);
      return true;
    }
    *reason = absl::StrCat("net charge ", FormatCharge(q));
    return false;
  };

  // Tier 2: bond-valence sums.
  std::string bv_reason;
  absl::StatusOr<std::vector<std::vector<int>>> bv = BondValenceStates(*c);
  if (bv.ok()) {
    crystal::Crystal trial = *c;
    for (int i = 0; i < trial.sites_size(); ++i) {
      for (int k = 0; k < trial.sites(i).occupants_size(); ++k) {
        trial.mutable_sites(i)->mutable_occupants(k)->set_oxidation_state((*bv)[i][k]);
      }
    }
    if (take_if_balanced(trial, crystal::OXIDATION_BOND_VALENCE, &bv_reason)) {
      return absl::OkStatus();
    }
  } else {
    bv_reason = std::string(bv.status().message());
  }

  // Tier 3: ICSD occurrence statistics on the composition.
  std::string guess_reason;
  crystal::Crystal trial = *c;
  absl::Status guess = AssignByComposition(&trial);
  if (guess.ok()) {
    if (take_if_balanced(trial, crystal::OXIDATION_ICSD_STATISTICS,
                         &guess_reason)) {
      return absl::OkStatus();
    }
  } else {
    guess_reason = std::string(guess.message());
  }
  std::string reason = absl::StrCat(
      c->id(), ": no oxidation-state tier balances the charge (fixed table: ",
      fixed_reason, "; bond valence: ", bv_reason, "; ICSD statistics: ",
      guess_reason, ")");
  if (!options.zero_when_unbalanced) {
    return absl::FailedPreconditionError(reason);
  }
  for (crystal::Site& s : *c->mutable_sites()) {
    for (crystal::Occupant& o : *s.mutable_occupants()) o.set_oxidation_state(0);
  }
  c->set_oxidation_tier(crystal::OXIDATION_UNBALANCED_ZERO);
  *unbalanced_reason = std::move(reason);
  return absl::OkStatus();
}

}  // namespace

bool IsSingleElement(const crystal::Crystal& c) {
  int z = 0;
  for (const crystal::Site& s : c.sites()) {
    for (const crystal::Occupant& o : s.occupants()) {
      if (z == 0) z = o.atomic_number();
      if (o.atomic_number() != z) return false;
    }
  }
  return z != 0;
}

std::string DeclaredStatesProblem(const crystal::Crystal& c) {
  if (c.sites_size() == 0 || !HasAllOxidationStates(c)) return "";
  const double q = *NetCharge(c);
  if (!(std::abs(q) < kMaxNetCharge)) {
    return absl::StrCat("net charge ", FormatCharge(q),
                        " (not below 0.5 in magnitude)");
  }
  bool all_zero = true;
  int lowest = 0, highest = 0;  // atomic numbers, by Pauling electronegativity
  for (const crystal::Site& s : c.sites()) {
    for (const crystal::Occupant& o : s.occupants()) {
      all_zero &= std::abs(o.oxidation_state()) < kZeroState;
      const double x = element::Get(o.atomic_number()).pauling_electronegativity;
      if (std::isnan(x)) continue;
      if (lowest == 0 || x < element::Get(lowest).pauling_electronegativity) {
        lowest = o.atomic_number();
      }
      if (highest == 0 || x > element::Get(highest).pauling_electronegativity) {
        highest = o.atomic_number();
      }
    }
  }
  if (!all_zero || lowest == 0) return "";
  const element::Element& lo = element::Get(lowest);
  const element::Element& hi = element::Get(highest);
  if (!(hi.pauling_electronegativity > lo.pauling_electronegativity)) return "";
  return absl::StrFormat(
      "all 0 in a structure with cations and anions by electronegativity "
      "(%s %.2f < %s %.2f)",
      lo.symbol, lo.pauling_electronegativity, hi.symbol,
      hi.pauling_electronegativity);
}

absl::Status AssignOxidationStates(crystal::Crystal* c, const Options& options,
                                   AssignNotes* notes) {
  AssignNotes ignored;
  if (notes == nullptr) notes = &ignored;
  *notes = AssignNotes();
  if (c->sites_size() == 0) {
    return absl::InvalidArgumentError(absl::StrCat(c->id(), ": no sites"));
  }
  for (const crystal::Site& s : c->sites()) {
    if (s.occupants_size() == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(c->id(), ": site ", s.label(), " has no occupants"));
    }
    for (const crystal::Occupant& o : s.occupants()) {
      if (o.atomic_number() < 1 || o.atomic_number() > element::kMaxAtomicNumber) {
        return absl::InvalidArgumentError(absl::StrCat(
            c->id(), ": site ", s.label(), " has atomic number ", o.atomic_number()));
      }
    }
  }
  const bool declared = !options.reassign && HasAllOxidationStates(*c);
  if (declared && options.keep_declared) {
    c->set_oxidation_tier(crystal::OXIDATION_FROM_CIF);
    return absl::OkStatus();
  }
  if (IsSingleElement(*c)) {
    // Neutral by definition; the tiers would call it unbalanced (fixed
    // table: Sn +4 per atom) and the paper's code ends with 0 as well.
    if (declared) {
      for (const crystal::Site& s : c->sites()) {
        for (const crystal::Occupant& o : s.occupants()) {
          if (std::abs(o.oxidation_state()) >= kZeroState &&
              notes->declared_not_used.empty()) {
            notes->declared_not_used = absl::StrCat(
                c->id(), ": not all 0 in a single-element structure (",
                element::Get(o.atomic_number()).symbol,
                " ", o.oxidation_state(), "); every state 0 (element)");
          }
        }
      }
    }
    for (crystal::Site& s : *c->mutable_sites()) {
      for (crystal::Occupant& o : *s.mutable_occupants()) o.set_oxidation_state(0);
    }
    c->set_oxidation_tier(crystal::OXIDATION_ELEMENT);
    return absl::OkStatus();
  }
  std::string problem;
  if (declared) {
    problem = DeclaredStatesProblem(*c);
    if (problem.empty()) {
      c->set_oxidation_tier(crystal::OXIDATION_FROM_CIF);
      return absl::OkStatus();
    }
  }
  absl::Status status = AssignByTiers(c, options, &notes->unbalanced);
  if (!problem.empty()) {
    notes->declared_not_used = absl::StrCat(
        c->id(), ": ", problem, "; ",
        status.ok() ? TierOutcome(c->oxidation_tier()) : "no tier balances");
  }
  return status;
}

}  // namespace ionscreen::oxidation
