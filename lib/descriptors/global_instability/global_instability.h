// Global instability index (matminer GlobalInstabilityIndex, IUCr table
// method; Salinas-Sanchez et al. 1992): for each site the bond valence sum
// over every opposite-sign neighbour within the cutoff, s = exp((R0 - d)/B)
// with the first matching (cation, valence, anion, valence) row of the IUCr
// bond valence table (bvparm2020.cif), minus the formal valence; the GII is
// the root mean square of these deviations over all sites.
//
// Needs oxidation states on every occupant (integer valences). Sites of
// valence 0 have no bonds and deviation 0, as in matminer's featurize. A
// structure whose valences are all 0 is refused (matminer's precheck) unless
// all_zero_is_zero, which gives GII 0 as matminer 0.6.3's featurize does
// (the paper's notebooks call featurize without the precheck).
// Disorder ("weighted"): an occupant's sum weights each neighbour occupant by
// its occupancy; a site's squared deviation is the occupancy-weighted mean
// over its occupants, and sites enter the mean with their total occupancy.
// An ordered structure gets matminer's value.
#ifndef IONSCREEN_LIB_DESCRIPTORS_GLOBAL_INSTABILITY_GLOBAL_INSTABILITY_H_
#define IONSCREEN_LIB_DESCRIPTORS_GLOBAL_INSTABILITY_GLOBAL_INSTABILITY_H_

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::descriptors {

struct BondValenceParam {
  double r0_angstrom;
  double b_angstrom;
};

// (cation Z, cation valence, anion Z, anion valence) -> first table row.
using BondValenceTable =
    std::map<std::tuple<int, int, int, int>, BondValenceParam>;

// Parses the IUCr accumulated table (bvparm20xx.cif): the rows of the
// _valence_param loop; rows naming non-elements (e.g. NH) are skipped.
// interpolate_soft reproduces matminer 0.6.3's
// IUCrBondValenceData(interpolate_soft=True): for each (cation, anion) with
// a cation-valence-9 row and an anion symbol containing none of "O", "Cl",
// "F", the first such row is added for cation valences 1-6 with that row's
// anion valence, unless the table already has that key.
absl::StatusOr<BondValenceTable> ParseBondValenceTable(
    const std::string& text, bool interpolate_soft = false);
absl::StatusOr<BondValenceTable> ReadBondValenceTable(
    const std::string& path, bool interpolate_soft = false);

struct GiiResult {
  double gii;
  // Per site: occupancy-weighted mean over occupants of BVS - valence.
  std::vector<double> deviation;
};

absl::StatusOr<GiiResult> ComputeGii(const crystal::Crystal& c,
                                     const BondValenceTable& table,
                                     double cutoff_angstrom,
                                     bool all_zero_is_zero = false);

}  // namespace ionscreen::descriptors

#endif  // IONSCREEN_LIB_DESCRIPTORS_GLOBAL_INSTABILITY_GLOBAL_INSTABILITY_H_
