// Helpers for descriptor tests: registered descriptors configured for a
// test (data-file parameters pointed at $SHARED_DIR), vector comparison, and
// one run of the describe engine over in-memory records. It also brings what
// every descriptor test uses (GoogleTest and gMock, the status matchers, the
// crystal fixtures) and, at the end, the namespace the descriptor tests are
// written in.
#ifndef IONSCREEN_LIB_DESCRIBE_DESCRIPTOR_TESTING_H_
#define IONSCREEN_LIB_DESCRIBE_DESCRIPTOR_TESTING_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/crystal/testing/fixtures.h"
#include "lib/describe/descriptor.h"
#include "lib/describe/engine.h"

namespace ionscreen::describe::fixtures {

// $SHARED_DIR, or FailedPrecondition saying it must be set (tests then fail;
// they never pass silently without the shared data).
absl::StatusOr<std::string> SharedDir();

// `params` plus, for every parameter whose default names a file under the
// repository's ../shared/ (element tables, bond valence table) and that
// `params` does not set, that file under $SHARED_DIR.
absl::StatusOr<Params> WithSharedData(const Descriptor& d, Params params);

// The registered descriptor `name` configured with WithSharedData(params).
absl::StatusOr<std::unique_ptr<Descriptor>> Make(const std::string& name,
                                                 const Params& params = {});
// Make, then Compute on `c`: the vector, or the first error.
absl::StatusOr<std::vector<double>> ComputeOne(const std::string& name,
                                               const Params& params,
                                               const crystal::Crystal& c);
// Make, failing the current test (EXPECT) when it cannot; never null.
std::unique_ptr<Descriptor> MustMake(const std::string& name,
                                     const Params& params = {});

// a == b elementwise within rel * max|a| (EXPECT; same length: ASSERT).
void ExpectSameVector(const std::vector<double>& a, const std::vector<double>& b,
                      double rel);

// d's vector for c equals (ExpectSameVector, `rel`) its vector for c
// translated, rotated and with permuted sites, and with_supercell, for the
// 2x1x2 supercell (crystal/testing/fixtures.h).
void ExpectInvariant(const Descriptor& d, const crystal::Crystal& c, double rel,
                     bool with_supercell);

// One describe-engine run (engine.h Describe, keep_going) over `records`:
// the run's status, and per record its vector or its error.
struct EngineRun {
  absl::Status status;
  std::vector<absl::StatusOr<std::vector<double>>> results;
};
EngineRun DescribeRecords(const std::string& name, Descriptor& d,
                          const std::vector<crystal::Crystal>& records,
                          DisorderPolicy disorder = DisorderPolicy::kWeighted);

}  // namespace ionscreen::describe::fixtures

// The namespace of the descriptor tests (lib/descriptors/<name>/<name>_test.cc):
// inside ionscreen::descriptors, with the names they all use in scope: cf::
// for the crystal fixtures, the helpers above and the status matchers.
// GoogleTest's own namespace is then spelled ::testing (as the matchers'
// ionscreen::testing already requires inside ionscreen::).
namespace ionscreen::descriptors::testing {

namespace cf = ::ionscreen::crystal::fixtures;
using ::ionscreen::describe::fixtures::ComputeOne;  // data from $SHARED_DIR
using ::ionscreen::describe::fixtures::ExpectInvariant;
using ::ionscreen::describe::fixtures::ExpectSameVector;
using ::ionscreen::describe::fixtures::Make;
using ::ionscreen::describe::fixtures::MustMake;
using ::ionscreen::testing::IsOkAndHolds;
using ::ionscreen::testing::StatusIs;

// Absolute tolerance of a descriptor value against a hand-computed
// expectation (a closed form over tabulated element data): the two agree to
// round-off. Tests that need a looser bound (iterative or fitted values) say
// why with their own constant.
constexpr double kHandComputedTol = 1e-12;

}  // namespace ionscreen::descriptors::testing

#endif  // IONSCREEN_LIB_DESCRIBE_DESCRIPTOR_TESTING_H_
