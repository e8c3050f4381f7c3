// CFID checked against its definition on a simple cubic Cu cell
// (a = 3.05 A, one atom; the lattice constant keeps every shell away from the
// 0.1 A bin edges). Shells: 6 at a, 12 at a*sqrt(2) = 4.313 A, 8 at
// a*sqrt(3) = 5.283 A. Tolerances: exact bins/counts; 1e-12 relative for
// closed forms.
#include "lib/descriptors/jarvis_cfid/jarvis_cfid.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/crystal/testing/fixtures.h"
#include "lib/describe/descriptor_testing.h"

namespace ionscreen::descriptors::cfid {
namespace {

using ::ionscreen::describe::fixtures::Make;
using ::ionscreen::describe::fixtures::SharedDir;
using ::ionscreen::crystal::fixtures::CompositionCrystal;
using ::ionscreen::testing::StatusIs;

constexpr double kA = 3.05;

TEST(PyRoundTest, MatchesPython) {
  EXPECT_EQ(PyRound(2.675, 2), 2.67);  // 2.675 is below the tie in binary
  EXPECT_EQ(PyRound(0.125, 2), 0.12);  // exact tie -> even
  EXPECT_EQ(PyRound(-1.23456, 4), -1.2346);
}

TEST(ApproxAcosTest, WithinTheKeyMarginOfAcos) {
  // The image-0 angle keys need |error| far below 0.01 key (1.7e-7 rad).
  double worst = 0;
  for (int i = 0; i <= 2000000; ++i) {
    double x = -1 + 2.0 * i / 2000000;
    worst = std::max(worst, std::fabs(ApproxAcos(x) - std::acos(x)));
  }
  EXPECT_LT(worst, 2.5e-8);
}

TEST(CfidDistributions, SimpleCubic) {
  Eigen::Matrix3d lat = kA * Eigen::Matrix3d::Identity();
  auto d = ComputeDistributions(lat, {Eigen::Vector3d(0, 0, 0)}, {29});
  ASSERT_OK(d);
  // Neighbour counts per 0.1 A bin (one site).
  EXPECT_EQ(d->nn[30], 6);   // 3.05 A
  EXPECT_EQ(d->nn[43], 12);  // 4.313 A
  EXPECT_EQ(d->nn[52], 8);   // 5.283 A
  EXPECT_EQ(d->nn[29], 0);
  EXPECT_EQ(d->nn[0], 0);
  // RDF = count / shell volume / number density, rounded to 4 decimals.
  double shell = 4.0 / 3.0 * M_PI * (std::pow(3.1, 3) - std::pow(3.0, 3));
  EXPECT_NEAR(d->rdf[30], std::round(6 / shell * kA * kA * kA * 1e4) / 1e4, 1e-12);
  // Cutoffs: first gap in the occupied bins (3.0 | 4.3), second (4.3 | 5.2);
  // element-pair cutoff halfway between the first two distances.
  EXPECT_NEAR(d->rcut1, (3.0 + 4.3) / 2, 1e-12);
  EXPECT_NEAR(d->rcut2, (4.3 + 5.2) / 2, 1e-12);
  EXPECT_NEAR(d->rcut, (kA + kA * std::sqrt(2.0)) / 2, 1e-12);
  // ADF within rcut (6 neighbours): 12 right angles and 3 straight ones per
  // atom; cos = -1 is nudged to -0.999999 -> 179.919 degrees (last bin).
  EXPECT_EQ(d->adf1[89], 12);
  EXPECT_EQ(d->adf1[178], 3);
  EXPECT_EQ(std::accumulate(d->adf1.begin(), d->adf1.end(), 0.0), 15);
  // ADF within rcut2 (18 neighbours): C(18, 2) = 153 angles per atom; the
  // 6+12 shell has angles of 45, 60, 90, 120, 135 and ~180 degrees only.
  EXPECT_EQ(std::accumulate(d->adf2.begin(), d->adf2.end(), 0.0), 153);
  for (int b = 0; b < 179; ++b) {
    if (d->adf2[b] != 0) {
      EXPECT_THAT(b, ::testing::AnyOf(44, 59, 89, 119, 134, 178)) << "bin " << b;
    }
  }
  // DDF within rcut1 on the 4x4x4 supercell (64 atoms, 192 bonds, each taken
  // from its lower-index atom; atom 63 has none): per bond 16 non-collinear
  // (j2, j3) choices, 8 at 90 and 4 at 180 degrees (4 at 0 fall below the
  // first bin); weight = occurrences / 63 distinct centre atoms. Collinear
  // choices give atan2(+0, +0) = 0 with numpy's +0-started dot products
  // (checked with numpy: keys 0, 90 and 180 with 2496, 1536 and 768 hits).
  EXPECT_NEAR(d->ddf[89], 8.0 * 192 / 63, 1e-12);
  EXPECT_NEAR(d->ddf[178], 4.0 * 192 / 63, 1e-12);
  EXPECT_NEAR(std::accumulate(d->ddf.begin(), d->ddf.end(), 0.0), 12.0 * 192 / 63,
              1e-12);
}

TEST(CfidDistributions, TranslationInvariant) {
  Eigen::Matrix3d lat;
  // Irregular values keep distances off the 0.1 A bin edges.
  lat << 4.137, 0, 0, 0.311, 3.913, 0, 0.217, 0.123, 5.219;
  std::vector<Eigen::Vector3d> f1 = {{0, 0, 0}, {0.5, 0.45, 0.5}, {0.2, 0.7, 0.3}};
  std::vector<Eigen::Vector3d> f2;
  for (const auto& f : f1) {
    Eigen::Vector3d g = f + Eigen::Vector3d(0.13, 0.21, 0.37);
    for (int k = 0; k < 3; ++k) g[k] -= std::floor(g[k]);
    f2.push_back(g);
  }
  auto a = ComputeDistributions(lat, f1, {3, 8, 8});
  auto b = ComputeDistributions(lat, f2, {3, 8, 8});
  ASSERT_OK(a);
  ASSERT_OK(b);
  EXPECT_EQ(a->rdf, b->rdf);
  EXPECT_EQ(a->nn, b->nn);
  EXPECT_THAT(a->adf1, ::testing::Pointwise(::testing::DoubleNear(1e-9), b->adf1));
}

TEST(CleanCell, AddsVacuumOnlyWhenExtentIsFarFromTheCell) {
  Cell c;
  c.lattice = Eigen::Matrix3d::Identity() * 20.0;
  c.lattice(0, 0) = 5.0;
  c.cart = {{0, 0, 0}, {1, 1, 1}};
  c.z = {3, 3};
  Eigen::Matrix3d lat;
  std::vector<Eigen::Vector3d> frac;
  CleanCell(c, &lat, &frac);
  EXPECT_EQ(lat(0, 0), 5.0);   // |5 - 1| <= 8: kept
  EXPECT_EQ(lat(1, 1), 9.0);   // |20 - 1| > 8: 1 + 8
  EXPECT_EQ(lat(2, 2), 9.0);
  EXPECT_NEAR(frac[1][1], 1.0 / 9, 1e-15);
}

class CfidDescriptorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(SharedDir().ok())
        << SharedDir().status()
        << " (the test reads the JARVIS element tables from "
           "$SHARED_DIR/data/matminer/jarvis)";
  }
  std::string Dir() { return *SharedDir() + "/data/matminer/jarvis"; }
};

TEST_F(CfidDescriptorTest, SimpleCubicCuVector) {
  auto d = Make("jarvis_cfid", {{"jarvis_dir", Dir()}});
  ASSERT_OK(d);
  ASSERT_EQ((*d)->dimension(), 1557u);
  auto labels = (*d)->feature_labels();
  ASSERT_EQ(labels.size(), 1557u);
  EXPECT_EQ(labels[438], "jml_log_vpa");
  EXPECT_EQ(labels[1556], "jml_nn_100");
  auto v = (*d)->Compute(CompositionCrystal("Cu-sc", {{{29, 1.0}}}, kA));
  ASSERT_OK(v);
  ASSERT_EQ(v->size(), 1557u);
  double vol = kA * kA * kA;
  EXPECT_EQ((*v)[438], std::round(std::log(vol) * 1e5) / 1e5);
  EXPECT_NEAR((*v)[439], 63.546 * 1.66053906660 / vol, 1e-12);
  EXPECT_NEAR((*v)[440], vol, 1e-12);
  EXPECT_NEAR((*v)[441], 4 * M_PI * std::pow(1.35, 3) / (3 * vol), 1e-12);
  // NN block is last: bin 30 holds the 6 nearest neighbours.
  EXPECT_EQ((*v)[1557 - 100 + 30], 6);
  // ADF1 block starts after chem, cell, charge and RDF.
  EXPECT_EQ((*v)[438 + 4 + 378 + 100 + 89], 12);
}

TEST_F(CfidDescriptorTest, ChemIsUnweightedElementMean) {
  auto d = Make("jarvis_cfid", {{"jarvis_dir", Dir()}});
  ASSERT_OK(d);
  auto li = (*d)->Compute(CompositionCrystal("Li", {{{3, 1}}}, 3.0));
  auto o = (*d)->Compute(CompositionCrystal("O", {{{8, 1}}}, 3.0));
  // Li3O-like cell: three Li and one O; matminer averages the two elements
  // with equal weight.
  auto lio = (*d)->Compute(CompositionCrystal("Li3O", {{{3, 1}}, {{3, 1}}, {{3, 1}}, {{8, 1}}}, 4.0));
  ASSERT_OK(li);
  ASSERT_OK(o);
  ASSERT_OK(lio);
  for (int i : {0, 100, 437, 442, 819}) {
    EXPECT_NEAR((*lio)[i], ((*li)[i] + (*o)[i]) / 2, 1e-12 * (1 + std::fabs((*lio)[i])));
  }
}

TEST_F(CfidDescriptorTest, ErrorsAreReasoned) {
  auto d = Make("jarvis_cfid", {{"jarvis_dir", Dir()}});
  ASSERT_OK(d);
  EXPECT_THAT((*d)->Compute(CompositionCrystal("dis", {{{3, 0.5}, {11, 0.5}}, {{17, 1}}})).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::HasSubstr("ordered")));
  // Eu is absent from matminer's element_chem.json.
  EXPECT_THAT((*d)->Compute(CompositionCrystal("EuO", {{{63, 1}}, {{8, 1}}})).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::HasSubstr("Eu")));
  EXPECT_THAT(Make("jarvis_cfid", {{"jarvis_dir", "/nonexistent"}}).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       ::testing::HasSubstr("jarvis_dir")));
}

}  // namespace
}  // namespace ionscreen::descriptors::cfid
