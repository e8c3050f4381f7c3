#include "lib/descriptors/elemdata/elemdata.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"

namespace ionscreen::elemdata {

absl::StatusOr<std::string> ReadDataFile(const std::string& path,
                                         const std::string& param_name) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot read element data file \"", path, "\"; set the parameter ",
        param_name, " to the directory that holds it (relative paths are "
        "resolved from the working directory)"));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    return absl::FailedPreconditionError(
        absl::StrCat("error reading \"", path, "\" (parameter ", param_name,
                     ")"));
  }
  return buffer.str();
}

absl::StatusOr<MagpieTable> LoadMagpieTable(const std::string& dir,
                                            const std::string& name,
                                            const std::string& param_name) {
  std::string path = absl::StrCat(dir, "/", name, ".table");
  ASSIGN_OR_RETURN(const std::string text, ReadDataFile(path, param_name));
  MagpieTable table;
  table.name_ = name;
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  for (int z = 1; z <= element::kMaxAtomicNumber; ++z) {
    double v = std::numeric_limits<double>::quiet_NaN();
    if (z - 1 < static_cast<int>(lines.size())) {
      double parsed;
      if (absl::SimpleAtod(absl::StripAsciiWhitespace(lines[z - 1]), &parsed)) {
        v = parsed;
      }
    }
    table.values_[z] = v;
  }
  table.values_[0] = std::numeric_limits<double>::quiet_NaN();
  return table;
}

absl::StatusOr<std::vector<double>> TableValues(
    const MagpieTable& table, const std::vector<int>& elements,
    const std::string& record_id) {
  std::vector<double> out;
  out.reserve(elements.size());
  for (int z : elements) {
    double v = table(z);
    if (!std::isfinite(v)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "record ", record_id, ": the Magpie table ", table.name(),
          " has no value for ", element::Get(z).symbol));
    }
    out.push_back(v);
  }
  return out;
}

absl::StatusOr<ElementAmounts> GetElementAmounts(const crystal::Crystal& c) {
  ElementAmounts out;
  for (const auto& [z, amount] : crystal::Composition(c)) {
    if (z < 1 || z > element::kMaxAtomicNumber) {
      return absl::InvalidArgumentError(absl::StrCat(
          "record ", c.id(), ": atomic number ", z, " is outside 1..103"));
    }
    if (amount <= 0) continue;
    out.z.push_back(z);
    out.amount.push_back(amount);
  }
  if (out.z.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("record ", c.id(), ": no atoms in the cell"));
  }
  return out;
}

absl::StatusOr<std::map<Species, double>> GetSpeciesAmounts(
    const crystal::Crystal& c, const std::string& descriptor_name) {
  std::map<Species, double> out;
  for (const crystal::Site& s : c.sites()) {
    for (const crystal::Occupant& o : s.occupants()) {
      if (!o.has_oxidation_state()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "record ", c.id(), ": ", descriptor_name,
            " needs oxidation states, but site ", s.label(), " (",
            element::ByAtomicNumber(o.atomic_number()).ok()
                ? element::Get(o.atomic_number()).symbol
                : "?",
            ") has none (assign them first, e.g. with the oxidation tool)"));
      }
      if (o.atomic_number() < 1 || o.atomic_number() > element::kMaxAtomicNumber) {
        return absl::InvalidArgumentError(
            absl::StrCat("record ", c.id(), ": atomic number ",
                         o.atomic_number(), " is outside 1..103"));
      }
      if (o.occupancy() <= 0) continue;
      out[{o.atomic_number(), o.oxidation_state()}] += o.occupancy();
    }
  }
  if (out.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("record ", c.id(), ": no atoms in the cell"));
  }
  return out;
}

double WeightedMean(const std::vector<double>& x,
                    const std::vector<double>& w) {
  double sw = 0, swx = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sw += w[i];
    swx += w[i] * x[i];
  }
  return swx / sw;
}

double MatminerStdDev(const std::vector<double>& x,
                      const std::vector<double>& w) {
  if (x.size() <= 1) return 0;
  double sw = 0, sw2 = 0;
  for (double wi : w) {
    sw += wi;
    sw2 += wi * wi;
  }
  double beta = sw / (sw * sw - sw2);
  double mean = WeightedMean(x, w);
  double dev = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    dev += (x[i] - mean) * (x[i] - mean) * w[i];
  }
  return std::sqrt(beta * dev);
}

double Minimum(const std::vector<double>& x) {
  return *std::min_element(x.begin(), x.end());
}

double Maximum(const std::vector<double>& x) {
  return *std::max_element(x.begin(), x.end());
}

}  // namespace ionscreen::elemdata
