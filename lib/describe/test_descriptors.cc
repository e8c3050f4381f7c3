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
#include "absl/strings/str_join.h"
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
  std::vector<ParamSpec> param_specs() const override {
    return {{"elements", "Li,O", "element symbols to count"},
            {"scale", "1", "factor applied to every count"}};
  }
  absl::Status Configure(const Params& p) override {
    elements_text_ = ParamOr(p, "elements", "Li,O");
    ASSIGN_OR_RETURN(elements_, ParseElements(elements_text_));
    ASSIGN_OR_RETURN(scale_, ParseDoubleParam(p, "scale", 1.0));
    return absl::OkStatus();
  }
  Params EffectiveParams() const override {
    return {{"elements", elements_text_}, {"scale", absl::StrCat(scale_)}};
  }
  size_t dimension() const override { return elements_.size(); }
  std::vector<std::string> feature_labels() const override {
    return CountLabels(elements_);
  }
  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    return Counts(c, elements_, scale_);
  }

 private:
  std::string elements_text_;
  std::vector<int> elements_;
  double scale_ = 1;
};

// {atoms, volume}, misbehaving for chosen ids: an error, a NaN, or a vector
// of the wrong length.
class Faulty : public Descriptor {
 public:
  std::vector<ParamSpec> param_specs() const override {
    return {{"error_ids", "", "ids answered with an error"},
            {"nan_ids", "", "ids answered with a NaN feature"},
            {"short_ids", "", "ids answered with too few values"}};
  }
  absl::Status Configure(const Params& p) override {
    for (const char* name : {"error_ids", "nan_ids", "short_ids"}) {
      std::string v = ParamOr(p, name, "");
      params_[name] = v;
      std::set<std::string>& ids = ids_[name];
      for (absl::string_view s : absl::StrSplit(v, ',', absl::SkipEmpty())) {
        ids.insert(std::string(s));
      }
    }
    return absl::OkStatus();
  }
  Params EffectiveParams() const override { return params_; }
  size_t dimension() const override { return 2; }
  std::vector<std::string> feature_labels() const override {
    return {"atoms", "volume_angstrom3"};
  }
  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    if (ids_.at("error_ids").count(c.id())) {
      return absl::InvalidArgumentError("cannot handle this structure");
    }
    std::vector<double> v = {crystal::NumAtoms(c), crystal::VolumeAngstrom3(c)};
    if (ids_.at("nan_ids").count(c.id())) {
      v[1] = std::numeric_limits<double>::quiet_NaN();
    }
    if (ids_.at("short_ids").count(c.id())) v.pop_back();
    return v;
  }

 private:
  Params params_;
  std::map<std::string, std::set<std::string>> ids_;
};

// Counts per species, the species collected over the whole data set by
// Prepare unless given (the pattern of SOAP's --species).
class SpeciesCounts : public Descriptor {
 public:
  std::vector<ParamSpec> param_specs() const override {
    return {{"species", "", "element symbols; empty: all species present"}};
  }
  absl::Status Configure(const Params& p) override {
    ASSIGN_OR_RETURN(species_, ParseElements(ParamOr(p, "species", "")));
    needs_prepare_ = species_.empty();
    return absl::OkStatus();
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
  Params EffectiveParams() const override {
    std::vector<std::string> symbols;
    for (int z : species_) symbols.push_back(element::Get(z).symbol);
    return {{"species", absl::StrJoin(symbols, ",")}};
  }
  size_t dimension() const override { return species_.size(); }
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
