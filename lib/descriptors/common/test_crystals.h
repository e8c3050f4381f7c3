// Test structures and symmetry operations on Crystal records for the
// descriptor tests (invariance under translation, rotation, supercell and
// permutation; disordered variants).
#ifndef IONSCREEN_LIB_DESCRIPTORS_COMMON_TEST_CRYSTALS_H_
#define IONSCREEN_LIB_DESCRIPTORS_COMMON_TEST_CRYSTALS_H_

#include <vector>

#include "Eigen/Dense"
#include "gtest/gtest.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal.pb.h"

// status_matchers.h has no ASSERT_OK_AND_ASSIGN yet; this is the upstream
// shape.
#ifndef ASSERT_OK_AND_ASSIGN
#define ASSERT_OK_AND_ASSIGN(lhs, rexpr) \
  IONSCREEN_ASSERT_OK_AND_ASSIGN_IMPL_(  \
      IONSCREEN_CONCAT_(assert_statusor_, __LINE__), lhs, rexpr)
#define IONSCREEN_ASSERT_OK_AND_ASSIGN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                        \
  ASSERT_TRUE(statusor.ok()) << statusor.status();                \
  lhs = std::move(statusor).value()
#endif

namespace ionscreen::descriptors::fixtures {

struct Atom {
  int z;
  double oxidation;
  double x, y, z_frac;
};

// A crystal from lattice rows and atoms (occupancy 1, oxidation set).
crystal::Crystal MakeCrystal(const Eigen::Matrix3d& lattice,
                             const std::vector<Atom>& atoms);
// Rock-salt LiF, conventional 8-atom cell, a = 4.03 Å.
crystal::Crystal RockSaltLiF();
// A low-symmetry triclinic Li3PS4-composition cell (charge neutral).
crystal::Crystal TriclinicLi3PS4();

// Every fractional coordinate shifted by `shift` (wrapped to [0, 1)).
crystal::Crystal Translate(const crystal::Crystal& c, const Eigen::Vector3d& shift);
// The Cartesian frame rotated: lattice rows r -> R r.
crystal::Crystal Rotate(const crystal::Crystal& c, const Eigen::Matrix3d& rotation);
// The n1 x n2 x n3 supercell.
crystal::Crystal Supercell(const crystal::Crystal& c, int n1, int n2, int n3);
// Sites in reversed-then-rotated order (a fixed non-trivial permutation).
crystal::Crystal Permute(const crystal::Crystal& c);
// A generic rotation (axis (1, 2, 3), 0.7 rad).
Eigen::Matrix3d SomeRotation();

}  // namespace ionscreen::descriptors::fixtures

#endif  // IONSCREEN_LIB_DESCRIPTORS_COMMON_TEST_CRYSTALS_H_
