#include "lib/descriptors/soap/soap_testdata.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "lib/crystal/crystal_util.h"
#include "lib/crystal/testing/fixtures.h"
#include "lib/element/element.h"

namespace ionscreen::descriptors::soap::soap_testing {

using google::protobuf::Struct;
using google::protobuf::Value;

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

absl::StatusOr<Struct> ParseJson(const std::string& text) {
  Struct s;
  auto status = google::protobuf::util::JsonStringToMessage(text, &s);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad JSON: ", status.ToString()));
  }
  return s;
}

absl::StatusOr<std::vector<Struct>> ReadJsonLines(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::vector<Struct> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto s = ParseJson(line);
    if (!s.ok()) return s.status();
    out.push_back(*std::move(s));
  }
  return out;
}

namespace {

absl::StatusOr<const Value*> Field(const Struct& s, const std::string& field) {
  auto it = s.fields().find(field);
  if (it == s.fields().end()) {
    return absl::NotFoundError(absl::StrCat("JSON field \"", field, "\" missing"));
  }
  return &it->second;
}

absl::StatusOr<std::vector<double>> Numbers(const Value& v,
                                            const std::string& field) {
  if (!v.has_list_value()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is not a list"));
  }
  std::vector<double> out;
  for (const Value& x : v.list_value().values()) {
    if (x.kind_case() != Value::kNumberValue) {
      return absl::InvalidArgumentError(absl::StrCat(field, " holds a non-number"));
    }
    out.push_back(x.number_value());
  }
  return out;
}

absl::StatusOr<std::vector<Eigen::Vector3d>> Rows3(const Struct& s,
                                                   const std::string& field) {
  auto v = Field(s, field);
  if (!v.ok()) return v.status();
  if (!(*v)->has_list_value()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is not a list"));
  }
  std::vector<Eigen::Vector3d> rows;
  for (const Value& row : (*v)->list_value().values()) {
    auto xs = Numbers(row, field);
    if (!xs.ok()) return xs.status();
    if (xs->size() != 3) {
      return absl::InvalidArgumentError(absl::StrCat(field, " row is not 3 long"));
    }
    rows.emplace_back((*xs)[0], (*xs)[1], (*xs)[2]);
  }
  return rows;
}

}  // namespace

absl::StatusOr<std::vector<double>> NumberList(const Struct& s,
                                               const std::string& field) {
  auto v = Field(s, field);
  if (!v.ok()) return v.status();
  return Numbers(**v, field);
}

absl::StatusOr<std::vector<std::string>> StringList(const Struct& s,
                                                    const std::string& field) {
  auto v = Field(s, field);
  if (!v.ok()) return v.status();
  std::vector<std::string> out;
  for (const Value& x : (*v)->list_value().values()) {
    out.push_back(x.string_value());
  }
  return out;
}

absl::StatusOr<std::string> StringField(const Struct& s,
                                        const std::string& field) {
  auto v = Field(s, field);
  if (!v.ok()) return v.status();
  return (*v)->string_value();
}

absl::StatusOr<crystal::Crystal> CrystalFromJson(const Struct& s) {
  auto lattice_rows = Rows3(s, "lattice_angstrom");
  if (!lattice_rows.ok()) return lattice_rows.status();
  if (lattice_rows->size() != 3) {
    return absl::InvalidArgumentError("lattice_angstrom is not 3x3");
  }
  Eigen::Matrix3d lattice;
  for (int r = 0; r < 3; ++r) lattice.row(r) = (*lattice_rows)[r].transpose();
  auto frac = Rows3(s, "frac_coords");
  if (!frac.ok()) return frac.status();
  std::vector<int> numbers;
  if (s.fields().count("numbers") > 0) {
    auto zs = NumberList(s, "numbers");
    if (!zs.ok()) return zs.status();
    for (double z : *zs) numbers.push_back(static_cast<int>(z));
  } else {
    auto symbols = StringList(s, "species_sites");
    if (!symbols.ok()) return symbols.status();
    for (const std::string& sym : *symbols) {
      auto e = element::BySymbol(sym);
      if (!e.ok()) return e.status();
      numbers.push_back((*e)->atomic_number);
    }
  }
  if (numbers.size() != frac->size()) {
    return absl::InvalidArgumentError("species and coordinates differ in length");
  }
  std::string id = s.fields().count("id") ? s.fields().at("id").string_value() : "";
  return crystal::fixtures::MakeCrystal(id, lattice, numbers, *frac);
}

Deviation Compare(const std::vector<double>& got, const std::vector<double>& ref,
                  double floor_fraction) {
  Deviation d;
  double max_ref = 0;
  for (double v : ref) max_ref = std::max(max_ref, std::abs(v));
  const double scale = max_ref > 0 ? max_ref : 1.0;
  for (size_t i = 0; i < ref.size() && i < got.size(); ++i) {
    const double diff = std::abs(got[i] - ref[i]);
    d.max_abs_over_max_ref = std::max(d.max_abs_over_max_ref, diff / scale);
    if (std::abs(ref[i]) >= floor_fraction * scale) {
      const double rel = diff / std::abs(ref[i]);
      if (rel > d.max_elementwise_rel) {
        d.max_elementwise_rel = rel;
        d.worst_index = i;
      }
    }
  }
  if (got.size() != ref.size()) d.max_abs_over_max_ref = INFINITY;
  return d;
}

}  // namespace ionscreen::descriptors::soap::soap_testing
