#include "lib/simplify/simplify.h"

#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/element/element.h"

namespace ionscreen::simplify {
namespace {

enum class Category { kMobile, kCation, kAnion, kNeutral };

absl::StatusOr<Category> Categorize(const crystal::Crystal& c, int site,
                                    const crystal::Occupant& o,
                                    const Options& options) {
  if (o.atomic_number() == options.mobile_atomic_number) return Category::kMobile;
  if (!o.has_oxidation_state()) {
    return absl::FailedPreconditionError(absl::StrCat(
        c.id(), ": site ", site, " (", c.sites(site).label(), ") ",
        element::Get(o.atomic_number()).symbol,
        " has no oxidation state; assign them upstream (cif2proto without "
        "--oxidation=none)"));
  }
  if (o.oxidation_state() > 0) return Category::kCation;
  if (o.oxidation_state() < 0) return Category::kAnion;
  return Category::kNeutral;
}

bool Kept(Category cat, const Representation& rep) {
  switch (cat) {
    case Category::kMobile: return rep.keep_mobile;
    case Category::kCation: return rep.keep_cation;
    case Category::kAnion: return rep.keep_anion;
    case Category::kNeutral: return rep.keep_neutral;
  }
  return false;
}

int RepresentativeOf(Category cat, const Options& options) {
  switch (cat) {
    case Category::kMobile: return options.mobile_atomic_number;
    case Category::kCation: return kCationRepresentative;
    case Category::kAnion: return kAnionRepresentative;
    case Category::kNeutral: return kNeutralRepresentative;
  }
  return 0;
}

// Occupancy-weighted number of anion and neutral atoms of the original cell.
absl::StatusOr<double> AnionsAndNeutrals(const crystal::Crystal& c,
                                         const Options& options) {
  double n = 0;
  for (int i = 0; i < c.sites_size(); ++i) {
    for (const crystal::Occupant& o : c.sites(i).occupants()) {
      ASSIGN_OR_RETURN(const Category cat, Categorize(c, i, o, options));
      if (cat == Category::kAnion || cat == Category::kNeutral) n += o.occupancy();
    }
  }
  return n;
}

// True when some occupant carries a state and every state is 0.
bool AllNeutral(const crystal::Crystal& c) {
  bool any = false;
  for (const crystal::Site& s : c.sites()) {
    for (const crystal::Occupant& o : s.occupants()) {
      if (!o.has_oxidation_state()) continue;
      if (std::abs(o.oxidation_state()) > 1e-9) return false;
      any = true;
    }
  }
  return any;
}

}  // namespace

absl::Status CheckNotNeutral(const crystal::Crystal& c) {
  if (!AllNeutral(c) || c.oxidation_tier() == crystal::OXIDATION_UNBALANCED_ZERO ||
      c.oxidation_tier() == crystal::OXIDATION_ELEMENT) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      c.id(), ": every oxidation state is 0 (oxidation tier ",
      crystal::OxidationTier_Name(c.oxidation_tier()),
      "), so every atom would become the neutral stand-in; reassign the "
      "states (cif2proto --oxidation=auto) or keep unbalanced structures on "
      "purpose (cif2proto --unbalanced=zero)"));
}

absl::StatusOr<Representation> ParseRepresentation(absl::string_view name) {
  Representation rep;
  rep.name = std::string(name);
  absl::string_view base = name;
  if (absl::EndsWith(base, "-40")) {
    rep.scale_volume = true;
    base.remove_suffix(3);
  }
  if (base == "none") {
    rep.original = true;
  } else if (base == "CAMN") {
  } else if (base == "CAN") {
    rep.keep_mobile = false;
  } else if (base == "AM") {
    rep.keep_cation = rep.keep_neutral = false;
  } else if (base == "A") {
    rep.keep_cation = rep.keep_neutral = rep.keep_mobile = false;
  } else {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown representation '", name,
        "' (want none, CAMN, CAN, AM or A, optionally with -40)"));
  }
  return rep;
}

const std::vector<std::string>& AllRepresentationNames() {
  static const auto* names = new std::vector<std::string>{
      "none", "CAMN", "CAN", "AM", "A", "CAMN-40", "CAN-40", "AM-40", "A-40"};
  return *names;
}

absl::StatusOr<crystal::Crystal> Simplify(const crystal::Crystal& in,
                                          const Representation& rep,
                                          const Options& options) {
  if (options.volume_per_anion_angstrom3 <= 0) {
    return absl::InvalidArgumentError("volume per anion must be positive");
  }
  // A stream edited by hand can hold anything; element lookups below assume
  // valid atomic numbers, so a bad record is an error naming it.
  if (absl::Status v = crystal::Validate(in); !v.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(in.id(), ": invalid crystal: ", v.message()));
  }
  RETURN_IF_ERROR(CheckNotNeutral(in));
  crystal::Crystal out = in;
  out.set_representation(rep.name);
  if (!rep.original) {
    // Sites of the kept categories, each category -> its representative.
    auto build = [&](auto kept, auto representative) -> absl::Status {
      out.clear_sites();
      for (int i = 0; i < in.sites_size(); ++i) {
        const crystal::Site& site = in.sites(i);
        // representative -> (occupancy, occupancy-weighted state sum)
        std::map<int, std::pair<double, double>> merged;
        std::vector<int> order;  // representatives in order of first occupant
        for (const crystal::Occupant& o : site.occupants()) {
          ASSIGN_OR_RETURN(const Category cat, Categorize(in, i, o, options));
          if (!kept(cat)) continue;
          const int z = representative(cat);
          if (!merged.count(z)) order.push_back(z);
          merged[z].first += o.occupancy();
          // A mobile ion may come without a state; keep it unset then.
          merged[z].second += o.has_oxidation_state()
                                  ? o.oxidation_state() * o.occupancy()
                                  : std::nan("");
        }
        if (order.empty()) continue;
        crystal::Site* s = out.add_sites();
        s->set_label(site.label());
        s->set_frac_x(site.frac_x());
        s->set_frac_y(site.frac_y());
        s->set_frac_z(site.frac_z());
        for (int z : order) {
          crystal::Occupant* o = s->add_occupants();
          o->set_atomic_number(z);
          o->set_occupancy(merged[z].first);
          if (!std::isnan(merged[z].second)) {
            o->set_oxidation_state(merged[z].second / merged[z].first);
          }
        }
      }
      return absl::OkStatus();
    };
    RETURN_IF_ERROR(
        build([&](Category cat) { return Kept(cat, rep); },
              [&](Category cat) { return RepresentativeOf(cat, options); }));
    if (out.sites_size() == 0) {
      // Nothing kept (e.g. A of a structure without anions, such as one left
      // with every state 0). The paper's code then treats one category as the
      // anions, so every representation keeps something: neutrals if any,
      // else the mobile ions, else the cations, each -> S.
      bool has[4] = {false, false, false, false};
      for (int i = 0; i < in.sites_size(); ++i) {
        for (const crystal::Occupant& o : in.sites(i).occupants()) {
          ASSIGN_OR_RETURN(const Category cat, Categorize(in, i, o, options));
          has[static_cast<int>(cat)] = true;
        }
      }
      const Category as_anion =
          has[static_cast<int>(Category::kNeutral)]  ? Category::kNeutral
          : has[static_cast<int>(Category::kMobile)] ? Category::kMobile
                                                     : Category::kCation;
      RETURN_IF_ERROR(build([&](Category cat) { return cat == as_anion; },
                            [](Category) { return kAnionRepresentative; }));
    }
    out.clear_space_group();
    out.set_reduced_formula(crystal::ReducedFormula(crystal::Composition(out)));
  }
  if (rep.scale_volume) {
    ASSIGN_OR_RETURN(const double n, AnionsAndNeutrals(in, options));
    if (n <= 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          in.id(), ": no anion or neutral atom to scale the volume by"));
    }
    const double v = crystal::VolumeAngstrom3(in);
    const double factor =
        std::cbrt(options.volume_per_anion_angstrom3 * n / v);
    crystal::SetLattice(crystal::LatticeMatrix(in) * factor, &out);
  }
  return out;
}

}  // namespace ionscreen::simplify
