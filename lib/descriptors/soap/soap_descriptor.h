// The "soap" descriptor: SoapCalculator (soap.h) behind the describe
// registry. Parameters: rcut (Å), nmax, lmax, sigma (Å), species (comma-
// separated symbols, fixed for the whole data set; empty = every element in
// the input, collected by Prepare), average (off|inner|outer), crossover,
// pairs_with (element symbol; only pairs containing it, see soap.h; listed in
// the effective parameters only when set).
//
// average=off: a record's vector is the per-site power spectra concatenated
// in site order (sites x dimension() values; dimension() and the labels
// describe one site's block).
#ifndef IONSCREEN_LIB_DESCRIPTORS_SOAP_SOAP_DESCRIPTOR_H_
#define IONSCREEN_LIB_DESCRIPTORS_SOAP_SOAP_DESCRIPTOR_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/describe/descriptor.h"
#include "lib/descriptors/soap/soap.h"

namespace ionscreen::descriptors::soap {

class SoapDescriptor : public describe::Descriptor {
 public:
  SoapDescriptor();
  bool NeedsPrepare() const override { return !calculator_.has_value(); }
  absl::Status Prepare(const std::vector<crystal::Crystal>& records) override;
  // Kept (not the labels' count): the calculator holds the dimension, while
  // its labels (thousands with many species) are built on each call.
  size_t dimension() const override;
  bool PerSite() const override;
  // Averaged vectors are intensive; per-site blocks grow with the cell.
  bool Intensive() const override { return !PerSite(); }
  std::vector<std::string> feature_labels() const override;
  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& crystal) const override;

 private:
  absl::Status Configured() override;

  SoapOptions options_;
  std::optional<SoapCalculator> calculator_;  // set once species are known
};

// "Li,O, S" -> sorted atomic numbers; InvalidArgument for unknown symbols.
absl::StatusOr<std::vector<int>> ParseSpecies(const std::string& text);

}  // namespace ionscreen::descriptors::soap

#endif  // IONSCREEN_LIB_DESCRIPTORS_SOAP_SOAP_DESCRIPTOR_H_
