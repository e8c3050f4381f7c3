#include "lib/describe/param_schema.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"

namespace ionscreen::describe {
namespace {

using ::ionscreen::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

enum class Mode { kA, kB };

struct Fields {
  double cutoff = 0;
  int n = 0;
  bool flag = false;
  std::string path;
  int element = -1;
  std::vector<int> elements;
  std::vector<int> shells;
  Mode mode = Mode::kB;
};

void Declare(ParamSchema& s, Fields& f) {
  s.Number("cutoff_angstrom", &f.cutoff, 20).Unit("Å").Above(0).Help("cut");
  s.Integer("n", &f.n, 5).AtLeast(1).AtMost(10);
  s.Bool("flag", &f.flag, true);
  s.Path("data_dir", &f.path, "../data");
  s.Element("mobile", &f.element, "Li");
  s.Elements("elements", &f.elements, "S,Li").SymbolOrder();
  s.Integers("shells", &f.shells, "1,2,3").AtLeast(1).AtMost(4);
  s.Choice("mode", &f.mode, {{"a", Mode::kA}, {"b", Mode::kB}}, "a");
}

TEST(FormatNumberTest, SixDigitsOrMoreWhenNeeded) {
  EXPECT_EQ(FormatNumber(20), "20");
  EXPECT_EQ(FormatNumber(100000), "100000");
  EXPECT_EQ(FormatNumber(0.1), "0.1");
  EXPECT_EQ(FormatNumber(1e-5), "1e-05");
  EXPECT_EQ(FormatNumber(1.54184), "1.54184");
  EXPECT_EQ(FormatNumber(1e6), "1e+06");
  // Where %.6g would lose digits, more are written.
  EXPECT_EQ(FormatNumber(1.5405929), "1.5405929");
  // The same text as absl::StrCat (the headers' text before the schema)
  // whenever that is exact.
  for (double v : {0.0, -3.5, 4.0, 12.0, 127.0, 0.05, 1e-9, 123456.0, 2.5e7}) {
    EXPECT_EQ(FormatNumber(v), absl::StrCat(v)) << v;
  }
}

TEST(ParamSchemaTest, DeclarationSetsDefaultsAndSpecs) {
  ParamSchema s;
  Fields f;
  Declare(s, f);
  EXPECT_EQ(f.cutoff, 20);
  EXPECT_EQ(f.n, 5);
  EXPECT_EQ(f.element, 3);
  EXPECT_THAT(f.elements, ElementsAre(3, 16));
  EXPECT_THAT(f.shells, ElementsAre(1, 2, 3));
  EXPECT_EQ(f.mode, Mode::kA);
  std::vector<ParamSpec> specs = s.specs();
  ASSERT_EQ(specs.size(), 8u);
  EXPECT_EQ(specs[0].name, "cutoff_angstrom");
  EXPECT_EQ(specs[0].type, ParamType::kNumber);
  EXPECT_EQ(specs[0].default_value, "20");
  EXPECT_EQ(specs[0].unit, "Å");
  EXPECT_EQ(specs[0].range, "> 0");
  EXPECT_EQ(specs[1].range, "1..10");
  EXPECT_TRUE(specs[3].data_path());
  EXPECT_FALSE(specs[0].data_path());
  EXPECT_THAT(specs[7].choices, ElementsAre("a", "b"));
}

TEST(ParamSchemaTest, EffectiveFormatsEveryType) {
  ParamSchema s;
  Fields f;
  Declare(s, f);
  ASSERT_OK(s.Apply({{"cutoff_angstrom", "2.50"}, {"elements", "O, Li ,Li"}}));
  Params e = s.Effective();
  EXPECT_EQ(e["cutoff_angstrom"], "2.5");
  EXPECT_EQ(e["n"], "5");
  EXPECT_EQ(e["flag"], "true");
  EXPECT_EQ(e["data_dir"], "../data");
  EXPECT_EQ(e["mobile"], "Li");
  EXPECT_EQ(e["elements"], "Li,O");  // SymbolOrder
  EXPECT_EQ(e["shells"], "1,2,3");
  EXPECT_EQ(e["mode"], "a");
}

TEST(ParamSchemaTest, ApplyIsAllOrNothing) {
  ParamSchema s;
  Fields f;
  Declare(s, f);
  ASSERT_OK(s.Apply({{"n", "7"}, {"mode", "b"}}));
  EXPECT_EQ(f.n, 7);
  EXPECT_EQ(f.mode, Mode::kB);
  // A later bad value leaves every field as it was.
  EXPECT_THAT(s.Apply({{"n", "8"}, {"shells", "1,5"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("parameter shells: must be in 1..4")));
  EXPECT_EQ(f.n, 7);
  EXPECT_EQ(f.mode, Mode::kB);
  // Undo puts back the values from before the last successful Apply.
  ASSERT_OK(s.Apply({{"n", "9"}}));
  EXPECT_EQ(f.mode, Mode::kA);
  s.Undo();
  EXPECT_EQ(f.n, 7);
  EXPECT_EQ(f.mode, Mode::kB);
}

TEST(ParamSchemaTest, RejectsBadValuesNamingTheParameter) {
  ParamSchema s;
  Fields f;
  Declare(s, f);
  const std::pair<Params, std::string> cases[] = {
      {{{"rcut", "3"}}, "has no parameter \"rcut\""},
      {{{"cutoff_angstrom", "x"}},
       "parameter cutoff_angstrom: \"x\" is not a number"},
      {{{"cutoff_angstrom", "0"}}, "cutoff_angstrom: must be > 0"},
      {{{"n", "1.5"}}, "is not an integer"},
      {{{"flag", "maybe"}}, "is not true/false"},
      {{{"elements", "Li,Xx"}}, "unknown element \"Xx\""},
      // An empty item of an integer list is refused (element lists skip it).
      {{{"shells", "1,,2"}}, "parameter shells: \"\" is not an integer"},
      {{{"mobile", ""}}, "parameter mobile"},
      {{{"mode", "c"}}, "\"c\" is not one of: a, b"},
  };
  for (const auto& [params, message] : cases) {
    EXPECT_THAT(s.Apply(params), StatusIs(absl::StatusCode::kInvalidArgument,
                                          HasSubstr(message)));
  }
}

TEST(ParamSchemaTest, OptionalElementAndShownIf) {
  ParamSchema s;
  int z = -1;
  bool show = false;
  s.Element("pairs_with", &z, "").ShownIf([&show] { return show; });
  EXPECT_EQ(z, 0);
  ASSERT_OK(s.Apply({}));
  EXPECT_TRUE(s.Effective().empty());
  show = true;
  ASSERT_OK(s.Apply({{"pairs_with", "S"}}));
  EXPECT_EQ(z, 16);
  EXPECT_EQ(s.Effective()["pairs_with"], "S");
}

}  // namespace
}  // namespace ionscreen::describe
