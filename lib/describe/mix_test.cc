#include "lib/describe/mix.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/describe/descriptor.pb.h"
#include "lib/stream/record_stream.h"
#include "lib/stream/stream_testing.h"

namespace ionscreen::describe {
namespace {

using ::ionscreen::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Rec {
  std::string id;
  std::vector<double> values;
  std::string representation = "none";
};

std::string DescriptorStream(const std::string& name,
                             const std::vector<std::string>& labels,
                             const std::vector<Rec>& records,
                             std::map<std::string, std::string> params = {},
                             bool with_dimension = true) {
  stream::ProvenanceStep step;
  step.set_tool(absl::StrCat("describe-", name));
  stream::StreamHeader header = stream::DerivedHeader(nullptr, step);
  for (const auto& [k, v] : params) (*header.mutable_parameters())[k] = v;
  (*header.mutable_parameters())["descriptor"] = name;
  if (with_dimension) {
    (*header.mutable_parameters())["dimension"] = absl::StrCat(labels.size());
  }
  for (const auto& l : labels) header.add_feature_labels(l);
  std::string bytes;
  auto w = stream::RecordWriter<DescriptorRecord>::Open(
      stream::StringSink(&bytes), header);
  EXPECT_OK(w.status());
  for (const Rec& r : records) {
    DescriptorRecord d;
    d.set_id(r.id);
    d.set_representation(r.representation);
    d.set_mp_id(absl::StrCat("mp-", r.id));
    for (double v : r.values) d.add_values(v);
    EXPECT_OK((*w)->Write(d));
  }
  EXPECT_OK((*w)->Close());
  return bytes;
}

MixInput Input(const std::string& name, double weight,
               const std::string& bytes) {
  auto reader = stream::RecordReader<DescriptorRecord>::Open(
      stream::StringSource(bytes, name));
  EXPECT_OK(reader.status());
  return {name, weight, std::move(reader).value()};
}

struct Mixed {
  absl::Status status;
  stream::StreamHeader header;
  std::vector<DescriptorRecord> records;
  std::vector<std::string> dropped;
  uint64_t records_dropped = 0;
};

// One input of RunMix: a stream's name, weight and bytes.
struct NamedStream {
  std::string name;
  double weight;
  std::string bytes;
};

Mixed RunMix(const std::vector<NamedStream>& streams, bool keep_common_only = false) {
  std::vector<MixInput> inputs;
  for (const NamedStream& s : streams) inputs.push_back(Input(s.name, s.weight, s.bytes));
  Mixed m;
  std::string bytes;
  stream::ProvenanceStep step;
  step.set_tool("describe");
  absl::StatusOr<MixSummary> s = MixDescriptorStreams(
      std::move(inputs), stream::StringSink(&bytes), step, keep_common_only);
  m.status = s.status();
  if (!s.ok()) return m;
  m.dropped = s->dropped;
  m.records_dropped = s->records_dropped;
  auto reader = stream::RecordReader<DescriptorRecord>::Open(
      stream::StringSource(bytes));
  EXPECT_OK(reader.status());
  m.header = (*reader)->header();
  auto all = stream::ReadAllRecords(**reader);
  EXPECT_OK(all.status());
  m.records = *all;
  EXPECT_EQ(s->records_written, m.records.size());
  return m;
}

std::vector<double> Values(const DescriptorRecord& r) {
  return {r.values().begin(), r.values().end()};
}

TEST(ParseMixSpecsTest, PathsAndWeights) {
  absl::StatusOr<std::vector<MixSpec>> s =
      ParseMixSpecs("a.stream:1,dir:x/b.stream:1e-5,c.stream");
  ASSERT_OK(s.status());
  ASSERT_EQ(s->size(), 3u);
  EXPECT_EQ((*s)[0].path, "a.stream");
  EXPECT_EQ((*s)[0].weight, 1.0);
  EXPECT_EQ((*s)[1].path, "dir:x/b.stream");
  EXPECT_EQ((*s)[1].weight, 1e-5);
  EXPECT_EQ((*s)[2].path, "c.stream");
  EXPECT_EQ((*s)[2].weight, 1.0);
  for (const char* bad : {"a:abc", "a:0", "a:-1", "a:inf", ":1", "a:1,"}) {
    EXPECT_THAT(ParseMixSpecs(bad),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << bad;
  }
}

TEST(MixTest, ConcatenatesWeightedInFirstOrder) {
  std::string soap = DescriptorStream(
      "soap", {"x", "y"},
      {{"a", {1, 2}}, {"b", {3, 4}}, {"a", {5, 6}, "CAN"}}, {{"rcut", "3"}});
  std::string xrd = DescriptorStream(
      "xrd", {"p"}, {{"a", {7}, "CAN"}, {"b", {100}}, {"a", {10}}},
      {{"wavelength_angstrom", "1.54184"}});
  Mixed m = RunMix({{"soap.stream", 1, soap}, {"xrd.stream", 1e-5, xrd}});
  ASSERT_OK(m.status);
  const auto& p = m.header.parameters();
  EXPECT_EQ(p.at("descriptor"), "mix");
  EXPECT_EQ(p.at("dimension"), "3");
  EXPECT_EQ(p.at("mix"), "soap:1,xrd:1e-05");
  EXPECT_EQ(p.at("soap.rcut"), "3");
  EXPECT_EQ(p.at("soap.dimension"), "2");
  EXPECT_EQ(p.at("xrd.wavelength_angstrom"), "1.54184");
  EXPECT_THAT(m.header.feature_labels(),
              ElementsAre("soap.x", "soap.y", "xrd.p"));
  EXPECT_THAT(stream::fixtures::ProvenanceTools(m.header),
              ElementsAre("describe-soap", "describe"));
  ASSERT_EQ(m.records.size(), 3u);
  EXPECT_EQ(m.records[0].id(), "a");
  EXPECT_EQ(m.records[0].representation(), "none");
  EXPECT_EQ(m.records[0].mp_id(), "mp-a");
  EXPECT_THAT(Values(m.records[0]), ElementsAre(1, 2, 10 * 1e-5));
  EXPECT_THAT(Values(m.records[1]), ElementsAre(3, 4, 100 * 1e-5));
  EXPECT_EQ(m.records[2].representation(), "CAN");
  EXPECT_THAT(Values(m.records[2]), ElementsAre(5, 6, 7 * 1e-5));
}

TEST(MixTest, SameDescriptorTwiceGetsDistinctPrefixes) {
  std::string a = DescriptorStream("soap", {"x"}, {{"a", {1}}});
  std::string b = DescriptorStream("soap", {"x"}, {{"a", {2}}});
  Mixed m = RunMix({{"a", 2, a}, {"b", 0.5, b}});
  ASSERT_OK(m.status);
  EXPECT_THAT(m.header.feature_labels(), ElementsAre("soap.x", "soap_2.x"));
  EXPECT_EQ(m.header.parameters().at("mix"), "soap:2,soap_2:0.5");
  ASSERT_EQ(m.records.size(), 1u);
  EXPECT_THAT(Values(m.records[0]), ElementsAre(2, 1));
}

TEST(MixTest, DifferentIdSetsAreAnErrorWithExamples) {
  std::string a =
      DescriptorStream("soap", {"x"}, {{"a", {1}}, {"b", {1}}, {"c", {1}}});
  std::string b =
      DescriptorStream("xrd", {"p"}, {{"a", {1}}, {"c", {1}}, {"d", {1}}});
  EXPECT_THAT(
      RunMix({{"A.stream", 1, a}, {"B.stream", 1, b}}).status,
      StatusIs(absl::StatusCode::kFailedPrecondition,
               AllOf(HasSubstr("1 record(s) of A.stream missing from B.stream "
                               "(e.g. \"b\" (none))"),
                     HasSubstr("1 record(s) of B.stream missing from A.stream "
                               "(e.g. \"d\" (none))"))));
}

TEST(MixTest, KeepCommonOnlyWritesTheIntersectionAndReportsTheRest) {
  std::string a =
      DescriptorStream("soap", {"x"}, {{"a", {1}}, {"b", {2}}, {"c", {3}}});
  std::string b =
      DescriptorStream("xrd", {"p"}, {{"c", {30}}, {"a", {10}}, {"d", {40}}});
  Mixed m = RunMix({{"A.stream", 1, a}, {"B.stream", 0.5, b}}, /*keep_common_only=*/true);
  ASSERT_OK(m.status);
  ASSERT_EQ(m.records.size(), 2u);  // a and c, in the first input's order
  EXPECT_EQ(m.records[0].id(), "a");
  EXPECT_THAT(Values(m.records[0]), ElementsAre(1, 5));
  EXPECT_EQ(m.records[1].id(), "c");
  EXPECT_THAT(Values(m.records[1]), ElementsAre(3, 15));
  EXPECT_EQ(m.records_dropped, 2u);
  EXPECT_THAT(m.dropped,
              ElementsAre(HasSubstr("1 record(s) of A.stream missing from "
                                    "B.stream (e.g. \"b\" (none))"),
                          HasSubstr("1 record(s) of B.stream missing from "
                                    "A.stream (e.g. \"d\" (none))")));
}

TEST(MixTest, RepresentationMustMatch) {
  std::string a = DescriptorStream("soap", {"x"}, {{"a", {1}, "CAN"}});
  std::string b = DescriptorStream("xrd", {"p"}, {{"a", {1}, "none"}});
  EXPECT_THAT(RunMix({{"A", 1, a}, {"B", 1, b}}).status,
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("\"a\" (CAN)"),
                             HasSubstr("\"a\" (none)"))));
}

TEST(MixTest, RejectsMalformedInputs) {
  EXPECT_THAT(
      RunMix({{"A", 1, DescriptorStream("soap", {"x", "y"}, {{"a", {1}}})}}).status,
      StatusIs(absl::StatusCode::kDataLoss,
               AllOf(HasSubstr("A: record 0"), HasSubstr("dimension 2"))));
  EXPECT_THAT(
      RunMix({{"A", 1, DescriptorStream("soap", {"x"}, {{"a", {1}}}, {}, false)}}).status,
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no \"dimension\"")));
  EXPECT_THAT(
      RunMix({{"A", 1, DescriptorStream("soap", {"x"}, {{"a", {1}}})},
              {"B", 1, DescriptorStream("xrd", {"p"}, {{"a", {1}}, {"a", {2}}})}})
          .status,
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("B: records 0 and 1"), HasSubstr("same id"))));
  EXPECT_THAT(
      RunMix({{"A", 1, DescriptorStream("soap", {"x"}, {{"a", {1}}, {"a", {1}}})}}).status,
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("repeats id")));
  EXPECT_THAT(RunMix({{"A", 0, DescriptorStream("soap", {"x"}, {})}}).status,
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("weight")));
  EXPECT_THAT(RunMix({}).status, StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace ionscreen::describe
