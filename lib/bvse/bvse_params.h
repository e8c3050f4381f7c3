// softBV-type parameters for BVSE, read at run time from the data folder
// (softbv_params.tsv and principal_quantum_number.tsv, converted from BVlain).
#ifndef IONSCREEN_LIB_BVSE_BVSE_PARAMS_H_
#define IONSCREEN_LIB_BVSE_BVSE_PARAMS_H_

#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ionscreen::bvse {

// Morse-type bond parameters of one cation(valence)-anion(valence) pair.
struct MorseParams {
  double r0_angstrom;
  double r_min_angstrom;
  double alpha_per_angstrom;
  double d0_ev;
};

class BvseParams {
 public:
  // Reads <dir>/softbv_params.tsv and <dir>/principal_quantum_number.tsv.
  // NotFound when a file is missing.
  static absl::StatusOr<BvseParams> LoadFromDir(const std::string& dir);
  // Parses the two TSV texts (header line first).
  static absl::StatusOr<BvseParams> Parse(absl::string_view softbv_tsv,
                                          absl::string_view pqn_tsv);

  // Null when the pair is not tabulated.
  const MorseParams* FindMorse(int cation_z, int cation_valence, int anion_z,
                               int anion_valence) const;
  // 0 when the element is not tabulated.
  int PrincipalQuantumNumber(int z) const;
  size_t num_pairs() const { return morse_.size(); }

  // Radii of the authors' BVAnalysis.py (`--model=paper`): one per element
  // and oxidation state (their elements.dat, column 9), used for the
  // screening length and the hard core. Optional file
  // <dir>/paper_radii.tsv with columns z, valence, radius_angstrom.
  absl::Status LoadPaperRadii(const std::string& path);
  absl::Status ParsePaperRadii(absl::string_view tsv);
  // 0 when the ion is not tabulated (the authors' code then fails).
  double PaperRadius(int z, int valence) const;
  bool has_paper_radii() const { return !paper_radius_.empty(); }

 private:
  std::map<std::tuple<int, int, int, int>, MorseParams> morse_;
  std::map<int, int> pqn_;
  std::map<std::pair<int, int>, double> paper_radius_;
};

}  // namespace ionscreen::bvse

#endif  // IONSCREEN_LIB_BVSE_BVSE_PARAMS_H_
