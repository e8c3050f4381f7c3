// Geometry and composition helpers over the Crystal record.
#ifndef IONSCREEN_LIB_CRYSTAL_CRYSTAL_UTIL_H_
#define IONSCREEN_LIB_CRYSTAL_CRYSTAL_UTIL_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "Eigen/Dense"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::crystal {

// Rows are the lattice vectors a, b, c in Å.
Eigen::Matrix3d LatticeMatrix(const Crystal& c);
void SetLattice(const Eigen::Matrix3d& rows, Crystal* c);
// Lattice from cell parameters (Å, degrees), a along x, b in the xy plane
// (the convention of pymatgen's Lattice.from_parameters).
Eigen::Matrix3d LatticeFromParameters(double a, double b, double c,
                                      double alpha_deg, double beta_deg,
                                      double gamma_deg);
double VolumeAngstrom3(const Crystal& c);
Eigen::Vector3d FracPosition(const Site& s);
Eigen::Vector3d CartesianPosition(const Crystal& c, const Site& s);

// True when any site has an occupancy below 1 (within 1e-6) or several
// occupants.
bool IsDisordered(const Crystal& c);
bool IsSiteDisordered(const Site& s);

// Occupancy-weighted amount of each element in the cell (atomic number ->
// atoms).
std::map<int, double> Composition(const Crystal& c);
// Occupancy-weighted number of atoms in the cell.
double NumAtoms(const Crystal& c);
// Composition as (atomic number, amount) in order of first appearance over
// the sites (pymatgen's Composition of a Structure; it breaks ties by it).
std::vector<std::pair<int, double>> CompositionInSiteOrder(const Crystal& c);
double DensityGramPerCm3(const Crystal& c);

// pymatgen-style reduced formula of a composition (electronegativity order,
// amounts divided by their greatest common divisor; non-integer amounts are
// printed with up to 4 significant decimals).
std::string ReducedFormula(const std::map<int, double>& composition);

// What a record may hold before any stage uses it (issue 16: streams are
// edited by users' scripts, CIFs come from anywhere). The resource limits
// are exposed by every tool that reads Crystal records as the flags of the
// same name (--max_sites, --max_volume_angstrom3); the floors are physics
// (no real cell comes near them) and have no flag.
struct ValidationLimits {
  // 14x the largest cell of the MP + OBELiX corpus (688 sites).
  int64_t max_sites = 10000;
  // 38x the largest cell of the corpus (26,240 Å³, an "-40" variant); above
  // it grids, reflection lists and Ewald sums grow without bound.
  double max_volume_angstrom3 = 1e6;
};
// Fixed floors: a shorter spacing between lattice planes (or a denser cell)
// would make periodic-image loops run for hours. Real cells: >= 1.5 Å and
// >= 5.9 Å³ per site.
inline constexpr double kMinInterplanarSpacingAngstrom = 0.5;
inline constexpr double kMinVolumePerSiteAngstrom3 = 0.5;
// Fractional coordinates are meant to lie in [0, 1); beyond this they are
// garbage (and overflow integer image counts).
inline constexpr double kMaxAbsFractionalCoordinate = 100;

// Checks a record before use: three finite lattice vectors, a cell that is
// neither degenerate nor thinner than kMinInterplanarSpacingAngstrom nor
// larger than the volume limit, 1..max_sites sites with finite fractional
// coordinates, each with occupants of atomic number 1..103, occupancy in
// (0, 1] summing to <= 1 (+1e-3), finite oxidation states. The error
// (InvalidArgument) names the reason and, for a limit, the flag raising it;
// callers prefix the record id.
absl::Status ValidateCrystal(const Crystal& c, const ValidationLimits& limits);

// ValidateCrystal with the process-wide limits (DefaultValidationLimits()).
// Every library stage calls this on its input.
absl::Status Validate(const Crystal& c);

// `status` (an error of a stage on record c) with its message prefixed
// "<what>: record <id>: ", its code kept.
absl::Status RecordError(absl::string_view what, const Crystal& c,
                         const absl::Status& status);

// The limits Validate uses: ValidationLimits{} unless a main changed them
// (from its --max_sites / --max_volume_angstrom3 flags) with
// SetDefaultValidationLimits before starting any work or thread.
const ValidationLimits& DefaultValidationLimits();
void SetDefaultValidationLimits(const ValidationLimits& limits);

}  // namespace ionscreen::crystal

#endif  // IONSCREEN_LIB_CRYSTAL_CRYSTAL_UTIL_H_
