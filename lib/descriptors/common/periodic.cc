#include "lib/descriptors/common/periodic.h"

#include "absl/strings/str_cat.h"
#include "lib/crystal/crystal_util.h"

namespace ionscreen::descriptors {

absl::StatusOr<DisorderPolicy> ParseDisorderPolicy(const describe::Params& p) {
  const std::string v = describe::ParamOr(p, "disorder", "weighted");
  if (v == "weighted") return DisorderPolicy::kWeighted;
  if (v == "error") return DisorderPolicy::kError;
  return absl::InvalidArgumentError(absl::StrCat(
      "parameter disorder: \"", v, "\" is not \"weighted\" or \"error\""));
}

std::string DisorderPolicyName(DisorderPolicy policy) {
  return policy == DisorderPolicy::kWeighted ? "weighted" : "error";
}

describe::ParamSpec DisorderParamSpec() {
  return {"disorder", "weighted",
          "weighted: occupants contribute with their occupancy as weight; "
          "error: refuse structures with partially occupied or mixed sites"};
}

absl::Status CheckCrystal(const crystal::Crystal& c, DisorderPolicy policy,
                          const std::string& descriptor_name) {
  absl::Status valid = crystal::Validate(c);
  if (!valid.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        descriptor_name, ": record ", c.id(), ": ", valid.message()));
  }
  if (c.sites_size() == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(descriptor_name, ": record ", c.id(), " has no sites"));
  }
  if (policy == DisorderPolicy::kError) {
    for (int i = 0; i < c.sites_size(); ++i) {
      if (crystal::IsSiteDisordered(c.sites(i))) {
        return absl::InvalidArgumentError(absl::StrCat(
            descriptor_name, ": record ", c.id(), " is disordered (site ", i,
            " \"", c.sites(i).label(),
            "\" is partially occupied or mixed) and disorder=error"));
      }
    }
  }
  return absl::OkStatus();
}

CellView MakeCellView(const crystal::Crystal& c) {
  CellView v;
  v.lattice = crystal::LatticeMatrix(c);
  v.volume_angstrom3 = std::abs(v.lattice.determinant());
  v.frac.reserve(c.sites_size());
  v.cart.reserve(c.sites_size());
  for (const crystal::Site& s : c.sites()) {
    Eigen::Vector3d f = crystal::FracPosition(s);
    for (int k = 0; k < 3; ++k) {
      f[k] -= std::floor(f[k]);
      if (f[k] >= 1.0) f[k] = 0.0;  // -tiny wraps to 1.0 in floating point
    }
    v.frac.push_back(f);
    v.cart.push_back(v.lattice.transpose() * f);
  }
  return v;
}

double SiteOccupancy(const crystal::Site& s) {
  double total = 0;
  for (const crystal::Occupant& o : s.occupants()) total += o.occupancy();
  return total;
}

}  // namespace ionscreen::descriptors
