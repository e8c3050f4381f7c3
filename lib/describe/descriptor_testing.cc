#include "lib/describe/descriptor_testing.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/testing/fixtures.h"
#include "lib/stream/byte_io.h"
#include "lib/stream/record_stream.h"

namespace ionscreen::describe::fixtures {

absl::StatusOr<std::string> SharedDir() {
  const char* dir = std::getenv("SHARED_DIR");
  if (dir == nullptr || *dir == '\0') {
    return absl::FailedPreconditionError(
        "SHARED_DIR is not set: run through bazel test with .bazelrc.shared "
        "(test --test_env=SHARED_DIR=<absolute path of ../shared>)");
  }
  return std::string(dir);
}

absl::StatusOr<Params> WithSharedData(const Descriptor& d, Params params) {
  constexpr absl::string_view kRepoShared = "../shared/";
  for (const ParamSpec& p : d.param_specs()) {
    if (params.count(p.name) > 0 ||
        !absl::StartsWith(p.default_value, kRepoShared)) {
      continue;
    }
    absl::StatusOr<std::string> shared = SharedDir();
    if (!shared.ok()) {
      return absl::Status(shared.status().code(),
                          absl::StrCat("parameter ", p.name, ": ",
                                       shared.status().message()));
    }
    params[p.name] = absl::StrCat(
        *shared, "/", p.default_value.substr(kRepoShared.size()));
  }
  return params;
}

absl::StatusOr<std::unique_ptr<Descriptor>> Make(const std::string& name,
                                                 const Params& params) {
  ASSIGN_OR_RETURN(const DescriptorInfo* info, FindDescriptor(name));
  std::unique_ptr<Descriptor> d = info->factory();
  ASSIGN_OR_RETURN(const Params p, WithSharedData(*d, params));
  RETURN_IF_ERROR(d->Configure(p));
  return d;
}

absl::StatusOr<std::vector<double>> ComputeOne(const std::string& name,
                                               const Params& params,
                                               const crystal::Crystal& c) {
  ASSIGN_OR_RETURN(const std::unique_ptr<Descriptor> d, Make(name, params));
  return d->Compute(c);
}

std::unique_ptr<Descriptor> MustMake(const std::string& name,
                                     const Params& params) {
  absl::StatusOr<std::unique_ptr<Descriptor>> d = Make(name, params);
  if (d.ok()) return *std::move(d);
  ADD_FAILURE() << name << ": " << d.status();
  absl::StatusOr<const DescriptorInfo*> info = FindDescriptor(name);
  if (!info.ok()) std::abort();  // no descriptor to return
  return (*info)->factory();
}

void ExpectSameVector(const std::vector<double>& a, const std::vector<double>& b,
                      double rel) {
  ASSERT_EQ(a.size(), b.size());
  double top = 0;
  for (double x : a) top = std::max(top, std::abs(x));
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], rel * top) << i;
}

void ExpectInvariant(const Descriptor& d, const crystal::Crystal& c, double rel,
                     bool with_supercell) {
  namespace cf = ::ionscreen::crystal::fixtures;
  absl::StatusOr<std::vector<double>> ref = d.Compute(c);
  ASSERT_TRUE(ref.ok()) << ref.status();
  std::vector<std::pair<std::string, crystal::Crystal>> moved = {
      {"translation", cf::Translate(c, Eigen::Vector3d(0.31, -0.12, 0.77))},
      {"rotation", cf::Rotate(c, cf::SomeRotation())},
      {"permutation", cf::Permute(c)}};
  if (with_supercell) moved.push_back({"supercell", cf::Supercell(c, 2, 1, 2)});
  for (const auto& [what, v] : moved) {
    SCOPED_TRACE(what);
    absl::StatusOr<std::vector<double>> got = d.Compute(v);
    ASSERT_TRUE(got.ok()) << got.status();
    ExpectSameVector(*ref, *got, rel);
  }
}

EngineRun DescribeRecords(const std::string& name, Descriptor& d,
                          const std::vector<crystal::Crystal>& records,
                          DisorderPolicy disorder) {
  EngineRun run;
  stream::ProvenanceStep source;
  source.set_tool("test");
  std::string in;
  {
    auto writer = stream::RecordWriter<crystal::Crystal>::Open(
        stream::StringSink(&in), stream::DerivedHeader(nullptr, source));
    if (!writer.ok()) {
      run.status = writer.status();
      return run;
    }
    for (const crystal::Crystal& c : records) {
      run.status.Update((*writer)->Write(c));
    }
    run.status.Update((*writer)->Close());
    if (!run.status.ok()) return run;
  }
  auto reader = stream::RecordReader<crystal::Crystal>::Open(
      stream::StringSource(std::move(in)));
  if (!reader.ok()) {
    run.status = reader.status();
    return run;
  }
  run.results.assign(records.size(), absl::UnknownError("not described"));
  std::vector<bool> skipped(records.size(), false);
  DescribeOptions options;
  options.disorder = disorder;
  options.skip.keep_going = true;
  // Each skip line is "record <index> (<id>): <reason>" (stream::RecordName).
  std::vector<std::pair<size_t, std::string>> skip_lines;
  options.skip.on_skip = [&](const std::string& line) {
    size_t index = records.size();
    absl::string_view rest(line);
    if (absl::ConsumePrefix(&rest, "record ")) {
      (void)absl::SimpleAtoi(rest.substr(0, rest.find_first_of(" :")), &index);
    }
    skip_lines.emplace_back(index, line);
  };
  std::string out;
  stream::ProvenanceStep step;
  step.set_tool("describe");
  absl::StatusOr<stream::StageCounts> summary =
      Describe(name, d, **reader, stream::StringSink(&out), step, options);
  if (!summary.ok()) {
    run.status = summary.status();
    return run;
  }
  for (const auto& [index, line] : skip_lines) {
    if (index >= records.size()) {
      run.status = absl::InternalError(absl::StrCat("bad skip line: ", line));
      return run;
    }
    // The line carries the message; the code is the one of the check or of
    // the (now prepared) descriptor that refused the record (the engine's
    // own length and finiteness checks are internal errors).
    absl::StatusCode code = CheckRecord(records[index], disorder).code();
    if (code == absl::StatusCode::kOk) code = d.Compute(records[index]).status().code();
    if (code == absl::StatusCode::kOk) code = absl::StatusCode::kInternal;
    run.results[index] = absl::Status(code, line);
    skipped[index] = true;
  }
  auto described = stream::RecordReader<DescriptorRecord>::Open(
      stream::StringSource(std::move(out)));
  if (!described.ok()) {
    run.status = described.status();
    return run;
  }
  // Written records are the unskipped ones, in input order.
  size_t next = 0;
  DescriptorRecord r;
  while (true) {
    absl::StatusOr<bool> more = (*described)->Next(&r);
    if (!more.ok()) {
      run.status = more.status();
      return run;
    }
    if (!*more) break;
    while (next < records.size() && skipped[next]) ++next;
    if (next == records.size()) {
      run.status = absl::InternalError("more records out than in");
      return run;
    }
    run.results[next++] = std::vector<double>(r.values().begin(), r.values().end());
  }
  return run;
}

}  // namespace ionscreen::describe::fixtures
