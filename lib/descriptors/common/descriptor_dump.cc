// Test helper for the oracle tests (not a user tool): reads Crystal records
// as JSON lines (protobuf JSON mapping) on stdin, computes one registered
// descriptor, and writes one JSON line per record: {"id", "values"} plus, for
// "xrd", the unsmoothed peaks and, for "ewald", the total energy in eV, so a
// Python oracle can compare against pymatgen on identical structures.
//
// Usage: descriptor_dump NAME [param=value ...] < crystals.jsonl
//        descriptor_dump NAME [param=value ...] --cif=PATH ...
// (the second form reads each CIF's first block with lib/cif instead).
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "lib/cif/cif_reader.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/describe/descriptor.h"
#include "lib/describe/engine.h"
#include "lib/descriptors/ewald/ewald.h"
#include "lib/descriptors/xrd/xrd.h"

namespace {

std::string Num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%.17g", v);
  return buf;
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

int Run(int argc, char** argv) {
  using ionscreen::describe::Params;
  if (argc < 2) {
    std::cerr << "usage: descriptor_dump NAME [param=value ...] < crystals.jsonl\n";
    return 2;
  }
  const std::string name = argv[1];
  Params params;
  std::vector<std::string> cifs;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--cif=", 0) == 0) {
      cifs.push_back(arg.substr(6));
      continue;
    }
    size_t eq = arg.find('=');
    if (eq == std::string::npos) {
      std::cerr << "bad parameter " << arg << "\n";
      return 2;
    }
    params[arg.substr(0, eq)] = arg.substr(eq + 1);
  }
  auto info = ionscreen::describe::FindDescriptor(name);
  if (!info.ok()) {
    std::cerr << info.status() << "\n";
    return 1;
  }
  auto d = (*info)->factory();
  if (auto st = d->Configure(params); !st.ok()) {
    std::cerr << st << "\n";
    return 1;
  }
  std::vector<ionscreen::crystal::Crystal> crystals;
  for (const std::string& path : cifs) {
    auto c = ionscreen::cif::ReadFirstCrystal(path);
    if (!c.ok()) {
      std::cerr << "cannot read " << path << ": " << c.status() << "\n";
      return 1;
    }
    crystals.push_back(*std::move(c));
  }
  std::string line;
  while (cifs.empty() && std::getline(std::cin, line)) {
    if (line.empty()) continue;
    ionscreen::crystal::Crystal c;
    auto st = google::protobuf::util::JsonStringToMessage(line, &c);
    if (!st.ok()) {
      std::cerr << "bad JSON record: " << st.ToString() << "\n";
      return 1;
    }
    crystals.push_back(std::move(c));
  }
  if (d->NeedsPrepare()) {
    if (auto st = d->Prepare(crystals); !st.ok()) {
      std::cerr << st << "\n";
      return 1;
    }
  }
  for (const auto& c : crystals) {
    std::string out = absl::StrCat("{\"id\": ", Quote(c.id()));
    // What the engine checks before a descriptor sees a record.
    const absl::Status admitted = ionscreen::describe::CheckRecord(
        c, ionscreen::describe::DisorderPolicy::kWeighted);
    absl::StatusOr<std::vector<double>> v =
        admitted.ok() ? d->Compute(c)
                      : absl::StatusOr<std::vector<double>>(admitted);
    if (!v.ok()) {
      absl::StrAppend(&out, ", \"error\": ", Quote(std::string(v.status().message())));
    } else {
      absl::StrAppend(&out, ", \"values\": [");
      for (size_t i = 0; i < v->size(); ++i) {
        absl::StrAppend(&out, i ? ", " : "", Num((*v)[i]));
      }
      absl::StrAppend(&out, "]");
    }
    if (name == "xrd") {
      ionscreen::descriptors::XrdOptions o;
      auto peaks = ionscreen::descriptors::ComputeXrdPeaks(c, o);
      if (peaks.ok()) {
        absl::StrAppend(&out, ", \"peaks\": [");
        for (size_t i = 0; i < peaks->size(); ++i) {
          absl::StrAppend(&out, i ? ", " : "", "[", Num((*peaks)[i].two_theta_deg),
                          ", ", Num((*peaks)[i].intensity), "]");
        }
        absl::StrAppend(&out, "]");
      }
    }
    if (name == "ewald") {
      auto e = ionscreen::descriptors::ComputeEwaldEnergy(c);
      if (e.ok()) absl::StrAppend(&out, ", \"total_ev\": ", Num(e->total_ev));
    }
    std::cout << out << "}\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
