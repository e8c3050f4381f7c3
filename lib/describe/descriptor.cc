#include "lib/describe/descriptor.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace ionscreen::describe {
namespace {

std::vector<DescriptorInfo>& Registry() {
  static auto* registry = new std::vector<DescriptorInfo>();
  return *registry;
}

}  // namespace

bool RegisterDescriptor(DescriptorInfo info) {
  Registry().push_back(std::move(info));
  return true;
}

std::vector<const DescriptorInfo*> RegisteredDescriptors() {
  std::vector<const DescriptorInfo*> out;
  for (const DescriptorInfo& d : Registry()) out.push_back(&d);
  std::sort(out.begin(), out.end(),
            [](const auto* a, const auto* b) { return a->name < b->name; });
  return out;
}

absl::StatusOr<const DescriptorInfo*> FindDescriptor(const std::string& name) {
  for (const DescriptorInfo& d : Registry()) {
    if (d.name == name) return &d;
  }
  std::string known;
  for (const DescriptorInfo* d : RegisteredDescriptors()) {
    absl::StrAppend(&known, known.empty() ? "" : ", ", d->name);
  }
  return absl::NotFoundError(
      absl::StrCat("unknown descriptor \"", name, "\" (known: ", known, ")"));
}

std::string ParamOr(const Params& p, const std::string& name,
                    const std::string& default_value) {
  auto it = p.find(name);
  return it == p.end() ? default_value : it->second;
}

absl::StatusOr<double> ParseDoubleParam(const Params& p, const std::string& name,
                                        double default_value) {
  auto it = p.find(name);
  if (it == p.end()) return default_value;
  double v;
  if (!absl::SimpleAtod(it->second, &v) || !std::isfinite(v)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "parameter ", name, ": \"", it->second, "\" is not a number"));
  }
  return v;
}

absl::StatusOr<int> ParseIntParam(const Params& p, const std::string& name,
                                  int default_value) {
  auto it = p.find(name);
  if (it == p.end()) return default_value;
  int v;
  if (!absl::SimpleAtoi(it->second, &v)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "parameter ", name, ": \"", it->second, "\" is not an integer"));
  }
  return v;
}

absl::StatusOr<bool> ParseBoolParam(const Params& p, const std::string& name,
                                    bool default_value) {
  auto it = p.find(name);
  if (it == p.end()) return default_value;
  bool v;
  if (!absl::SimpleAtob(it->second, &v)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "parameter ", name, ": \"", it->second, "\" is not true/false"));
  }
  return v;
}

}  // namespace ionscreen::describe
