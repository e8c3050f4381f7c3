#include "lib/labels/labels.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"

namespace ionscreen::labels {
namespace {

using ::ionscreen::testing::IsOk;
using ::testing::ElementsAre;

// Structures s0..s3; s1 has MP id mp-1, s2 and s3 share ICSD id 77.
ItemKeys Keys() {
  ItemKeys k;
  k.ids = {"s0", "s1", "s2", "s3"};
  k.mp_ids = {"", "mp-1", "", ""};
  k.icsd_ids = {{}, {}, {77}, {77, 5}};
  return k;
}

// s0 twice (1e-3, 1e-5: log10 mean -4), s1 by MP id (1e-6), ICSD 77 labels
// s2 and s3 (1e-8), ICSD 5 labels s3 again (1e-2: s3 mean of -8 and -2).
constexpr char kCsv[] =
    "id,mp_id,icsd,sigma\n"
    "s0,,,1e-3\n"
    "s0,,,1e-5\n"
    ",mp-1,,1e-6\n"
    ",,77,1e-8\n"
    ",,5,1e-2\n"
    ",mp-9,,1e-4\n";

TEST(LabelsTest, AveragesRowsOfOneStructureInLog10) {
  absl::StatusOr<LabelTable> t = ParseLabels(kCsv, LabelOptions());
  ASSERT_THAT(t, IsOk());
  LabelJoin j = JoinLabels(*t, Keys());
  ASSERT_EQ(j.labels.size(), 4u);
  EXPECT_EQ(j.labelled_structures, 4);
  EXPECT_EQ(j.matched_rows, 5);
  EXPECT_THAT(j.unmatched, ElementsAre("mp=mp-9"));
  const double want[] = {-4, -6, -8, -5};
  const int rows[] = {2, 1, 1, 2};
  const char* by[] = {"id", "mp_id", "icsd", "icsd"};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(j.labels[i].item, i);
    EXPECT_NEAR(j.labels[i].value, want[i], 1e-12) << i;
    EXPECT_EQ(j.labels[i].rows, rows[i]);
    EXPECT_EQ(j.labels[i].matched_by, by[i]);
  }
}

TEST(LabelsTest, RowsModeKeepsEveryRow) {
  absl::StatusOr<LabelTable> t = ParseLabels(kCsv, LabelOptions());
  ASSERT_THAT(t, IsOk());
  LabelJoin j = JoinLabels(*t, Keys(), Duplicates::kRows);
  std::vector<int> items;
  for (const ResolvedLabel& l : j.labels) items.push_back(l.item);
  EXPECT_THAT(items, ElementsAre(0, 0, 1, 2, 3, 3));
  EXPECT_EQ(j.labelled_structures, 4);
  EXPECT_NEAR(j.labels[1].value, -5, 1e-12);
}

TEST(LabelsTest, FirstFileWinsAndTsvNamesTheSource) {
  absl::StatusOr<LabelTable> t = ParseLabelFiles(
      {"id,sigma\ns1,1e-4\n", "mp_id,sigma\nmp-1,1e-2\n"}, {"a.csv", "b.csv"},
      LabelOptions());
  ASSERT_THAT(t, IsOk());
  LabelJoin j = JoinLabels(*t, Keys());
  ASSERT_EQ(j.labels.size(), 1u);
  EXPECT_EQ(j.superseded, 1);
  EXPECT_NEAR(j.labels[0].value, -4, 1e-12);
  EXPECT_EQ(ResolvedLabelsTsv(*t, j, Keys(), "sigma"),
            "id\tmp_id\tlog10_sigma\tn_rows\tsource\tmatched_by\n"
            "s1\tmp-1\t-4\t1\ta.csv\tid\n");
  EXPECT_FALSE(ParseDuplicates("mean").ok());
  EXPECT_EQ(*ParseDuplicates("rows"), Duplicates::kRows);
}

// The shared paper label file: every structure key resolves to one label.
TEST(LabelsTest, SharedPaperFileHasOneLabelPerKey) {
  const char* shared = std::getenv("SHARED_DIR");
  ASSERT_NE(shared, nullptr) << "SHARED_DIR is not set (see .bazelrc.shared)";
  const std::string path =
      std::string(shared) + "/data/labels/laskowski2023_labels_mapped.csv";
  FILE* f = std::fopen(path.c_str(), "rb");
  ASSERT_NE(f, nullptr) << path << " is missing";
  std::string text;
  char buf[4096];
  size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, got);
  std::fclose(f);
  LabelOptions o;
  o.below_bound = BelowBoundPolicy::kBound;
  absl::StatusOr<LabelTable> t = ParseLabels(text, o);
  ASSERT_THAT(t, IsOk());
  // Structures keyed by each row's MP id (else ICSD id): averaging leaves one
  // label per key, rows mode keeps all rows.
  ItemKeys keys;
  for (const LabelRow& r : t->rows) {
    const std::string key = !r.mp_id.empty()
                                ? r.mp_id
                                : (r.icsd_ids.empty()
                                       ? std::string()
                                       : std::to_string(r.icsd_ids[0]));
    if (key.empty()) continue;
    if (std::find(keys.ids.begin(), keys.ids.end(), key) != keys.ids.end()) {
      continue;
    }
    keys.ids.push_back(key);
    keys.mp_ids.push_back(r.mp_id);
    keys.icsd_ids.push_back(r.mp_id.empty() ? r.icsd_ids : std::vector<int64_t>{});
  }
  LabelJoin avg = JoinLabels(*t, keys);
  LabelJoin rows = JoinLabels(*t, keys, Duplicates::kRows);
  EXPECT_EQ(avg.labels.size(), static_cast<size_t>(avg.labelled_structures));
  EXPECT_EQ(avg.labelled_structures, rows.labelled_structures);
  EXPECT_GE(rows.labels.size(), avg.labels.size());
  for (const ResolvedLabel& l : avg.labels) EXPECT_TRUE(std::isfinite(l.value));
}

}  // namespace
}  // namespace ionscreen::labels
