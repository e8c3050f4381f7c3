#include "lib/bvse/bvse_params.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "lib/base/file.h"
#include "lib/base/status_macros.h"

namespace ionscreen::bvse {
namespace {

using ::ionscreen::base::ReadFileToString;

// Data lines (header skipped, blank lines ignored) split on tabs, each
// checked to have `columns` fields.
absl::StatusOr<std::vector<std::vector<std::string>>> TsvRows(
    absl::string_view text, size_t columns, absl::string_view what) {
  std::vector<std::vector<std::string>> rows;
  bool header = true;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() != columns) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, " line ", line_no, ": expected ", columns,
                       " columns, got ", f.size()));
    }
    rows.push_back(std::move(f));
  }
  return rows;
}

}  // namespace

absl::StatusOr<BvseParams> BvseParams::LoadFromDir(const std::string& dir) {
  ASSIGN_OR_RETURN(std::string softbv, ReadFileToString(dir + "/softbv_params.tsv"));
  ASSIGN_OR_RETURN(std::string pqn,
                   ReadFileToString(dir + "/principal_quantum_number.tsv"));
  return Parse(softbv, pqn);
}

absl::StatusOr<BvseParams> BvseParams::Parse(absl::string_view softbv_tsv,
                                             absl::string_view pqn_tsv) {
  BvseParams p;
  ASSIGN_OR_RETURN(auto rows, TsvRows(softbv_tsv, 8, "softbv_params.tsv"));
  for (const auto& f : rows) {
    int cz, cv, az, av;
    MorseParams m;
    if (!absl::SimpleAtoi(f[0], &cz) || !absl::SimpleAtoi(f[1], &cv) ||
        !absl::SimpleAtoi(f[2], &az) || !absl::SimpleAtoi(f[3], &av) ||
        !absl::SimpleAtod(f[4], &m.r0_angstrom) ||
        !absl::SimpleAtod(f[5], &m.r_min_angstrom) ||
        !absl::SimpleAtod(f[6], &m.alpha_per_angstrom) ||
        !absl::SimpleAtod(f[7], &m.d0_ev)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "softbv_params.tsv: unparsable row ", absl::StrJoin(f, " ")));
    }
    p.morse_[{cz, cv, az, av}] = m;
  }
  ASSIGN_OR_RETURN(auto prow, TsvRows(pqn_tsv, 2,
                                      "principal_quantum_number.tsv"));
  for (const auto& f : prow) {
    int z, n;
    if (!absl::SimpleAtoi(f[0], &z) || !absl::SimpleAtoi(f[1], &n) || n <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("principal_quantum_number.tsv: unparsable row ",
                       absl::StrJoin(f, " ")));
    }
    p.pqn_[z] = n;
  }
  if (p.morse_.empty()) {
    return absl::InvalidArgumentError("softbv_params.tsv holds no parameters");
  }
  return p;
}

const MorseParams* BvseParams::FindMorse(int cation_z, int cation_valence,
                                         int anion_z,
                                         int anion_valence) const {
  auto it = morse_.find({cation_z, cation_valence, anion_z, anion_valence});
  return it == morse_.end() ? nullptr : &it->second;
}

absl::Status BvseParams::LoadPaperRadii(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  return ParsePaperRadii(text);
}

absl::Status BvseParams::ParsePaperRadii(absl::string_view tsv) {
  ASSIGN_OR_RETURN(auto rows, TsvRows(tsv, 3, "paper_radii.tsv"));
  for (const auto& f : rows) {
    int z, v;
    double r;
    if (!absl::SimpleAtoi(f[0], &z) || !absl::SimpleAtoi(f[1], &v) ||
        !absl::SimpleAtod(f[2], &r) || r < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "paper_radii.tsv: unparsable row ", absl::StrJoin(f, " ")));
    }
    paper_radius_[{z, v}] = r;
  }
  if (paper_radius_.empty()) {
    return absl::InvalidArgumentError("paper_radii.tsv holds no radii");
  }
  return absl::OkStatus();
}

double BvseParams::PaperRadius(int z, int valence) const {
  auto it = paper_radius_.find({z, valence});
  return it == paper_radius_.end() ? 0 : it->second;
}

int BvseParams::PrincipalQuantumNumber(int z) const {
  auto it = pqn_.find(z);
  return it == pqn_.end() ? 0 : it->second;
}

}  // namespace ionscreen::bvse
