// Test helpers: crystals from species lists, descriptors from the registry.
#ifndef IONSCREEN_LIB_DESCRIPTORS_ELEMDATA_TEST_UTIL_H_
#define IONSCREEN_LIB_DESCRIPTORS_ELEMDATA_TEST_UTIL_H_

#include <cmath>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/describe/descriptor.h"

namespace ionscreen::elemdata::testing {

struct TestOccupant {
  int z;
  double occupancy;
  std::optional<double> oxidation_state;
};

// A cubic cell (edge a_angstrom) with one site per entry of `sites`, spread
// along the body diagonal (composition descriptors ignore geometry).
inline crystal::Crystal MakeCrystal(
    const std::string& id, const std::vector<std::vector<TestOccupant>>& sites,
    double a_angstrom = 5.0) {
  crystal::Crystal c;
  c.set_id(id);
  auto* lat = c.mutable_lattice();
  for (int i = 0; i < 3; ++i) {
    lat->add_a_angstrom(i == 0 ? a_angstrom : 0);
    lat->add_b_angstrom(i == 1 ? a_angstrom : 0);
    lat->add_c_angstrom(i == 2 ? a_angstrom : 0);
  }
  for (size_t i = 0; i < sites.size(); ++i) {
    crystal::Site* s = c.add_sites();
    s->set_label(absl::StrCat("s", i));
    double f = static_cast<double>(i) / sites.size();
    s->set_frac_x(f);
    s->set_frac_y(f);
    s->set_frac_z(f);
    for (const TestOccupant& o : sites[i]) {
      crystal::Occupant* occ = s->add_occupants();
      occ->set_atomic_number(o.z);
      occ->set_occupancy(o.occupancy);
      if (o.oxidation_state) occ->set_oxidation_state(*o.oxidation_state);
    }
  }
  return c;
}

// $SHARED_DIR, or empty when unset (tests then fail with a message).
inline std::string SharedDir() {
  const char* d = std::getenv("SHARED_DIR");
  return d == nullptr ? "" : d;
}

inline absl::StatusOr<std::unique_ptr<describe::Descriptor>> Make(
    const std::string& name, const describe::Params& params) {
  auto info = describe::FindDescriptor(name);
  if (!info.ok()) return info.status();
  auto d = (*info)->factory();
  absl::Status s = d->Configure(params);
  if (!s.ok()) return s;
  return d;
}

}  // namespace ionscreen::elemdata::testing

#endif  // IONSCREEN_LIB_DESCRIPTORS_ELEMDATA_TEST_UTIL_H_
