#include "lib/descriptors/soap/soap_descriptor.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/element/element.h"

namespace ionscreen::descriptors::soap {
absl::StatusOr<std::vector<int>> ParseSpecies(const std::string& text) {
  std::set<int> zs;
  for (absl::string_view piece : absl::StrSplit(text, ',')) {
    piece = absl::StripAsciiWhitespace(piece);
    if (piece.empty()) continue;
    auto e = element::BySymbol(piece);
    if (!e.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("parameter species: unknown element \"", piece, "\""));
    }
    zs.insert((*e)->atomic_number);
  }
  return std::vector<int>(zs.begin(), zs.end());
}

SoapDescriptor::SoapDescriptor() {
  schema().Number("rcut", &options_.rcut_angstrom, 3.0)
      .Unit("Å").Above(1)
      .Help("radial cutoff r_cut; neighbours are found within r_cut + 3.717 "
            "sigma as in DScribe");
  schema().Integer("nmax", &options_.nmax, 5).AtLeast(1)
      .Help("number of GTO radial basis functions");
  schema().Integer("lmax", &options_.lmax, 3).AtLeast(0).AtMost(kMaxLmax)
      .Help("maximum degree of the spherical harmonics");
  schema().Number("sigma", &options_.sigma_angstrom, 1.0)
      .Unit("Å").Above(0).Help("Gaussian width of the atomic densities");
  schema().Elements("species", &options_.species, "")
      .Help("element symbols fixed for the whole data set; empty = every "
            "element present in the input");
  schema().Choice("average", &options_.average,
                  {{"off", Average::kOff},
                   {"inner", Average::kInner},
                   {"outer", Average::kOuter}},
                  "outer")
      .Help("off (per-site vectors concatenated in site order), inner or "
            "outer (DScribe's modes)");
  schema().Bool("crossover", &options_.crossover, true)
      .Help("include cross-species power spectra");
  // Listed in the header only when set: headers of full vectors stay as
  // they were before it existed.
  schema().Element("pairs_with", &options_.pairs_with, "")
      .ShownIf([this] { return options_.pairs_with != 0; })
      .Help("element symbol: keep only the blocks of pairs containing it, "
            "ordered by the partner's symbol (the authors' "
            "SOAP_features_partialS_*: pairs_with=S); empty = every pair");
}

absl::Status SoapDescriptor::Configured() {
  // Check every option now, even when species come later from Prepare.
  SoapOptions probe = options_;
  if (probe.species.empty()) {
    probe.species = {probe.pairs_with != 0 ? probe.pairs_with : 1};
  }
  auto checked = SoapCalculator::Create(probe);
  if (!checked.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("parameters: ", checked.status().message()));
  }
  calculator_.reset();
  if (!options_.species.empty()) {
    ASSIGN_OR_RETURN(SoapCalculator calc, SoapCalculator::Create(options_));
    calculator_.emplace(std::move(calc));
  }
  return absl::OkStatus();
}

absl::Status SoapDescriptor::Prepare(
    const std::vector<crystal::Crystal>& records) {
  if (calculator_.has_value()) return absl::OkStatus();
  std::set<int> zs;
  for (const crystal::Crystal& c : records) {
    for (const crystal::Site& s : c.sites()) {
      for (const crystal::Occupant& o : s.occupants()) {
        if (o.atomic_number() >= 1 &&
            o.atomic_number() <= element::kMaxAtomicNumber) {
          zs.insert(o.atomic_number());
        }
      }
    }
  }
  if (zs.empty()) {
    return absl::InvalidArgumentError(
        "soap: no species given and none found in the input");
  }
  // The layout must hold the pairs_with blocks even if no record has it.
  if (options_.pairs_with != 0) zs.insert(options_.pairs_with);
  SoapOptions o = options_;
  o.species.assign(zs.begin(), zs.end());
  ASSIGN_OR_RETURN(SoapCalculator calc, SoapCalculator::Create(o));
  options_ = o;
  calculator_.emplace(std::move(calc));
  return absl::OkStatus();
}

size_t SoapDescriptor::dimension() const {
  return calculator_.has_value() ? calculator_->dimension() : 0;
}

bool SoapDescriptor::PerSite() const {
  return options_.average == Average::kOff;
}

std::vector<std::string> SoapDescriptor::feature_labels() const {
  return calculator_.has_value() ? calculator_->feature_labels()
                                 : std::vector<std::string>{};
}

absl::StatusOr<std::vector<double>> SoapDescriptor::Compute(
    const crystal::Crystal& crystal) const {
  if (!calculator_.has_value()) {
    return absl::FailedPreconditionError(
        "soap: species unknown (give species= or call Prepare first)");
  }
  return calculator_->Compute(crystal);
}

IONSCREEN_REGISTER_DESCRIPTOR(
    soap, "soap",
    "SOAP power spectrum, DScribe 1.2.2 periodic GTO basis (Bartok et al. "
    "2013; Himanen et al. 2020), averaged over sites",
    SoapDescriptor);

}  // namespace ionscreen::descriptors::soap
