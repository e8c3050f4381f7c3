// Shared pieces of the composition descriptors (band center, oxidation
// statistics, electronegativity difference, valence orbital, Meredig, the
// chemical part of JARVIS CFID): element tables read at run time from the
// shared data directory, occupancy-weighted compositions, and matminer's
// PropertyStats conventions.
//
// Disorder: compositions are occupancy-weighted amounts in the cell (a site
// half Li, half vacancy contributes 0.5 Li), so disordered structures need no
// special case (the engine's --disorder=error refuses them before).
#ifndef IONSCREEN_LIB_DESCRIPTORS_ELEMDATA_ELEMDATA_H_
#define IONSCREEN_LIB_DESCRIPTORS_ELEMDATA_ELEMDATA_H_

#include <array>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/element/element.h"

namespace ionscreen::elemdata {

// Default locations, relative to the working directory (the repository root
// sits beside shared/).
inline constexpr char kDefaultMagpieDir[] =
    "../shared/data/matminer/magpie_elementdata";
inline constexpr char kDefaultJarvisDir[] = "../shared/data/matminer/jarvis";

// Reads a whole file; a missing or unreadable file is FailedPrecondition
// naming `param_name` so the user knows which parameter to set.
absl::StatusOr<std::string> ReadDataFile(const std::string& path,
                                         const std::string& param_name);

// One Magpie property table (<dir>/<name>.table): line Z holds the value of
// element Z; unparsable entries ("Missing", "None") are NaN, as in matminer's
// MagpieData.
class MagpieTable {
 public:
  MagpieTable() { values_.fill(0); }
  const std::string& name() const { return name_; }
  // Value for 1 <= z <= 103 (NaN when the table has none).
  double operator()(int z) const { return values_[z]; }

 private:
  friend absl::StatusOr<MagpieTable> LoadMagpieTable(const std::string&,
                                                     const std::string&,
                                                     const std::string&);
  std::string name_;
  std::array<double, element::kMaxAtomicNumber + 1> values_;
};

absl::StatusOr<MagpieTable> LoadMagpieTable(const std::string& dir,
                                            const std::string& name,
                                            const std::string& param_name);

// The value of `table` for every element, or InvalidArgument naming the
// record, the element and the property when one is missing (matminer would
// produce NaN; a stream must never carry NaN).
absl::StatusOr<std::vector<double>> TableValues(
    const MagpieTable& table, const std::vector<int>& elements,
    const std::string& record_id);

// Occupancy-weighted element amounts in the cell, as parallel vectors in
// atomic-number order. Error when the cell is empty or an atomic number is
// outside 1..103.
struct ElementAmounts {
  std::vector<int> z;
  std::vector<double> amount;
};
absl::StatusOr<ElementAmounts> GetElementAmounts(const crystal::Crystal& c);

// Occupancy-weighted amounts per species (element, oxidation state), as
// pymatgen's Composition of a decorated structure. Error naming the record
// and site when an occupant has no oxidation state.
struct Species {
  int z;
  double oxidation_state;
  bool operator<(const Species& o) const {
    return z != o.z ? z < o.z : oxidation_state < o.oxidation_state;
  }
};
absl::StatusOr<std::map<Species, double>> GetSpeciesAmounts(
    const crystal::Crystal& c, const std::string& descriptor_name);

// matminer PropertyStats with weights.
double WeightedMean(const std::vector<double>& x, const std::vector<double>& w);
// matminer's weighted std_dev: sqrt(beta * sum w (x - mean)^2) with
// beta = W / (W^2 - sum w^2), W = sum w ("reliability weights"; the weights
// are amounts, not fractions, so the value depends on the cell size); 0 for a
// single entry.
double MatminerStdDev(const std::vector<double>& x,
                      const std::vector<double>& w);
double Minimum(const std::vector<double>& x);
double Maximum(const std::vector<double>& x);

}  // namespace ionscreen::elemdata

#endif  // IONSCREEN_LIB_DESCRIPTORS_ELEMDATA_ELEMDATA_H_
