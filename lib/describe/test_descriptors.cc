// Small descriptors for testing the engine and the tool (testonly; never in
// all_descriptors). They exercise the parts of the interface real
// descriptors use: parameters, per-record errors, bad vectors, Prepare.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"
#include "lib/element/element.h"

namespace ionscreen::describe {
namespace {

absl::StatusOr<std::vector<int>> ParseElements(const std::string& text) {
  std::vector<int> out;
  if (text.empty()) return out;
  for (absl::string_view s : absl::StrSplit(text, ',')) {
    ASSIGN_OR_RETURN(const element::Element* e, element::BySymbol(s));
    out.push_back(e->atomic_number);
  }
  return out;
}

std::vector<double> Counts(const crystal::Crystal& c,
                           const std::vector<int>& elements, double scale) {
  std::map<int, double> comp = crystal::Composition(c);
  std::vector<double> v;
  for (int z : elements) {
    auto it = comp.find(z);
    v.push_back(scale * (it == comp.end() ? 0.0 : it->second));
  }
  return v;
}

std::vector<std::string> CountLabels(const std::vector<int>& elements) {
  std::vector<std::string> out;
  for (int z : elements) {
    out.push_back(absl::StrCat("count_", element::Get(z).symbol));
  }
  return out;
}

// Occupancy-weighted atom counts of fixed elements, times `scale`.
class CompositionCounts : public Descriptor {
 public:
  CompositionCounts() {
    schema().Text("elements", &elements_text_, "Li,O")
        .Help("element symbols to count");
    schema().Number("scale", &scale_, 1).Help("factor applied to every count");
  }
  std::vector<std::string> feature_labels() const override {
    return CountLabels(elements_);
  }
  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    return Counts(c, elements_, scale_);
  }

 private:
  absl::Status Configured() override {
    ASSIGN_OR_RETURN(elements_, ParseElements(elements_text_));
    return absl::OkStatus();
  }

  std::string elements_text_;
  std::vector<int> elements_;
  double scale_ = 1;
};

// {atoms, volume}, misbehaving for chosen ids: an error, a NaN, or a vector
// of the wrong length.
class Faulty : public Descriptor {
 public:
  Faulty() {
    schema().Text("error_ids", &text_[0], "").Help("ids answered with an error");
    schema().Text("nan_ids", &text_[1], "").Help("ids answered with a NaN feature");
    schema().Text("short_ids", &text_[2], "")
        .Help("ids answered with too few values");
  }
  std::vector<std::string> feature_labels() const override {
    return {"atoms", "volume_angstrom3"};
  }
  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    if (ids_[0].count(c.id())) {
      return absl::InvalidArgumentError("cannot handle this structure");
    }
    std::vector<double> v = {crystal::NumAtoms(c), crystal::VolumeAngstrom3(c)};
    if (ids_[1].count(c.id())) v[1] = std::numeric_limits<double>::quiet_NaN();
    if (ids_[2].count(c.id())) v.pop_back();
    return v;
  }

 private:
  absl::Status Configured() override {
    for (int k = 0; k < 3; ++k) {
      ids_[k].clear();
      for (absl::string_view s :
           absl::StrSplit(text_[k], ',', absl::SkipEmpty())) {
        ids_[k].insert(std::string(s));
      }
    }
    return absl::OkStatus();
  }

  std::string text_[3];  // error_ids, nan_ids, short_ids
  std::set<std::string> ids_[3];
};

// Counts per species, the species collected over the whole data set by
// Prepare unless given (the pattern of SOAP's species).
class SpeciesCounts : public Descriptor {
 public:
  SpeciesCounts() {
    schema().Elements("species", &species_, "")
        .Help("element symbols; empty: all species present");
  }
  bool NeedsPrepare() const override { return needs_prepare_; }
  absl::Status Prepare(const std::vector<crystal::Crystal>& records) override {
    if (!needs_prepare_) return absl::OkStatus();
    std::set<int> all;
    for (const crystal::Crystal& c : records) {
      for (const auto& [z, n] : crystal::Composition(c)) all.insert(z);
    }
    if (all.empty()) return absl::InvalidArgumentError("no species found");
    species_.assign(all.begin(), all.end());
    return absl::OkStatus();
  }
  std::vector<std::string> feature_labels() const override {
    return CountLabels(species_);
  }
  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    std::map<int, double> comp = crystal::Composition(c);
    for (const auto& [z, n] : comp) {
      if (!std::binary_search(species_.begin(), species_.end(), z)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "element ", element::Get(z).symbol, " is not in the species list"));
      }
    }
    return Counts(c, species_, 1.0);
  }

 private:
  absl::Status Configured() override {
    needs_prepare_ = species_.empty();
    return absl::OkStatus();
  }

  std::vector<int> species_;
  bool needs_prepare_ = true;
};

IONSCREEN_REGISTER_DESCRIPTOR(test_composition, "test_composition",
                              "test only: occupancy-weighted element counts",
                              CompositionCounts);
IONSCREEN_REGISTER_DESCRIPTOR(test_faulty, "test_faulty",
                              "test only: errors, NaN or short vectors on "
                              "chosen ids",
                              Faulty);
IONSCREEN_REGISTER_DESCRIPTOR(test_species, "test_species",
                              "test only: counts per species found by Prepare",
                              SpeciesCounts);

}  // namespace
}  // namespace ionscreen::describe
