// Test helpers: structures and reference vectors from JSON (the oracle files
// under $SHARED_DIR/oracle/soap and the structures dumped by
// dump_structures.py), parsed with protobuf's JSON reader.
#ifndef IONSCREEN_LIB_DESCRIPTORS_SOAP_SOAP_TESTDATA_H_
#define IONSCREEN_LIB_DESCRIPTORS_SOAP_SOAP_TESTDATA_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/struct.pb.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::descriptors::soap::soap_testing {

absl::StatusOr<google::protobuf::Struct> ParseJson(const std::string& text);
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

// From a JSON object with "lattice_angstrom" (3x3), "frac_coords" (Nx3) and
// either "numbers" (atomic numbers) or "species_sites" (symbols).
absl::StatusOr<crystal::Crystal> CrystalFromJson(
    const google::protobuf::Struct& s);

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
