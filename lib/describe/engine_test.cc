#include "lib/describe/engine.h"

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.pb.h"
#include "lib/stream/record_stream.h"
#include "lib/stream/stream_testing.h"

namespace ionscreen::describe {
namespace {

using ::ionscreen::testing::IsOk;
using ::ionscreen::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Atom {
  int z;
  double occupancy;
  double x, y, z_frac;
};

crystal::Crystal MakeCrystal(const std::string& id,
                             const std::vector<std::vector<Atom>>& sites,
                             double a = 4.0) {
  crystal::Crystal c;
  c.set_id(id);
  crystal::SetLattice(Eigen::Matrix3d::Identity() * a, &c);
  int n = 0;
  for (const std::vector<Atom>& occupants : sites) {
    crystal::Site* s = c.add_sites();
    s->set_label(absl::StrCat("s", n++));
    s->set_frac_x(occupants[0].x);
    s->set_frac_y(occupants[0].y);
    s->set_frac_z(occupants[0].z_frac);
    for (const Atom& at : occupants) {
      crystal::Occupant* o = s->add_occupants();
      o->set_atomic_number(at.z);
      o->set_occupancy(at.occupancy);
    }
  }
  return c;
}

// Li2O-like: 2 Li + 1 O.
crystal::Crystal Li2O(const std::string& id) {
  return MakeCrystal(id, {{{3, 1, 0, 0, 0}},
                          {{3, 1, 0.5, 0.5, 0}},
                          {{8, 1, 0.25, 0.25, 0.25}}});
}
// One site shared half/half by Li and Na, plus one O.
crystal::Crystal Disordered(const std::string& id) {
  return MakeCrystal(id, {{{3, 0.5, 0, 0, 0}, {11, 0.5, 0, 0, 0}},
                          {{8, 1, 0.5, 0.5, 0.5}}});
}

std::string CrystalStream(const std::vector<crystal::Crystal>& records) {
  std::string bytes;
  stream::ProvenanceStep step;
  step.set_tool("cif2proto");
  step.set_version("0.1.0");
  auto w = stream::RecordWriter<crystal::Crystal>::Open(
      stream::StringSink(&bytes), stream::DerivedHeader(nullptr, step));
  EXPECT_OK(w.status());
  for (const auto& r : records) EXPECT_OK((*w)->Write(r));
  EXPECT_OK((*w)->Close());
  return bytes;
}

struct Output {
  absl::Status status;
  stream::StageCounts summary;
  std::string bytes;
  std::vector<std::string> skipped;  // the on_skip lines
};

Output RunEngine(const std::string& name, const Params& params,
           const std::vector<crystal::Crystal>& records,
           DescribeOptions options = {}) {
  Output out;
  absl::StatusOr<std::unique_ptr<Descriptor>> d =
      MakeDescriptor(name, params);
  if (!d.ok()) {
    out.status = d.status();
    return out;
  }
  auto reader = stream::RecordReader<crystal::Crystal>::Open(
      stream::StringSource(CrystalStream(records)));
  EXPECT_OK(reader.status());
  options.skip.on_skip = [&out](const std::string& line) {
    out.skipped.push_back(line);
  };
  stream::ProvenanceStep step;
  step.set_tool("describe");
  absl::StatusOr<stream::StageCounts> s = Describe(
      name, **d, **reader, stream::StringSink(&out.bytes), step, options);
  out.status = s.status();
  if (s.ok()) out.summary = *s;
  return out;
}

struct Parsed {
  stream::StreamHeader header;
  std::vector<DescriptorRecord> records;
};

Parsed Parse(const std::string& bytes) {
  Parsed p;
  auto reader = stream::RecordReader<DescriptorRecord>::Open(
      stream::StringSource(bytes));
  EXPECT_OK(reader.status());
  if (!reader.ok()) return p;
  p.header = (*reader)->header();
  auto all = stream::ReadAllRecords(**reader);
  EXPECT_OK(all.status());
  if (all.ok()) p.records = *all;
  return p;
}

// The stream split into its parsed header and the raw bytes of the records.
// Why not compare whole streams: protobuf serialises map fields (the header's
// parameters) in hash order, which varies between map instances.
std::pair<stream::StreamHeader, std::string> SplitStream(
    const std::string& bytes) {
  google::protobuf::io::CodedInputStream in(
      reinterpret_cast<const uint8_t*>(bytes.data()),
      static_cast<int>(bytes.size()));
  uint32_t length = 0;
  EXPECT_TRUE(in.ReadVarint32(&length));
  size_t start = static_cast<size_t>(in.CurrentPosition());
  stream::StreamHeader header;
  EXPECT_TRUE(header.ParseFromString(bytes.substr(start, length)));
  return {header, bytes.substr(start + length)};
}

std::vector<double> Values(const DescriptorRecord& r) {
  return {r.values().begin(), r.values().end()};
}

TEST(ParseParamListTest, SplitsAndJoinsListValues) {
  EXPECT_THAT(ParseParamList(""), ::ionscreen::testing::IsOkAndHolds(
                                      ::testing::IsEmpty()));
  absl::StatusOr<Params> p = ParseParamList("species=Li,O,S,rcut=3,nmax=5");
  ASSERT_OK(p.status());
  EXPECT_EQ(p->at("species"), "Li,O,S");
  EXPECT_EQ(p->at("rcut"), "3");
  EXPECT_EQ(p->at("nmax"), "5");
  EXPECT_EQ(p->size(), 3u);
  EXPECT_THAT(ParseParamList("Li,rcut=3"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseParamList("rcut=3,rcut=4"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("twice")));
  EXPECT_THAT(ParseParamList("=3"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(DisorderPolicyTest, Parses) {
  EXPECT_THAT(ParseDisorderPolicy("weighted"),
              ::ionscreen::testing::IsOkAndHolds(DisorderPolicy::kWeighted));
  EXPECT_THAT(ParseDisorderPolicy("error"),
              ::ionscreen::testing::IsOkAndHolds(DisorderPolicy::kError));
  EXPECT_THAT(ParseDisorderPolicy("drop"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(MakeDescriptorTest, RejectsUnknownNamesAndParameters) {
  EXPECT_THAT(MakeDescriptor("no_such", {}),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("test_faulty")));
  EXPECT_THAT(
      MakeDescriptor("test_composition", {{"rcut", "3"}}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("no parameter \"rcut\""), HasSubstr("elements"),
                     HasSubstr("scale"))));
  EXPECT_THAT(MakeDescriptor("test_composition", {{"disorder", "error"}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(MakeDescriptor("test_composition", {{"scale", "abc"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("scale")));
  EXPECT_OK(MakeDescriptor("test_composition", {{"scale", "2"}})
                .status());
}

TEST(DescribeTest, WritesHeaderAndRecords) {
  crystal::Crystal a = Li2O("a");
  a.set_mp_id("mp-1");
  a.add_icsd_ids(12);
  a.add_icsd_ids(34);
  crystal::Crystal b = Li2O("b");
  b.set_representation("CAN");
  Output out = RunEngine("test_composition", {{"scale", "2"}}, {a, b});
  ASSERT_OK(out.status);
  EXPECT_EQ(out.summary.records_read, 2);
  EXPECT_EQ(out.summary.records_written, 2);
  EXPECT_EQ(out.summary.records_skipped, 0);
  Parsed p = Parse(out.bytes);
  const auto& params = p.header.parameters();
  EXPECT_EQ(params.at("descriptor"), "test_composition");
  EXPECT_EQ(params.at("dimension"), "2");
  EXPECT_EQ(params.at("disorder"), "weighted");
  EXPECT_EQ(params.at("elements"), "Li,O");
  EXPECT_EQ(params.at("scale"), "2");
  EXPECT_THAT(p.header.feature_labels(), ElementsAre("count_Li", "count_O"));
  EXPECT_THAT(stream::fixtures::ProvenanceTools(p.header),
              ElementsAre("cif2proto", "describe"));
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[0].id(), "a");
  EXPECT_EQ(p.records[0].representation(), "none");
  EXPECT_EQ(p.records[0].mp_id(), "mp-1");
  EXPECT_THAT(p.records[0].icsd_ids(), ElementsAre(12, 34));
  EXPECT_THAT(Values(p.records[0]), ElementsAre(4.0, 2.0));
  EXPECT_EQ(p.records[1].representation(), "CAN");
}

TEST(DescribeTest, EmptyInputGivesHeaderOnly) {
  Output out = RunEngine("test_composition", {}, {});
  ASSERT_OK(out.status);
  Parsed p = Parse(out.bytes);
  EXPECT_EQ(p.header.parameters().at("dimension"), "2");
  EXPECT_TRUE(p.records.empty());
}

TEST(DescribeTest, DisorderWeightedUsesOccupancies) {
  Output out = RunEngine("test_composition", {{"elements", "Li,Na,O"}},
                   {Disordered("d")});
  ASSERT_OK(out.status);
  Parsed p = Parse(out.bytes);
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_THAT(Values(p.records[0]), ElementsAre(0.5, 0.5, 1.0));
}

TEST(DescribeTest, DisorderErrorRefusesRecord) {
  DescribeOptions options;
  options.disorder = DisorderPolicy::kError;
  Output out = RunEngine("test_composition", {},
                   {Li2O("a"), Disordered("mixed-1"), Li2O("c")}, options);
  EXPECT_THAT(out.status,
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("record 1"), HasSubstr("mixed-1"),
                             HasSubstr("disordered site s0"),
                             HasSubstr("--disorder=error"))));

  options.skip.keep_going = true;
  out = RunEngine("test_composition", {},
            {Li2O("a"), Disordered("mixed-1"), Li2O("c")}, options);
  ASSERT_OK(out.status);
  EXPECT_EQ(out.summary.records_read, 3);
  EXPECT_EQ(out.summary.records_written, 2);
  EXPECT_EQ(out.summary.records_skipped, 1);
  ASSERT_EQ(out.skipped.size(), 1u);
  EXPECT_THAT(out.skipped[0], HasSubstr("record 1 (mixed-1): "));
  Parsed p = Parse(out.bytes);
  EXPECT_EQ(p.header.parameters().at("disorder"), "error");
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[1].id(), "c");
}

TEST(DescribeTest, NeverWritesNaNOrWrongLength) {
  Output out = RunEngine("test_faulty", {{"nan_ids", "b"}},
                   {Li2O("a"), Li2O("b"), Li2O("c")});
  EXPECT_THAT(out.status,
              StatusIs(absl::StatusCode::kInternal,
                       AllOf(HasSubstr("record 1 (b): "),
                             HasSubstr("feature 1 (volume_angstrom3)"),
                             HasSubstr("nan"))));
  out = RunEngine("test_faulty", {{"short_ids", "a"}}, {Li2O("a")});
  EXPECT_THAT(out.status,
              StatusIs(absl::StatusCode::kInternal,
                       AllOf(HasSubstr("record 0 (a): "), HasSubstr("1 values"),
                             HasSubstr("dimension 2"))));
  out = RunEngine("test_faulty", {{"error_ids", "c"}},
            {Li2O("a"), Li2O("b"), Li2O("c")});
  EXPECT_THAT(out.status,
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("record 2 (c): "),
                             HasSubstr("cannot handle"))));
}

TEST(DescribeTest, InvalidCrystalIsPerRecordError) {
  crystal::Crystal empty;
  empty.set_id("empty");
  crystal::SetLattice(Eigen::Matrix3d::Identity() * 3, &empty);
  Output out = RunEngine("test_composition", {}, {Li2O("a"), empty});
  EXPECT_THAT(out.status, StatusIs(absl::StatusCode::kInvalidArgument,
                                   AllOf(HasSubstr("empty"),
                                         HasSubstr("no atoms"))));
}

TEST(DescribeTest, KeepGoingCountsAndReportsInOrder) {
  DescribeOptions options;
  options.skip.keep_going = true;
  options.batch_size = 2;  // errors fall in different batches
  Output out = RunEngine("test_faulty",
                   {{"nan_ids", "r4"}, {"error_ids", "r1,r6"},
                    {"short_ids", "r2"}},
                   {Li2O("r0"), Li2O("r1"), Li2O("r2"), Li2O("r3"), Li2O("r4"),
                    Li2O("r5"), Li2O("r6")},
                   options);
  ASSERT_OK(out.status);
  EXPECT_EQ(out.summary.records_read, 7);
  EXPECT_EQ(out.summary.records_written, 3);
  EXPECT_EQ(out.summary.records_skipped, 4);
  std::vector<std::string> names;
  for (const std::string& line : out.skipped) {
    names.push_back(line.substr(0, line.find(':')));
  }
  EXPECT_THAT(names, ElementsAre("record 1 (r1)", "record 2 (r2)",
                                 "record 4 (r4)", "record 6 (r6)"));
  Parsed p = Parse(out.bytes);
  std::vector<std::string> ids;
  for (const auto& r : p.records) ids.push_back(r.id());
  EXPECT_THAT(ids, ElementsAre("r0", "r3", "r5"));
  EXPECT_THAT(Values(p.records[0]), ElementsAre(3.0, ::testing::DoubleNear(64, 1e-9)));
}

std::vector<crystal::Crystal> RandomCrystals(int n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::uniform_int_distribution<int> zs(1, 20), count(1, 12);
  std::vector<crystal::Crystal> out;
  for (int i = 0; i < n; ++i) {
    std::vector<std::vector<Atom>> sites;
    int m = count(rng);
    for (int k = 0; k < m; ++k) {
      double occ = u(rng) < 0.2 ? 0.5 : 1.0;
      sites.push_back({{zs(rng), occ, u(rng), u(rng), u(rng)}});
    }
    out.push_back(MakeCrystal(absl::StrCat("rand-", i), sites, 3 + 5 * u(rng)));
  }
  return out;
}

TEST(DescribeTest, OutputIndependentOfThreadCount) {
  std::vector<crystal::Crystal> records = RandomCrystals(300, 7);
  for (const char* name : {"test_composition", "test_faulty", "test_species"}) {
    Params params;
    if (std::string(name) == "test_composition") {
      params["elements"] = "H,He,Li,Be,B,C,N,O,F,Ne,Na,Mg";
    }
    if (std::string(name) == "test_faulty") {
      params["nan_ids"] = "rand-3,rand-150";
      params["error_ids"] = "rand-299";
    }
    std::string reference;
    stream::StreamHeader reference_header;
    for (int threads : {1, 2, 3}) {
      for (size_t batch : {0, 5}) {
        DescribeOptions options;
        options.threads = threads;
        options.batch_size = batch;
        options.skip.keep_going = true;
        Output out = RunEngine(name, params, records, options);
        ASSERT_OK(out.status) << name;
        EXPECT_EQ(out.summary.records_written + out.summary.records_skipped,
                  300u);
        auto [header, records] = SplitStream(out.bytes);
        if (reference.empty()) {
          reference = records;
          reference_header = header;
          EXPECT_GT(reference.size(), 1000u);
        } else {
          EXPECT_EQ(records, reference)
              << name << " threads=" << threads << " batch=" << batch;
          EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
              header, reference_header))
              << name << " threads=" << threads << " batch=" << batch;
        }
      }
    }
  }
}

TEST(DescribeTest, PrepareSeesAllUsableRecords) {
  crystal::Crystal lif = MakeCrystal("lif", {{{3, 1, 0, 0, 0}},
                                             {{9, 1, 0.5, 0.5, 0.5}}});
  Output out = RunEngine("test_species", {}, {Li2O("a"), lif, Disordered("d")});
  ASSERT_OK(out.status);
  Parsed p = Parse(out.bytes);
  EXPECT_EQ(p.header.parameters().at("species"), "Li,O,F,Na");
  EXPECT_EQ(p.header.parameters().at("dimension"), "4");
  EXPECT_THAT(p.header.feature_labels(),
              ElementsAre("count_Li", "count_O", "count_F", "count_Na"));
  ASSERT_EQ(p.records.size(), 3u);
  EXPECT_THAT(Values(p.records[1]), ElementsAre(1, 0, 1, 0));
  EXPECT_THAT(Values(p.records[2]), ElementsAre(0.5, 1, 0, 0.5));

  // A refused record does not contribute its species, and is reported.
  DescribeOptions options;
  options.disorder = DisorderPolicy::kError;
  options.skip.keep_going = true;
  out = RunEngine("test_species", {}, {Li2O("a"), Disordered("d"), lif}, options);
  ASSERT_OK(out.status);
  EXPECT_EQ(out.summary.records_skipped, 1);
  ASSERT_EQ(out.skipped.size(), 1u);
  EXPECT_THAT(out.skipped[0], HasSubstr("record 1 (d): "));
  p = Parse(out.bytes);
  EXPECT_EQ(p.header.parameters().at("species"), "Li,O,F");

  options.skip.keep_going = false;
  out = RunEngine("test_species", {}, {Li2O("a"), Disordered("d"), lif}, options);
  EXPECT_THAT(out.status, StatusIs(absl::StatusCode::kFailedPrecondition,
                                   HasSubstr("record 1 (d): ")));

  // Given species: no Prepare, and a foreign element is a per-record error.
  out = RunEngine("test_species", {{"species", "Li,O"}}, {Li2O("a"), lif});
  EXPECT_THAT(out.status, StatusIs(absl::StatusCode::kInvalidArgument,
                                   AllOf(HasSubstr("(lif): "),
                                         HasSubstr("F is not in"))));
}

TEST(DescribeTest, PrepareFailureIsReported) {
  Output out = RunEngine("test_species", {}, {});
  EXPECT_THAT(out.status, StatusIs(absl::StatusCode::kInvalidArgument,
                                   AllOf(HasSubstr("test_species"),
                                         HasSubstr("no species"))));
}

TEST(DescribeTest, ProgressReachesTotal) {
  std::vector<crystal::Crystal> records = RandomCrystals(50, 3);
  for (const char* name : {"test_composition", "test_species"}) {
    DescribeOptions options;
    options.batch_size = 8;
    std::vector<std::pair<uint64_t, uint64_t>> calls;
    options.on_progress = [&](uint64_t done, uint64_t total) {
      calls.emplace_back(done, total);
    };
    ASSERT_OK(RunEngine(name, {}, records, options).status);
    ASSERT_EQ(calls.size(), 7u) << name;
    EXPECT_EQ(calls.back().first, 50u);
    // Streamed input has no known total; buffered input (Prepare) has.
    EXPECT_EQ(calls.back().second,
              std::string(name) == "test_species" ? 50u : 0u);
  }
}

TEST(DescribeTest, TruncatedInputIsDataLoss) {
  std::string bytes = CrystalStream({Li2O("a"), Li2O("b")});
  bytes.resize(bytes.size() - 5);
  auto d = MakeDescriptor("test_composition", {});
  ASSERT_OK(d.status());
  auto reader = stream::RecordReader<crystal::Crystal>::Open(
      stream::StringSource(bytes));
  ASSERT_OK(reader.status());
  std::string out;
  EXPECT_THAT(Describe("test_composition", **d, **reader,
                       stream::StringSink(&out), {}, {}),
              StatusIs(absl::StatusCode::kDataLoss));
}

TEST(DescribeTest, RejectsZeroThreads) {
  DescribeOptions options;
  options.threads = 0;
  EXPECT_THAT(RunEngine("test_composition", {}, {Li2O("a")}, options).status,
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ListDescriptorsTest, ShowsParametersAndDimension) {
  std::string text = ListDescriptors();
  EXPECT_THAT(text, HasSubstr("test_composition\n"));
  EXPECT_THAT(text, HasSubstr("elements = Li,O  element symbols to count"));
  EXPECT_THAT(text, HasSubstr("error_ids = (empty)"));
  // test_composition and test_faulty have fixed dimensions.
  EXPECT_THAT(text, HasSubstr("dimension: 2\n"));
  EXPECT_THAT(text, HasSubstr("dimension: depends on the data set"));
  EXPECT_THAT(text, HasSubstr("--disorder=error"));
}

TEST(FormatDoubleTest, ShortestRoundTrip) {
  EXPECT_EQ(FormatDouble(1), "1");
  EXPECT_EQ(FormatDouble(1e-5), "1e-05");
  EXPECT_EQ(FormatDouble(0.1), "0.1");
  double third = 1.0 / 3;
  EXPECT_EQ(std::strtod(FormatDouble(third).c_str(), nullptr), third);
}

}  // namespace
}  // namespace ionscreen::describe
