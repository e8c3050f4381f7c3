// Test crystals and the operations the invariance tests apply to them
// (translation, rotation of the Cartesian frame, site permutation,
// supercells and changes of cell basis). One copy for every test under lib/.
#ifndef IONSCREEN_LIB_CRYSTAL_TESTING_FIXTURES_H_
#define IONSCREEN_LIB_CRYSTAL_TESTING_FIXTURES_H_

#include <optional>
#include <string>
#include <vector>

#include "Eigen/Dense"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::crystal::fixtures {

// ---- building crystals ----------------------------------------------------

struct Atom {
  int z;
  double oxidation;
  double x, y, z_frac;
};
// A crystal (id "test") from lattice rows (Å) and fully occupied atoms with
// oxidation states; fractional coordinates wrapped to [0, 1); labels s0, s1...
Crystal MakeCrystal(const Eigen::Matrix3d& lattice, const std::vector<Atom>& atoms);

// An ordered crystal without oxidation states: one atomic number per site,
// labels <symbol><index> (e.g. "Li0"); coordinates as given.
Crystal MakeCrystal(const std::string& id, const Eigen::Matrix3d& lattice,
                    const std::vector<int>& numbers,
                    const std::vector<Eigen::Vector3d>& frac);

// Every site atomic number `z` (default Li), no oxidation states.
Crystal OneElementCrystal(const Eigen::Matrix3d& lattice,
                          const std::vector<Eigen::Vector3d>& frac, int z = 3);

struct OccupantSpec {
  int z;
  double occupancy;
  std::optional<double> oxidation_state;
};
// Appends to c a site labelled `label` at fractional `frac` (as given) with
// `occupants` (several: a disordered site); returns it.
Site* AddSite(Crystal* c, const std::string& label, const Eigen::Vector3d& frac,
              const std::vector<OccupantSpec>& occupants);

// A cubic cell (edge a_angstrom) with one site per entry of `sites` (several
// occupants: a disordered site), spread along the body diagonal: for
// descriptors that ignore geometry.
Crystal CompositionCrystal(const std::string& id,
                           const std::vector<std::vector<OccupantSpec>>& sites,
                           double a_angstrom = 5.0);

// ---- fixture structures ---------------------------------------------------

// Rock-salt LiF, conventional 8-atom cell, a = 4.03 Å (Li and F alternate
// in site order; labels s0...s7).
Crystal RockSaltLiF();
// Rock salt, the conventional 8-site cubic cell of edge a_angstrom (id
// "rocksalt"): cations `cation` (sites 0-3, label "M") on the fcc positions
// (0,0,0), (0,.5,.5), (.5,0,.5), (.5,.5,0), anions `anion` (sites 4-7, label
// "X") each at its cation's position + (.5, 0, 0), wrapped. Fully occupied;
// oxidation states only with the second form.
Crystal RockSalt(int cation, int anion, double a_angstrom);
Crystal RockSalt(int cation, double cation_state, int anion, double anion_state,
                 double a_angstrom);
// A low-symmetry triclinic Li3PS4-composition cell (charge neutral).
Crystal TriclinicLi3PS4();
// A distorted LiCl-NaCl-like cell (Li+, Na+, Cl-), 8 sites, no symmetry left.
Crystal DistortedLiNaCl();

// Compositions (CompositionCrystal, oxidation states set) for the
// composition descriptors: Li2O (two Li+ sites, one O2-), Fe2O3 (Fe3+,
// O2-) and (Li0.5 Na0.5)Cl (one mixed Li+/Na+ site, one Cl-).
Crystal Li2OComposition();
Crystal Fe2O3Composition();
Crystal LiNaClComposition();

// ---- operations -----------------------------------------------------------

// Every fractional coordinate shifted by `shift`, wrapped to [0, 1) unless
// wrap is false.
Crystal Translate(const Crystal& c, const Eigen::Vector3d& shift, bool wrap = true);
// The Cartesian frame rotated: lattice rows r -> R r (fractional unchanged).
Crystal Rotate(const Crystal& c, const Eigen::Matrix3d& rotation);
// The n1 x n2 x n3 supercell (sites in image-major order).
Crystal Supercell(const Crystal& c, int n1, int n2, int n3);
// New lattice rows = m * old rows (det m != 0; |det m| = 1 is a change of
// basis of the same lattice): every image of every site inside the new cell,
// in input-site-major order.
Crystal Supercell(const Crystal& c, const Eigen::Matrix3i& m);
// Sites in reversed-then-rotated order (a fixed non-trivial permutation).
Crystal Permute(const Crystal& c);
// Sites in reversed order.
Crystal Reverse(const Crystal& c);
// Sites shuffled (deterministic for a seed); order[k] = old index of new
// site k (order may be null).
Crystal Shuffle(const Crystal& c, unsigned seed, std::vector<int>* order);

// A proper rotation about `axis` by `angle_rad`.
Eigen::Matrix3d Rotation(const Eigen::Vector3d& axis, double angle_rad);
// A generic rotation (axis (1, 2, 3), 0.7 rad).
Eigen::Matrix3d SomeRotation();

}  // namespace ionscreen::crystal::fixtures

#endif  // IONSCREEN_LIB_CRYSTAL_TESTING_FIXTURES_H_
