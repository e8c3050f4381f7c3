// Radial distribution function descriptor ("rdf"), matminer's
// RadialDistributionFunction: a histogram of all neighbour distances up to
// the cutoff (every ordered pair of sites, periodic images included),
// divided by the shell volume of each bin and by the number density N/V.
//
// matminer does not divide by the number of central atoms, so its RDF is
// N·g(r) and grows with the cell (a 2x supercell doubles it). That is the
// default here, for fidelity with the paper; per_atom=true divides by N,
// giving the cell-independent g(r).
//
// Disorder (weighted): a pair contributes occupancy_i · occupancy_j (total
// site occupancies) and N is the occupancy-weighted atom count; the RDF does
// not see species, so mixed sites of total occupancy 1 count as full sites.
#ifndef IONSCREEN_LIB_DESCRIPTORS_RDF_RDF_H_
#define IONSCREEN_LIB_DESCRIPTORS_RDF_RDF_H_

#include <vector>

#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::descriptors {

struct RdfOptions {
  double cutoff_angstrom = 20.0;
  double bin_size_angstrom = 0.1;
  bool per_atom = false;
};

// Bin edges as np.arange(0, cutoff + bin_size, bin_size).
std::vector<double> RdfBinEdges(const RdfOptions& options);

// The RDF on those bins (one value per bin); the crystal must be valid.
absl::StatusOr<std::vector<double>> ComputeRdf(const crystal::Crystal& c,
                                               const RdfOptions& options = {});

}  // namespace ionscreen::descriptors

#endif  // IONSCREEN_LIB_DESCRIPTORS_RDF_RDF_H_
