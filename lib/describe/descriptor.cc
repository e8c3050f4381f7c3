#include "lib/describe/descriptor.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"

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

absl::Status Descriptor::Configure(const Params& params) {
  RETURN_IF_ERROR(schema_.Apply(params));
  absl::Status s = Configured();
  if (!s.ok()) {
    schema_.Undo();
    if (configured_) (void)Configured();  // the previous derived state
    return s;
  }
  configured_ = true;
  return absl::OkStatus();
}

}  // namespace ionscreen::describe
