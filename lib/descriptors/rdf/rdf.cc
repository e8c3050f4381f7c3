#include "lib/descriptors/rdf/rdf.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"
#include "lib/descriptors/common/periodic.h"

namespace ionscreen::descriptors {
namespace {
constexpr double kPi = 3.14159265358979323846;
}  // namespace

std::vector<double> RdfBinEdges(const RdfOptions& options) {
  // numpy arange: length ceil((stop - start) / step), values start + i*step.
  const double stop = options.cutoff_angstrom + options.bin_size_angstrom;
  const int n = static_cast<int>(std::ceil(stop / options.bin_size_angstrom));
  std::vector<double> edges(n);
  for (int i = 0; i < n; ++i) edges[i] = i * options.bin_size_angstrom;
  return edges;
}

absl::StatusOr<std::vector<double>> ComputeRdf(const crystal::Crystal& c,
                                               const RdfOptions& options) {
  if (!(options.cutoff_angstrom > 0) || !(options.bin_size_angstrom > 0)) {
    return absl::InvalidArgumentError("RDF needs cutoff > 0 and bin size > 0");
  }
  const std::vector<double> edges = RdfBinEdges(options);
  if (edges.size() < 2) {
    return absl::InvalidArgumentError("RDF has no bins (bin size > cutoff?)");
  }
  const size_t nbins = edges.size() - 1;
  const CellView cell = MakeCellView(c);
  std::vector<double> occ(c.sites_size());
  double n_atoms = 0;
  for (int i = 0; i < c.sites_size(); ++i) {
    occ[i] = SiteOccupancy(c.sites(i));
    n_atoms += occ[i];
  }
  std::vector<double> hist(nbins, 0.0);
  const double last = edges.back();
  // Counting up to the last edge (not the cutoff) mirrors np.histogram over
  // get_all_neighbors(cutoff): the last edge is >= cutoff by construction and
  // neighbours beyond the cutoff are never listed.
  const double reach = std::min(last, options.cutoff_angstrom);
  ForEachNeighborPair(cell, reach, [&](size_t i, size_t j, double r) {
    // np.histogram: bin k holds edges[k] <= r < edges[k+1]; the last bin is
    // closed on the right.
    size_t k;
    if (r >= last) {
      k = nbins - 1;
    } else {
      k = static_cast<size_t>(std::upper_bound(edges.begin(), edges.end(), r) -
                              edges.begin()) - 1;
    }
    hist[k] += occ[i] * occ[j];
  });
  // The engine rejects these records first; a direct library call must not
  // turn them into NaN.
  if (!(n_atoms > 0) || !(cell.volume_angstrom3 > 0)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "record ", c.id(), ": RDF needs atoms and a positive cell volume"));
  }
  const double density = n_atoms / cell.volume_angstrom3;
  std::vector<double> rdf(nbins);
  for (size_t k = 0; k < nbins; ++k) {
    const double shell = 4.0 / 3.0 * kPi *
                         (std::pow(edges[k + 1], 3) - std::pow(edges[k], 3));
    rdf[k] = hist[k] / shell / density;
    if (options.per_atom) rdf[k] /= n_atoms;
  }
  return rdf;
}

namespace {

class RdfDescriptor : public describe::Descriptor {
 public:
  RdfDescriptor() {
    schema().Number("cutoff_angstrom", &options_.cutoff_angstrom, 20)
        .Unit("Å").Above(0).Help("largest distance counted");
    schema().Number("bin_size_angstrom", &options_.bin_size_angstrom, 0.1)
        .Unit("Å").Above(0).Help("histogram bin width (<= cutoff_angstrom)");
    schema().Bool("per_atom", &options_.per_atom, false)
        .Help("false: matminer's N·g(r) (grows with the cell); true: g(r), "
              "divided by the number of atoms");
    (void)Configure({});
  }

  std::vector<std::string> feature_labels() const override {
    std::vector<std::string> labels;
    for (size_t k = 0; k + 1 < edges_.size(); ++k) {
      char buf[80];
      std::snprintf(buf, sizeof(buf), "rdf_%.5f-%.5f_angstrom", edges_[k],
                    edges_[k + 1]);
      labels.push_back(buf);
    }
    return labels;
  }

  // matminer's N·g(r) grows with the cell; g(r) (per_atom) does not.
  bool Intensive() const override { return options_.per_atom; }

  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    return ComputeRdf(c, options_);
  }

 private:
  absl::Status Configured() override {
    if (options_.bin_size_angstrom > options_.cutoff_angstrom) {
      return absl::InvalidArgumentError(
          "parameter bin_size_angstrom: must be > 0 and <= cutoff_angstrom");
    }
    edges_ = RdfBinEdges(options_);
    return absl::OkStatus();
  }

  RdfOptions options_;
  std::vector<double> edges_;
};

}  // namespace

IONSCREEN_REGISTER_DESCRIPTOR(
    rdf, "rdf",
    "radial distribution function, matminer RadialDistributionFunction "
    "(cutoff 20 Å, bins 0.1 Å, shell volume and number density)",
    RdfDescriptor);

}  // namespace ionscreen::descriptors
