// The descriptor interface and registry. Each descriptor is one class in its
// own folder under lib/descriptors/<name>/, registered with
// IONSCREEN_REGISTER_DESCRIPTOR in its .cc (the library is alwayslink), and
// listed once in lib/describe/BUILD's `all_descriptors`
// (docs/adding-a-descriptor.md).
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
#include "lib/describe/param_schema.h"

namespace ionscreen::describe {

// The base of every descriptor. A descriptor declares its parameters once,
// in its constructor, with schema() (param_schema.h), bound to its members;
// the base derives from them the spec list, an all-or-nothing Configure and
// the effective parameters. The engine owns the disorder policy and input
// validation: Compute only ever sees records that passed crystal::Validate
// and, under --disorder=error, have no partially occupied or mixed site.
class Descriptor {
 public:
  Descriptor() = default;
  // Declarations bind members by address: a descriptor is never copied.
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  virtual ~Descriptor() = default;

  // Declared parameters, in declaration order.
  std::vector<ParamSpec> param_specs() const { return schema_.specs(); }

  // Sets parameters: names from `params` (any other is InvalidArgument),
  // the others at their defaults; then Configured(). All or nothing: on any
  // error (a bad value, a failed Configured) the previous configuration
  // stays. Errors name the parameter.
  absl::Status Configure(const Params& params);

  // Optional data-set-wide setup before any Compute (e.g. SOAP collects the
  // species of all records when none were given). Called with every record
  // when the engine can hold them; descriptors needing no setup ignore it.
  virtual absl::Status Prepare(const std::vector<crystal::Crystal>& records) {
    return absl::OkStatus();
  }
  // True when Prepare must see all records (the engine then buffers input).
  virtual bool NeedsPrepare() const { return false; }

  // Effective parameters after Configure/Prepare (for the stream header):
  // every declared parameter's current value (Prepare may have set it).
  Params EffectiveParams() const { return schema_.Effective(); }

  // True when a record's vector is one block of dimension() values per site
  // (e.g. SOAP with average=off), concatenated in site order; the engine
  // then accepts any whole number of blocks and the header says so.
  virtual bool PerSite() const { return false; }

  // One label per feature and the vector length; valid after
  // Configure/Prepare. The labels define the dimension: a descriptor
  // overrides only feature_labels(), and dimension() is their count, so the
  // two cannot disagree. Override dimension() too only when building the
  // labels is costly and the dimension is wanted often (e.g. jarvis_cfid
  // reserves it in every Compute, SOAP's calculator keeps thousands of
  // labels); the override must equal feature_labels().size(), which
  // lib/describe/contract_test checks. The engine reads dimension() once per
  // run (Compute results are checked against that cached value), not once
  // per record.
  virtual size_t dimension() const { return feature_labels().size(); }
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

 protected:
  // For declarations in the constructor.
  ParamSchema& schema() { return schema_; }

  // Called by Configure once every parameter field holds its new value:
  // checks that involve several parameters, loads data, computes derived
  // state. An error undoes the whole Configure (the fields are put back and
  // Configured runs again for the previous values).
  virtual absl::Status Configured() { return absl::OkStatus(); }

 private:
  ParamSchema schema_;
  bool configured_ = false;
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

}  // namespace ionscreen::describe

#define IONSCREEN_REGISTER_DESCRIPTOR(var, name, description, cls)         \
  static const bool ionscreen_registered_##var =                          \
      ::ionscreen::describe::RegisterDescriptor(                          \
          {name, description, [] { return std::make_unique<cls>(); }})

#endif  // IONSCREEN_LIB_DESCRIBE_DESCRIPTOR_H_
