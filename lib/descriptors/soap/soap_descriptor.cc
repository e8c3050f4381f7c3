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
namespace {

// Shortest text that reads back as the same double (reproducible headers).
std::string FormatNumber(double v) {
  char buf[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

}  // namespace

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

absl::StatusOr<Average> ParseAverage(const std::string& text) {
  if (text == "off") return Average::kOff;
  if (text == "inner") return Average::kInner;
  if (text == "outer") return Average::kOuter;
  return absl::InvalidArgumentError(absl::StrCat(
      "parameter average: \"", text, "\" is not one of off, inner, outer"));
}

std::string AverageName(Average a) {
  switch (a) {
    case Average::kOff: return "off";
    case Average::kInner: return "inner";
    case Average::kOuter: return "outer";
  }
  return "?";
}

std::vector<describe::ParamSpec> SoapDescriptor::param_specs() const {
  return {
      {"rcut", "3.0", "radial cutoff r_cut in Å (> 1); neighbours are found "
                      "within r_cut + 3.717 sigma as in DScribe"},
      {"nmax", "5", "number of GTO radial basis functions"},
      {"lmax", "3", "maximum degree of the spherical harmonics (0..20)"},
      {"sigma", "1.0", "Gaussian width of the atomic densities in Å"},
      {"species", "", "comma-separated element symbols fixed for the whole "
                      "data set; empty = every element present in the input"},
      {"average", "outer", "off (per-site vectors concatenated in site "
                           "order), inner or outer (DScribe's modes)"},
      {"crossover", "true", "include cross-species power spectra"},
      {"pairs_with", "", "element symbol: keep only the blocks of pairs "
                         "containing it, ordered by the partner's symbol (the "
                         "authors' SOAP_features_partialS_*: pairs_with=S); "
                         "empty = every pair"},
      {"disorder", "weighted", "weighted: Gaussians scaled by occupancy; "
                               "error: refuse partially occupied sites"},
  };
}

absl::Status SoapDescriptor::Configure(const describe::Params& params) {
  SoapOptions o;
  ASSIGN_OR_RETURN(o.rcut_angstrom,
                   describe::ParseDoubleParam(params, "rcut", 3.0));
  ASSIGN_OR_RETURN(o.nmax, describe::ParseIntParam(params, "nmax", 5));
  ASSIGN_OR_RETURN(o.lmax, describe::ParseIntParam(params, "lmax", 3));
  ASSIGN_OR_RETURN(o.sigma_angstrom,
                   describe::ParseDoubleParam(params, "sigma", 1.0));
  ASSIGN_OR_RETURN(o.species,
                   ParseSpecies(describe::ParamOr(params, "species", "")));
  ASSIGN_OR_RETURN(o.average,
                   ParseAverage(describe::ParamOr(params, "average", "outer")));
  ASSIGN_OR_RETURN(o.crossover,
                   describe::ParseBoolParam(params, "crossover", true));
  const std::string pairs_with = std::string(absl::StripAsciiWhitespace(
      describe::ParamOr(params, "pairs_with", "")));
  if (!pairs_with.empty()) {
    auto e = element::BySymbol(pairs_with);
    if (!e.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "parameter pairs_with: unknown element \"", pairs_with, "\""));
    }
    o.pairs_with = (*e)->atomic_number;
  }
  const std::string disorder = describe::ParamOr(params, "disorder", "weighted");
  if (disorder != "weighted" && disorder != "error") {
    return absl::InvalidArgumentError(absl::StrCat(
        "parameter disorder: \"", disorder, "\" is not weighted or error"));
  }
  // Check every option now, even when species come later from Prepare.
  SoapOptions probe = o;
  if (probe.species.empty()) {
    probe.species = {probe.pairs_with != 0 ? probe.pairs_with : 1};
  }
  auto checked = SoapCalculator::Create(probe);
  if (!checked.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("parameters: ", checked.status().message()));
  }
  options_ = o;
  refuse_disorder_ = disorder == "error";
  calculator_.reset();
  if (!o.species.empty()) {
    ASSIGN_OR_RETURN(SoapCalculator calc, SoapCalculator::Create(o));
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

describe::Params SoapDescriptor::EffectiveParams() const {
  std::vector<std::string> symbols;
  for (int z : options_.species) symbols.push_back(element::Get(z).symbol);
  describe::Params params = {
      {"rcut", FormatNumber(options_.rcut_angstrom)},
      {"nmax", absl::StrCat(options_.nmax)},
      {"lmax", absl::StrCat(options_.lmax)},
      {"sigma", FormatNumber(options_.sigma_angstrom)},
      {"species", absl::StrJoin(symbols, ",")},
      {"average", AverageName(options_.average)},
      {"crossover", options_.crossover ? "true" : "false"},
      {"disorder", refuse_disorder_ ? "error" : "weighted"},
  };
  // Only when set: headers of full vectors stay as they were.
  if (options_.pairs_with != 0) {
    params["pairs_with"] = element::Get(options_.pairs_with).symbol;
  }
  return params;
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
  if (refuse_disorder_ && crystal::IsDisordered(crystal)) {
    return absl::InvalidArgumentError(
        "partially occupied or mixed site refused (disorder=error)");
  }
  return calculator_->Compute(crystal);
}

IONSCREEN_REGISTER_DESCRIPTOR(
    soap, "soap",
    "SOAP power spectrum, DScribe 1.2.2 periodic GTO basis (Bartok et al. "
    "2013; Himanen et al. 2020), averaged over sites",
    SoapDescriptor);

}  // namespace ionscreen::descriptors::soap
