// Bond fractions (matminer BondFractions; the "sum over bonds" of Hansen et
// al.'s bag of bonds): the fraction of all bonds that join each unordered
// element pair, bonds counted from both ends.
//
// Neighbour rule: the Voronoi neighbours with solid-angle weight (normalised
// by the site's largest) above min_weight, i.e. matminer's
// BondFractions.from_preset("VoronoiNN") with VoronoiNN(tol=min_weight).
// The default 0.1 drops minor contacts and the numerical-noise faces that
// pymatgen's qhull leaves on ideal cells (weights ~1e-7, which pymatgen's
// tol = 0 would count as bonds). matminer's own default, CrystalNN,
// starts from the same solid-angle weights but then keeps a coordination
// shell chosen by distance cutoffs and a probabilistic vote; VoronoiNN with
// a small tolerance counts more minor contacts, so fractions of short
// strong bonds are lower than CrystalNN's. Bonds are by element (matminer's
// no_oxi=True). Bonds between elements outside the label set count in the
// total but have no column (as matminer).
//
// Labels: every element pair of the `elements` parameter, or else of all
// records (Prepare), sorted as matminer ("A-B" alphabetical).
// Disorder ("weighted"): a bond between occupants counts the product of
// their occupancies.
#ifndef IONSCREEN_LIB_DESCRIPTORS_BOND_FRACTIONS_BOND_FRACTIONS_H_
#define IONSCREEN_LIB_DESCRIPTORS_BOND_FRACTIONS_BOND_FRACTIONS_H_

#include <string>
#include <utility>
#include <vector>

#include "lib/crystal/crystal.pb.h"
#include "lib/voronoi/voronoi.h"

namespace ionscreen::descriptors {

// Unordered element pairs (atomic numbers) of `elements`, sorted by their
// "A-B" names (symbols alphabetical within and across pairs).
std::vector<std::pair<int, int>> BondTypes(const std::vector<int>& elements);
std::string BondName(const std::pair<int, int>& bond);

std::vector<double> BondFractions(const crystal::Crystal& c,
                                  const voronoi::Tessellation& t,
                                  const std::vector<std::pair<int, int>>& bonds,
                                  double min_weight);

}  // namespace ionscreen::descriptors

#endif  // IONSCREEN_LIB_DESCRIPTORS_BOND_FRACTIONS_BOND_FRACTIONS_H_
