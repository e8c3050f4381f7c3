// Geometry and composition helpers over the Crystal record.
#ifndef IONSCREEN_LIB_CRYSTAL_CRYSTAL_UTIL_H_
#define IONSCREEN_LIB_CRYSTAL_CRYSTAL_UTIL_H_

#include <map>
#include <string>

#include "Eigen/Dense"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
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
double DensityGramPerCm3(const Crystal& c);

// pymatgen-style reduced formula of a composition (electronegativity order,
// amounts divided by their greatest common divisor; non-integer amounts are
// printed with up to 4 significant decimals).
std::string ReducedFormula(const std::map<int, double>& composition);

// Checks lattice, coordinates and occupants; an error names the reason.
absl::Status Validate(const Crystal& c);

}  // namespace ionscreen::crystal

#endif  // IONSCREEN_LIB_CRYSTAL_CRYSTAL_UTIL_H_
