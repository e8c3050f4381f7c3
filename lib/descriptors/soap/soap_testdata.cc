#include "lib/descriptors/soap/soap_testdata.h"

#include <algorithm>
#include <cmath>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/crystal/testing/fixtures.h"
#include "lib/element/element.h"

namespace ionscreen::descriptors::soap::soap_testing {

using google::protobuf::Struct;
using google::protobuf::Value;

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
    ASSIGN_OR_RETURN(Struct s, ParseJson(line));
    out.push_back(std::move(s));
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
  ASSIGN_OR_RETURN(const Value* v, Field(s, field));
  if (!v->has_list_value()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is not a list"));
  }
  std::vector<Eigen::Vector3d> rows;
  for (const Value& row : v->list_value().values()) {
    ASSIGN_OR_RETURN(std::vector<double> xs, Numbers(row, field));
    if (xs.size() != 3) {
      return absl::InvalidArgumentError(absl::StrCat(field, " row is not 3 long"));
    }
    rows.emplace_back(xs[0], xs[1], xs[2]);
  }
  return rows;
}

}  // namespace

absl::StatusOr<std::vector<double>> NumberList(const Struct& s,
                                               const std::string& field) {
  ASSIGN_OR_RETURN(const Value* v, Field(s, field));
  return Numbers(*v, field);
}

absl::StatusOr<std::vector<std::string>> StringList(const Struct& s,
                                                    const std::string& field) {
  ASSIGN_OR_RETURN(const Value* v, Field(s, field));
  std::vector<std::string> out;
  for (const Value& x : v->list_value().values()) {
    out.push_back(x.string_value());
  }
  return out;
}

absl::StatusOr<std::string> StringField(const Struct& s,
                                        const std::string& field) {
  ASSIGN_OR_RETURN(const Value* v, Field(s, field));
  return v->string_value();
}

absl::StatusOr<crystal::Crystal> CrystalFromJson(const Struct& s) {
  ASSIGN_OR_RETURN(const std::vector<Eigen::Vector3d> lattice_rows,
                   Rows3(s, "lattice_angstrom"));
  if (lattice_rows.size() != 3) {
    return absl::InvalidArgumentError("lattice_angstrom is not 3x3");
  }
  Eigen::Matrix3d lattice;
  for (int r = 0; r < 3; ++r) lattice.row(r) = lattice_rows[r].transpose();
  ASSIGN_OR_RETURN(const std::vector<Eigen::Vector3d> frac,
                   Rows3(s, "frac_coords"));
  std::vector<int> numbers;
  if (s.fields().count("numbers") > 0) {
    ASSIGN_OR_RETURN(const std::vector<double> zs, NumberList(s, "numbers"));
    for (double z : zs) numbers.push_back(static_cast<int>(z));
  } else {
    ASSIGN_OR_RETURN(const std::vector<std::string> symbols,
                     StringList(s, "species_sites"));
    for (const std::string& sym : symbols) {
      ASSIGN_OR_RETURN(const element::Element* e, element::BySymbol(sym));
      numbers.push_back(e->atomic_number);
    }
  }
  if (numbers.size() != frac.size()) {
    return absl::InvalidArgumentError("species and coordinates differ in length");
  }
  std::string id = s.fields().count("id") ? s.fields().at("id").string_value() : "";
  return crystal::fixtures::MakeCrystal(id, lattice, numbers, frac);
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
