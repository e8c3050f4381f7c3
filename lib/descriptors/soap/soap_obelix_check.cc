// Run by soap_obelix_oracle_test.sh with STRUCTURES_JSONL (structures dumped
// by dump_structures.py) and SHARED_DIR (the oracle vectors).
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "absl/strings/str_join.h"
#include "lib/cif/cif_reader.h"
#include "lib/descriptors/soap/soap.h"
#include "lib/descriptors/soap/soap_descriptor.h"
#include "lib/descriptors/soap/soap_testdata.h"
#include "lib/crystal/testing/fixtures.h"
#include "lib/describe/descriptor_testing.h"

namespace ionscreen::descriptors::soap {
namespace {

namespace cf = ::ionscreen::crystal::fixtures;

// The requirement (1e-6 relative, elementwise over entries above 1e-9 of the
// vector's largest entry, and for all entries relative to the largest), and
// round-off level for the invariances.
constexpr double kOracleTolerance = 1e-6;
constexpr double kInvarianceTolerance = 1e-9;

struct Case {
  std::string id;
  crystal::Crystal crystal;
  std::vector<int> species;
  std::vector<double> reference;
};

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  const char* structures = std::getenv("STRUCTURES_JSONL");
  if (structures == nullptr) {
    ADD_FAILURE() << "STRUCTURES_JSONL is not set (run the sh_test)";
    return cases;
  }
  auto shared = describe::fixtures::SharedDir();
  if (!shared.ok()) {
    ADD_FAILURE() << shared.status();
    return cases;
  }
  auto oracle = soap_testing::ReadJsonLines(*shared +
                                            "/oracle/soap/obelix_ordered.jsonl");
  auto dumped = soap_testing::ReadJsonLines(structures);
  if (!oracle.ok() || !dumped.ok()) {
    ADD_FAILURE() << oracle.status() << " " << dumped.status();
    return cases;
  }
  std::map<std::string, const google::protobuf::Struct*> by_id;
  for (const auto& s : *dumped) by_id[s.fields().at("id").string_value()] = &s;
  for (const auto& o : *oracle) {
    Case c;
    c.id = o.fields().at("id").string_value();
    auto it = by_id.find(c.id);
    if (it == by_id.end()) {
      ADD_FAILURE() << "structure " << c.id << " was not dumped";
      continue;
    }
    auto crystal = soap_testing::CrystalFromJson(*it->second);
    auto species = soap_testing::StringList(o, "species");
    auto ref = soap_testing::NumberList(o, "soap");
    if (!crystal.ok() || !species.ok() || !ref.ok()) {
      ADD_FAILURE() << c.id << ": bad test data";
      continue;
    }
    auto zs = ParseSpecies(absl::StrJoin(*species, ","));
    if (!zs.ok()) {
      ADD_FAILURE() << zs.status();
      continue;
    }
    c.crystal = *crystal;
    c.species = *zs;
    c.reference = *ref;
    cases.push_back(std::move(c));
  }
  return cases;
}

const std::vector<Case>& Cases() {
  static const auto* cases = new std::vector<Case>(LoadCases());
  return *cases;
}

SoapCalculator Calculator(const std::vector<int>& species) {
  SoapOptions o;  // the paper's settings = DScribe defaults of the oracle
  o.species = species;
  return *SoapCalculator::Create(o);
}

TEST(SoapObelixOracleTest, MatchesDScribeOnEveryStructure) {
  const auto& cases = Cases();
  ASSERT_EQ(cases.size(), 48u);
  double worst_abs = 0, worst_rel = 0;
  std::string worst_id;
  for (const Case& c : cases) {
    SoapCalculator calc = Calculator(c.species);
    auto got = calc.Compute(c.crystal);
    ASSERT_TRUE(got.ok()) << c.id << ": " << got.status();
    ASSERT_EQ(got->size(), c.reference.size()) << c.id;
    soap_testing::Deviation d = soap_testing::Compare(*got, c.reference);
    EXPECT_LE(d.max_abs_over_max_ref, kOracleTolerance) << c.id;
    EXPECT_LE(d.max_elementwise_rel, kOracleTolerance)
        << c.id << " feature " << d.worst_index;
    if (d.max_elementwise_rel > worst_rel) {
      worst_rel = d.max_elementwise_rel;
      worst_id = c.id;
    }
    worst_abs = std::max(worst_abs, d.max_abs_over_max_ref);
  }
  std::cout << cases.size() << " OBELiX structures vs DScribe 1.2.2: max "
            << "|diff|/max|ref| = " << worst_abs
            << ", max elementwise relative = " << worst_rel << " (" << worst_id
            << ")\n";
}

// The whole pipeline: the same CIFs read by lib/cif instead of pymatgen.
TEST(SoapObelixOracleTest, MatchesDScribeThroughLibCif) {
  auto shared = describe::fixtures::SharedDir();
  ASSERT_TRUE(shared.ok()) << shared.status();
  auto oracle = soap_testing::ReadJsonLines(*shared +
                                            "/oracle/soap/obelix_ordered.jsonl");
  ASSERT_TRUE(oracle.ok()) << oracle.status();
  double worst = 0;
  for (const auto& o : *oracle) {
    const std::string id = o.fields().at("id").string_value();
    auto c = cif::ReadFirstCrystal(*shared + "/data/" +
                                   o.fields().at("source").string_value());
    ASSERT_TRUE(c.ok()) << id << ": " << c.status();
    auto species = ParseSpecies(absl::StrJoin(*soap_testing::StringList(o, "species"), ","));
    ASSERT_TRUE(species.ok());
    auto got = Calculator(*species).Compute(*c);
    ASSERT_TRUE(got.ok()) << id << ": " << got.status();
    soap_testing::Deviation d =
        soap_testing::Compare(*got, *soap_testing::NumberList(o, "soap"));
    EXPECT_LE(d.max_abs_over_max_ref, kOracleTolerance) << id;
    worst = std::max(worst, d.max_abs_over_max_ref);
  }
  std::cout << "through lib/cif: max |diff|/max|ref| = " << worst << "\n";
}

TEST(SoapObelixInvarianceTest, RealStructuresAreInvariant) {
  int checked = 0;
  for (const Case& c : Cases()) {
    if (c.crystal.sites_size() > 30 || checked >= 4) continue;
    ++checked;
    SoapCalculator calc = Calculator(c.species);
    const std::vector<double> ref = *calc.Compute(c.crystal);
    Eigen::Matrix3i m;
    m << 1, 0, 1, 0, 2, 0, 0, 0, 1;
    const std::vector<std::pair<std::string, crystal::Crystal>> variants = {
        {"translation", cf::Translate(c.crystal, {0.31, 0.77, -0.2}, /*wrap=*/false)},
        {"rotation", cf::Rotate(
                         c.crystal, cf::Rotation({-1, 0.5, 2}, 2.1))},
        {"permutation", cf::Shuffle(c.crystal, 11, nullptr)},
        {"supercell", cf::Supercell(c.crystal, m)},
    };
    for (const auto& [what, variant] : variants) {
      auto got = calc.Compute(variant);
      ASSERT_TRUE(got.ok()) << c.id << " " << what << ": " << got.status();
      soap_testing::Deviation d = soap_testing::Compare(*got, ref);
      EXPECT_LE(d.max_abs_over_max_ref, kInvarianceTolerance)
          << c.id << " " << what;
    }
  }
  EXPECT_EQ(checked, 4);
}

}  // namespace
}  // namespace ionscreen::descriptors::soap
