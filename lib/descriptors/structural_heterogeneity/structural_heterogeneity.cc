#include "lib/descriptors/structural_heterogeneity/structural_heterogeneity.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"
#include "lib/voronoi/neighbors.h"

namespace ionscreen::descriptors {
namespace {

double Mean(const std::vector<double>& x) {
  double s = 0;
  for (double v : x) s += v;
  return s / x.size();
}

// matminer PropertyStats.avg_dev: mean absolute deviation from the mean.
double AvgDev(const std::vector<double>& x, const std::vector<double>& w) {
  double sw = 0, m = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sw += w[i];
    m += w[i] * x[i];
  }
  m /= sw;
  double d = 0;
  for (size_t i = 0; i < x.size(); ++i) d += w[i] * std::abs(x[i] - m);
  return d / sw;
}

double AvgDev(const std::vector<double>& x) {
  return AvgDev(x, std::vector<double>(x.size(), 1.0));
}

}  // namespace

std::vector<double> StructuralHeterogeneity(const voronoi::Tessellation& t) {
  const auto nns = voronoi::NormalizedNeighbors(t, voronoi::Weight::kArea);
  const size_t n = nns.size();
  std::vector<double> mean_bond(n), variation(n), volumes(n);
  for (size_t i = 0; i < n; ++i) {
    std::vector<double> lengths, weights;
    double volume = 0;
    for (const voronoi::Neighbor& nb : nns[i]) {
      lengths.push_back(2 * nb.face->face_dist_angstrom);
      weights.push_back(nb.weight);
      volume += nb.face->pyramid_volume_angstrom3;
    }
    double sw = 0, m = 0;
    for (size_t k = 0; k < lengths.size(); ++k) {
      sw += weights[k];
      m += weights[k] * lengths[k];
    }
    mean_bond[i] = m / sw;
    variation[i] = AvgDev(lengths, weights) / mean_bond[i];
    volumes[i] = volume;
  }
  const double mbl_mean = Mean(mean_bond);
  for (double& v : mean_bond) v /= mbl_mean;
  const auto [vmin, vmax] = std::minmax_element(variation.begin(), variation.end());
  return {AvgDev(mean_bond),
          *std::max_element(mean_bond.begin(), mean_bond.end()),
          *std::min_element(mean_bond.begin(), mean_bond.end()),
          *vmin,
          *vmax,
          *vmax - *vmin,
          Mean(variation),
          AvgDev(variation),
          AvgDev(volumes) / Mean(volumes)};
}

namespace {

class StructuralHeterogeneityDescriptor : public describe::Descriptor {
 public:
  std::vector<std::string> feature_labels() const override {
    return {"mean_abs_dev_relative_bond_length",
            "max_relative_bond_length",
            "min_relative_bond_length",
            "minimum_neighbor_distance_variation",
            "maximum_neighbor_distance_variation",
            "range_neighbor_distance_variation",
            "mean_neighbor_distance_variation",
            "avg_dev_neighbor_distance_variation",
            "mean_abs_dev_relative_cell_size"};
  }
  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    ASSIGN_OR_RETURN(const voronoi::Tessellation t,
                     voronoi::TessellateRecord(c, "structural_heterogeneity"));
    return StructuralHeterogeneity(t);
  }
};

}  // namespace

IONSCREEN_REGISTER_DESCRIPTOR(
    structural_heterogeneity, "structural_heterogeneity",
    "bond-length and Voronoi-volume variation statistics, face-area weights "
    "(matminer StructuralHeterogeneity; Ward et al. 2017)",
    StructuralHeterogeneityDescriptor);

}  // namespace ionscreen::descriptors
