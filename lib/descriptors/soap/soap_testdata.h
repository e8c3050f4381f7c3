// Test helpers: structures and reference vectors from JSON (the oracle files
// under $SHARED_DIR/oracle/soap and the structures dumped by
// dump_structures.py), parsed with protobuf's JSON reader.
#ifndef IONSCREEN_LIB_DESCRIPTORS_SOAP_SOAP_TESTDATA_H_
#define IONSCREEN_LIB_DESCRIPTORS_SOAP_SOAP_TESTDATA_H_

#include <string>
#include <vector>

#include "Eigen/Dense"
#include "absl/status/statusor.h"
#include "google/protobuf/struct.pb.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::descriptors::soap::soap_testing {

// $SHARED_DIR, or an error saying it must be set.
absl::StatusOr<std::string> SharedDir();

absl::StatusOr<google::protobuf::Struct> ParseJson(const std::string& text);
absl::StatusOr<std::string> ReadFile(const std::string& path);
// One Struct per non-empty line.
absl::StatusOr<std::vector<google::protobuf::Struct>> ReadJsonLines(
    const std::string& path);

// Field accessors; errors name the field.
absl::StatusOr<std::vector<double>> NumberList(const google::protobuf::Struct& s,
                                               const std::string& field);
absl::StatusOr<std::vector<std::string>> StringList(
    const google::protobuf::Struct& s, const std::string& field);
absl::StatusOr<std::string> StringField(const google::protobuf::Struct& s,
                                        const std::string& field);

// An ordered crystal from a lattice (rows, Å), one atomic number per site and
// fractional coordinates.
crystal::Crystal MakeCrystal(const std::string& id,
                             const Eigen::Matrix3d& lattice,
                             const std::vector<int>& numbers,
                             const std::vector<Eigen::Vector3d>& frac);

// From a JSON object with "lattice_angstrom" (3x3), "frac_coords" (Nx3) and
// either "numbers" (atomic numbers) or "species_sites" (symbols).
absl::StatusOr<crystal::Crystal> CrystalFromJson(
    const google::protobuf::Struct& s);

// Transformed copies for invariance tests. Supercell: new lattice rows =
// m * old rows (det m != 0), every image of every site inside the new cell.
crystal::Crystal Supercell(const crystal::Crystal& c, const Eigen::Matrix3i& m);
// Cartesian frame rotated by r (lattice rows v -> r v); fractional unchanged.
crystal::Crystal Rotated(const crystal::Crystal& c, const Eigen::Matrix3d& r);
// Every fractional coordinate shifted by t (not wrapped).
crystal::Crystal Translated(const crystal::Crystal& c, const Eigen::Vector3d& t);
// Sites shuffled (deterministic for a seed); order[k] = old index of new site k.
crystal::Crystal Permuted(const crystal::Crystal& c, unsigned seed,
                          std::vector<int>* order);
// A proper rotation about `axis` by `angle_rad`.
Eigen::Matrix3d Rotation(const Eigen::Vector3d& axis, double angle_rad);

// Largest |a - b| / max(|ref|_inf, tiny) and the elementwise relative error
// over entries with |ref| >= floor_fraction * max|ref|.
struct Deviation {
  double max_abs_over_max_ref = 0;
  double max_elementwise_rel = 0;
  size_t worst_index = 0;
};
Deviation Compare(const std::vector<double>& got, const std::vector<double>& ref,
                  double floor_fraction = 1e-9);

}  // namespace ionscreen::descriptors::soap::soap_testing

#endif  // IONSCREEN_LIB_DESCRIPTORS_SOAP_SOAP_TESTDATA_H_
