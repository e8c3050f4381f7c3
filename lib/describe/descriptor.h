// The descriptor interface and registry. Each descriptor is one class in its
// own folder under lib/descriptors/<name>/, registered with
// IONSCREEN_REGISTER_DESCRIPTOR in its .cc (the library is alwayslink), and
// listed once in lib/describe/BUILD's `all_descriptors`.
#ifndef IONSCREEN_LIB_DESCRIBE_DESCRIPTOR_H_
#define IONSCREEN_LIB_DESCRIBE_DESCRIPTOR_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::describe {

// Parameter values by name, as strings (parsed by the descriptor).
using Params = std::map<std::string, std::string>;

struct ParamSpec {
  std::string name;
  std::string default_value;
  std::string help;
};

class Descriptor {
 public:
  virtual ~Descriptor() = default;

  // Parameters this descriptor accepts, with defaults. Every descriptor also
  // receives "disorder" ("weighted" or "error"; the engine enforces "error").
  virtual std::vector<ParamSpec> param_specs() const = 0;

  // Sets parameters. `params` holds only names from param_specs() (the
  // engine rejects unknown ones); missing names take their defaults.
  // Invalid values are InvalidArgument naming the parameter.
  virtual absl::Status Configure(const Params& params) = 0;

  // Optional data-set-wide setup before any Compute (e.g. SOAP collects the
  // species of all records when none were given). Called with every record
  // when the engine can hold them; descriptors needing no setup ignore it.
  virtual absl::Status Prepare(const std::vector<crystal::Crystal>& records) {
    return absl::OkStatus();
  }
  // True when Prepare must see all records (the engine then buffers input).
  virtual bool NeedsPrepare() const { return false; }

  // Effective parameters after Configure/Prepare (for the stream header).
  virtual Params EffectiveParams() const = 0;

  // True when a record's vector is one block of dimension() values per site
  // (e.g. SOAP with average=off), concatenated in site order; the engine
  // then accepts any whole number of blocks and the header says so.
  virtual bool PerSite() const { return false; }

  // Vector length and one label per feature; valid after Configure/Prepare.
  virtual size_t dimension() const = 0;
  virtual std::vector<std::string> feature_labels() const = 0;

  // False when some feature grows with the cell (an n-fold supercell of a
  // record does not give the same vector); lib/describe/contract_test checks
  // supercell invariance of every descriptor that keeps the default.
  virtual bool Intensive() const { return true; }

  // Computes the vector for one structure. Must be thread-safe (const) and
  // return a per-record error (never NaN/inf) when it cannot handle a
  // structure, with the reason.
  virtual absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& crystal) const = 0;
};

struct DescriptorInfo {
  std::string name;         // as typed: "soap", "xrd", "rdf", ...
  std::string description;  // one line, with the reference
  std::function<std::unique_ptr<Descriptor>()> factory;
};

// Registers at static-initialisation time; returns true (for the macro).
bool RegisterDescriptor(DescriptorInfo info);
// All registered descriptors, sorted by name.
std::vector<const DescriptorInfo*> RegisteredDescriptors();
absl::StatusOr<const DescriptorInfo*> FindDescriptor(const std::string& name);

// Helpers for descriptors' Configure.
absl::StatusOr<double> ParseDoubleParam(const Params& p, const std::string& name,
                                        double default_value);
absl::StatusOr<int> ParseIntParam(const Params& p, const std::string& name,
                                  int default_value);
absl::StatusOr<bool> ParseBoolParam(const Params& p, const std::string& name,
                                    bool default_value);
std::string ParamOr(const Params& p, const std::string& name,
                    const std::string& default_value);

}  // namespace ionscreen::describe

#define IONSCREEN_REGISTER_DESCRIPTOR(var, name, description, cls)         \
  static const bool ionscreen_registered_##var =                          \
      ::ionscreen::describe::RegisterDescriptor(                          \
          {name, description, [] { return std::make_unique<cls>(); }})

#endif  // IONSCREEN_LIB_DESCRIBE_DESCRIPTOR_H_
