#include "lib/descriptors/soap/soap.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "absl/strings/str_cat.h"
#include "lib/base/file.h"
#include "lib/base/status_matchers.h"
#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"
#include "lib/descriptors/soap/gto_basis.h"
#include "lib/descriptors/soap/soap_descriptor.h"
#include "lib/descriptors/soap/soap_testdata.h"
#include "lib/crystal/testing/fixtures.h"
#include "lib/describe/descriptor_testing.h"

namespace ionscreen::descriptors::soap {
namespace {

using ::ionscreen::testing::StatusIs;
using ::testing::HasSubstr;
using soap_testing::Compare;
using soap_testing::Deviation;
namespace cf = ::ionscreen::crystal::fixtures;

// Tolerances: the oracle requirement (1e-6 relative) and, for identities
// that hold exactly in exact arithmetic, round-off level.
constexpr double kOracleTolerance = 1e-6;
constexpr double kExactTolerance = 1e-10;

crystal::Crystal LowSymmetryCell() {
  Eigen::Matrix3d lattice;
  lattice << 5.1, 0.0, 0.0,  //
      0.7, 5.6, 0.0,         //
      -0.4, 0.9, 6.2;
  return cf::MakeCrystal(
      "triclinic", lattice, {3, 3, 8, 8, 16, 16},
      {{0.10, 0.20, 0.30}, {0.60, 0.75, 0.10}, {0.35, 0.40, 0.80},
       {0.90, 0.05, 0.55}, {0.55, 0.30, 0.35}, {0.20, 0.85, 0.70}});
}

SoapCalculator MakeCalculator(std::vector<int> species, Average average,
                              bool crossover = true) {
  SoapOptions o;
  o.species = std::move(species);
  o.average = average;
  o.crossover = crossover;
  auto calc = SoapCalculator::Create(o);
  EXPECT_TRUE(calc.ok()) << calc.status();
  return *std::move(calc);
}

std::vector<double> MustCompute(const SoapCalculator& calc,
                                const crystal::Crystal& c) {
  auto v = calc.Compute(c);
  EXPECT_TRUE(v.ok()) << v.status();
  return v.ok() ? *v : std::vector<double>{};
}

void ExpectClose(const std::vector<double>& got, const std::vector<double>& ref,
                 double tolerance, const std::string& what) {
  ASSERT_EQ(got.size(), ref.size()) << what;
  Deviation d = Compare(got, ref);
  EXPECT_LE(d.max_abs_over_max_ref, tolerance) << what;
}

TEST(GtoBasisTest, RadialFunctionsAreOrthonormal) {
  // Independent of the analytic overlap: integrate r^2 g_n g_n' numerically
  // (Simpson, 0..25 Å, 20000 intervals).
  ASSERT_OK_AND_ASSIGN(GtoBasis basis, MakeGtoBasis(3.0, 5, 3));
  const int steps = 20000;
  const double h = 25.0 / steps;
  for (int l = 0; l <= 3; ++l) {
    Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(5, 5);
    for (int i = 0; i <= steps; ++i) {
      const double r = i * h;
      const double w = (i == 0 || i == steps) ? 1 : (i % 2 ? 4 : 2);
      Eigen::VectorXd prim(5);
      for (int k = 0; k < 5; ++k) {
        prim(k) = std::pow(r, l) * std::exp(-basis.alphas[l](k) * r * r);
      }
      const Eigen::VectorXd g = basis.betas[l] * prim;
      gram += (w * h / 3.0 * r * r) * g * g.transpose();
    }
    EXPECT_LT((gram - Eigen::MatrixXd::Identity(5, 5)).cwiseAbs().maxCoeff(),
              1e-8)
        << "l = " << l;
  }
  // DScribe's decay rule: r^l exp(-alpha r^2) = 1e-3 at the reach (3 Å).
  EXPECT_NEAR(std::pow(3.0, 2) * std::exp(-basis.alphas[2](4) * 9.0), 1e-3,
              1e-15);
}

TEST(GtoBasisTest, RejectsBadParameters) {
  EXPECT_THAT(MakeGtoBasis(1.0, 5, 3).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("rcut")));
  EXPECT_THAT(MakeGtoBasis(3.0, 0, 3).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("nmax")));
}

// Oracle: DScribe 1.2.2's vector for rock-salt LiF ($SHARED_DIR/oracle/soap).
TEST(SoapOracleTest, LiFRockSaltMatchesDScribe) {
  ASSERT_OK_AND_ASSIGN(std::string shared, describe::fixtures::SharedDir());
  ASSERT_OK_AND_ASSIGN(
      std::string text,
      base::ReadFileToString(shared + "/oracle/soap/lif_rocksalt.json"));
  ASSERT_OK_AND_ASSIGN(google::protobuf::Struct json, soap_testing::ParseJson(text));
  ASSERT_OK_AND_ASSIGN(crystal::Crystal c, soap_testing::CrystalFromJson(json));
  ASSERT_OK_AND_ASSIGN(std::vector<double> ref,
                       soap_testing::NumberList(json, "soap"));

  ASSERT_OK_AND_ASSIGN(const describe::DescriptorInfo* info,
                       describe::FindDescriptor("soap"));
  std::unique_ptr<describe::Descriptor> d = info->factory();
  ASSERT_OK(d->Configure({{"species", "F,Li"}}));
  EXPECT_FALSE(d->NeedsPrepare());
  ASSERT_EQ(d->dimension(), 220u);
  ASSERT_EQ(d->feature_labels().size(), 220u);
  EXPECT_EQ(d->feature_labels()[0], "Li_Li_l0_n0_n0");
  EXPECT_EQ(d->feature_labels()[60], "Li_F_l0_n0_n0");
  ASSERT_OK_AND_ASSIGN(std::vector<double> got, d->Compute(c));
  ASSERT_EQ(got.size(), ref.size());
  Deviation dev = Compare(got, ref);
  std::cout << "LiF vs DScribe 1.2.2: max |diff|/max|ref| = "
            << dev.max_abs_over_max_ref
            << ", max elementwise relative = " << dev.max_elementwise_rel
            << "\n";
  EXPECT_LE(dev.max_abs_over_max_ref, kOracleTolerance);
  EXPECT_LE(dev.max_elementwise_rel, kOracleTolerance);

  // pairs_with=F: partners by symbol, F-F then Li-F, DScribe's blocks
  // [160, 220) and [60, 160).
  ASSERT_OK(d->Configure({{"species", "F,Li"}, {"pairs_with", "F"}}));
  ASSERT_EQ(d->dimension(), 160u);
  ASSERT_OK_AND_ASSIGN(std::vector<double> part, d->Compute(c));
  std::vector<double> ref_part(ref.begin() + 160, ref.begin() + 220);
  ref_part.insert(ref_part.end(), ref.begin() + 60, ref.begin() + 160);
  Deviation dev_part = Compare(part, ref_part);
  EXPECT_LE(dev_part.max_abs_over_max_ref, kOracleTolerance);
  EXPECT_LE(dev_part.max_elementwise_rel, kOracleTolerance);
}

// pairs_with=S on the CAN species: the authors' Step3 keeps, for x in
// np.sort(["Al", "Mg", "S"]), get_location(("S", x)): Al-S, Mg-S, S-S.
// Each must equal the full vector's block bit for bit.
TEST(SoapPairsWithTest, KeepsTheFullVectorsBlocksInTheAuthorsOrder) {
  crystal::Crystal c = LowSymmetryCell();
  const int can_z[] = {12, 12, 13, 13, 16, 16};  // Mg, Al, S
  for (int i = 0; i < c.sites_size(); ++i) {
    c.mutable_sites(i)->mutable_occupants(0)->set_atomic_number(can_z[i]);
  }
  // One mixed site so that disorder goes through the same path.
  c.mutable_sites(1)->mutable_occupants(0)->set_occupancy(0.6);
  crystal::Occupant* extra = c.mutable_sites(1)->add_occupants();
  extra->set_atomic_number(16);
  extra->set_occupancy(0.4);
  // Full layout (species by Z: Mg, Al, S): Mg-Mg [0,60), Mg-Al [60,160),
  // Mg-S [160,260), Al-Al [260,320), Al-S [320,420), S-S [420,480).
  const std::vector<std::pair<size_t, size_t>> kept = {
      {320, 100}, {160, 100}, {420, 60}};
  for (Average avg : {Average::kOuter, Average::kInner, Average::kOff}) {
    SoapOptions o;
    o.species = {12, 13, 16};
    o.average = avg;
    ASSERT_OK_AND_ASSIGN(SoapCalculator full, SoapCalculator::Create(o));
    o.pairs_with = 16;
    ASSERT_OK_AND_ASSIGN(SoapCalculator part, SoapCalculator::Create(o));
    ASSERT_EQ(full.dimension(), 480u);
    ASSERT_EQ(part.dimension(), 260u);
    const std::vector<std::string> full_labels = full.feature_labels();
    std::vector<std::string> want_labels;
    for (auto [start, len] : kept) {
      want_labels.insert(want_labels.end(), full_labels.begin() + start,
                         full_labels.begin() + start + len);
    }
    EXPECT_EQ(part.feature_labels(), want_labels);
    EXPECT_EQ(part.feature_labels()[0], "Al_S_l0_n0_n0");
    EXPECT_EQ(part.feature_labels()[100], "Mg_S_l0_n0_n0");
    EXPECT_EQ(part.feature_labels()[200], "S_S_l0_n0_n0");

    const std::vector<double> vf = MustCompute(full, c);
    const std::vector<double> vp = MustCompute(part, c);
    const size_t centres = avg == Average::kOff ? c.sites_size() : 1;
    ASSERT_EQ(vf.size(), 480u * centres);
    ASSERT_EQ(vp.size(), 260u * centres);
    std::vector<double> want;
    for (size_t i = 0; i < centres; ++i) {
      for (auto [start, len] : kept) {
        want.insert(want.end(), vf.begin() + i * 480 + start,
                    vf.begin() + i * 480 + start + len);
      }
    }
    EXPECT_EQ(vp, want) << "average " << static_cast<int>(avg);
    double max_abs = 0;
    for (double v : vp) max_abs = std::max(max_abs, std::abs(v));
    EXPECT_GT(max_abs, 0.0);
  }
}

TEST(SoapPairsWithTest, WithoutCrossoverOnlyTheOwnBlockIsLeft) {
  SoapOptions o;
  o.species = {12, 13, 16};
  o.crossover = false;
  o.pairs_with = 16;
  ASSERT_OK_AND_ASSIGN(SoapCalculator calc, SoapCalculator::Create(o));
  EXPECT_EQ(calc.dimension(), 60u);
  EXPECT_EQ(calc.feature_labels()[0], "S_S_l0_n0_n0");
}

TEST(SoapPairsWithTest, RejectsSpeciesOutsideTheList) {
  SoapOptions o;
  o.species = {3, 8};
  o.pairs_with = 16;
  EXPECT_THAT(SoapCalculator::Create(o).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("pairs_with: S is not in the SOAP species")));
  SoapDescriptor d;
  EXPECT_THAT(d.Configure({{"species", "Li,O"}, {"pairs_with", "S"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("pairs_with")));
  EXPECT_THAT(d.Configure({{"pairs_with", "Xx"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("pairs_with")));
}

TEST(SoapPairsWithTest, DescriptorParameterAndPrepare) {
  SoapDescriptor d;
  ASSERT_OK(d.Configure({{"pairs_with", "F"}}));
  EXPECT_TRUE(d.NeedsPrepare());
  // F is in no record: Prepare still gives its blocks room (zero).
  ASSERT_OK(d.Prepare({LowSymmetryCell()}));
  EXPECT_EQ(d.EffectiveParams().at("species"), "Li,O,F,S");
  EXPECT_EQ(d.EffectiveParams().at("pairs_with"), "F");
  // Partners by symbol: F, Li, O, S.
  EXPECT_EQ(d.dimension(), 60u + 3 * 100u);
  EXPECT_EQ(d.feature_labels()[0], "F_F_l0_n0_n0");
  EXPECT_EQ(d.feature_labels()[60], "Li_F_l0_n0_n0");
  EXPECT_EQ(d.feature_labels()[160], "O_F_l0_n0_n0");
  EXPECT_EQ(d.feature_labels()[260], "F_S_l0_n0_n0");
  ASSERT_OK_AND_ASSIGN(std::vector<double> v, d.Compute(LowSymmetryCell()));
  for (double x : v) ASSERT_EQ(x, 0.0);
  // Unset: not in the header, vectors as before.
  SoapDescriptor all;
  ASSERT_OK(all.Configure({{"species", "Li,O,S"}}));
  EXPECT_EQ(all.EffectiveParams().count("pairs_with"), 0u);
}

// The r^2 grid with its series correction against the direct exp.
TEST(SoapTest, ExpGridMatchesDirectExp) {
  const crystal::Crystal c = LowSymmetryCell();
  for (double sigma : {1.0, 0.3}) {
    SoapOptions o;
    o.species = {3, 8, 16};
    o.sigma_angstrom = sigma;
    ASSERT_OK_AND_ASSIGN(SoapCalculator grid, SoapCalculator::Create(o));
    o.exp_grid = false;
    ASSERT_OK_AND_ASSIGN(SoapCalculator direct, SoapCalculator::Create(o));
    ExpectClose(MustCompute(grid, c), MustCompute(direct, c), 1e-13,
                absl::StrCat("sigma ", sigma));
  }
}

TEST(SoapTest, DimensionsFollowDScribe) {
  EXPECT_EQ(MakeCalculator({3, 9}, Average::kOuter).dimension(), 220u);
  EXPECT_EQ(MakeCalculator({3, 8, 16}, Average::kOuter).dimension(), 480u);
  // Without crossover: S * nmax (nmax+1) / 2 * (lmax+1).
  EXPECT_EQ(MakeCalculator({3, 8, 16}, Average::kOuter, false).dimension(),
            3u * 15u * 4u);
}

TEST(SoapTest, InvariantUnderTranslationRotationPermutationSupercell) {
  const crystal::Crystal c = LowSymmetryCell();
  for (Average avg : {Average::kOuter, Average::kInner}) {
    SoapCalculator calc = MakeCalculator({3, 8, 16}, avg);
    const std::vector<double> ref = MustCompute(calc, c);
    ExpectClose(MustCompute(calc, cf::Translate(c, {0.123, -0.456, 0.789}, /*wrap=*/false)),
                ref, kExactTolerance, "translation");
    ExpectClose(
        MustCompute(calc, cf::Rotate(c, cf::Rotation({1, 2, 3}, 0.7))),
        ref, kExactTolerance, "rotation");
    ExpectClose(MustCompute(calc, cf::Shuffle(c, 7, nullptr)), ref,
                kExactTolerance, "permutation");
    Eigen::Matrix3i m;
    m << 1, 1, 0, 0, 1, 0, 0, 0, 2;
    const crystal::Crystal super = cf::Supercell(c, m);
    ASSERT_EQ(super.sites_size(), 2 * c.sites_size());
    ExpectClose(MustCompute(calc, super), ref, kExactTolerance, "supercell");
  }
}

TEST(SoapTest, PerSiteVectorsPermuteWithSites) {
  const crystal::Crystal c = LowSymmetryCell();
  SoapCalculator off = MakeCalculator({3, 8, 16}, Average::kOff);
  SoapCalculator outer = MakeCalculator({3, 8, 16}, Average::kOuter);
  const size_t dim = off.dimension();
  const std::vector<double> per_site = MustCompute(off, c);
  ASSERT_EQ(per_site.size(), dim * c.sites_size());
  // The outer average is the mean of the per-site blocks.
  std::vector<double> mean(dim, 0.0);
  for (int i = 0; i < c.sites_size(); ++i) {
    for (size_t k = 0; k < dim; ++k) mean[k] += per_site[i * dim + k] / c.sites_size();
  }
  ExpectClose(mean, MustCompute(outer, c), kExactTolerance, "off mean = outer");
  std::vector<int> order;
  const std::vector<double> permuted =
      MustCompute(off, cf::Shuffle(c, 3, &order));
  for (int k = 0; k < c.sites_size(); ++k) {
    std::vector<double> a(permuted.begin() + k * dim,
                          permuted.begin() + (k + 1) * dim);
    std::vector<double> b(per_site.begin() + order[k] * dim,
                          per_site.begin() + (order[k] + 1) * dim);
    ExpectClose(a, b, kExactTolerance, absl::StrCat("site ", k));
  }
}

TEST(SoapTest, InnerEqualsOuterWhenAllSitesAreEquivalent) {
  // fcc Cu, conventional cell: four equivalent sites.
  const crystal::Crystal c = cf::MakeCrystal(
      "cu", Eigen::Matrix3d::Identity() * 3.61, {29, 29, 29, 29},
      {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}});
  ExpectClose(MustCompute(MakeCalculator({29}, Average::kInner), c),
              MustCompute(MakeCalculator({29}, Average::kOuter), c),
              kExactTolerance, "inner = outer");
}

// One-site cell: every neighbour is an image of the centre's own site (the
// T / -T folding); must equal the 4-site conventional cell.
TEST(SoapTest, PrimitiveCellEqualsConventionalCell) {
  const double a = 3.61;
  Eigen::Matrix3d prim;
  prim << 0, a / 2, a / 2,  //
      a / 2, 0, a / 2,      //
      a / 2, a / 2, 0;
  const crystal::Crystal p =
      cf::MakeCrystal("cu_prim", prim, {29}, {{0.1, 0.2, 0.3}});
  const crystal::Crystal c = cf::MakeCrystal(
      "cu", Eigen::Matrix3d::Identity() * a, {29, 29, 29, 29},
      {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}});
  for (Average avg : {Average::kOuter, Average::kInner}) {
    SoapCalculator calc = MakeCalculator({29}, avg);
    ExpectClose(MustCompute(calc, p), MustCompute(calc, c), kExactTolerance,
                "primitive = conventional");
  }
}

TEST(SoapTest, NoCrossoverKeepsTheSameSpeciesBlocks) {
  const crystal::Crystal c = LowSymmetryCell();
  const std::vector<double> full =
      MustCompute(MakeCalculator({3, 8, 16}, Average::kOuter, true), c);
  const std::vector<double> diag =
      MustCompute(MakeCalculator({3, 8, 16}, Average::kOuter, false), c);
  // Blocks with crossover: (0,0) 60, (0,1) 100, (0,2) 100, (1,1) 60,
  // (1,2) 100, (2,2) 60.
  std::vector<double> expected;
  for (size_t start : {0u, 260u, 420u}) {
    expected.insert(expected.end(), full.begin() + start,
                    full.begin() + start + 60);
  }
  ExpectClose(diag, expected, 0.0, "diagonal blocks");
}

TEST(SoapTest, AbsentSpeciesGiveZeroBlocksAndLeaveOthersUnchanged) {
  const crystal::Crystal c = LowSymmetryCell();
  for (Average avg : {Average::kOuter, Average::kInner}) {
    SoapCalculator small = MakeCalculator({3, 8, 16}, avg);
    SoapCalculator big = MakeCalculator({3, 8, 16, 29}, avg);
    const std::vector<double> vs = MustCompute(small, c);
    const std::vector<double> vb = MustCompute(big, c);
    const std::vector<std::string> ls = small.feature_labels();
    const std::vector<std::string> lb = big.feature_labels();
    ASSERT_EQ(vb.size(), lb.size());
    std::map<std::string, double> by_label;
    for (size_t k = 0; k < ls.size(); ++k) by_label[ls[k]] = vs[k];
    for (size_t k = 0; k < lb.size(); ++k) {
      auto it = by_label.find(lb[k]);
      if (it == by_label.end()) {
        EXPECT_THAT(lb[k], HasSubstr("Cu"));
        EXPECT_EQ(vb[k], 0.0) << lb[k];
      } else {
        EXPECT_EQ(vb[k], it->second) << lb[k];
      }
    }
  }
}

// A site shared by O (occupancy x) and S (1 - x) versus its two ordered
// limits. The coefficients are linear in the density, so for every centre
// c(x) = x c(O) + (1 - x) c(S) exactly; in the power spectrum, blocks pairing
// Li (untouched) with O or S are linear too, and Li-Li does not change.
TEST(SoapDisorderTest, SplitSiteInterpolatesItsOrderedLimits) {
  const double x = 0.3;
  crystal::Crystal o_limit = LowSymmetryCell();
  crystal::Crystal s_limit = o_limit;
  s_limit.mutable_sites(2)->mutable_occupants(0)->set_atomic_number(16);
  crystal::Crystal mixed = o_limit;
  crystal::Site* site = mixed.mutable_sites(2);
  site->mutable_occupants(0)->set_occupancy(x);
  crystal::Occupant* extra = site->add_occupants();
  extra->set_atomic_number(16);
  extra->set_occupancy(1 - x);
  ASSERT_TRUE(crystal::IsDisordered(mixed));

  SoapCalculator calc = MakeCalculator({3, 8, 16}, Average::kOff);
  ASSERT_OK_AND_ASSIGN(SoapExpansion e_mixed, calc.Expand(mixed));
  ASSERT_OK_AND_ASSIGN(SoapExpansion e_o, calc.Expand(o_limit));
  ASSERT_OK_AND_ASSIGN(SoapExpansion e_s, calc.Expand(s_limit));
  ASSERT_EQ(e_mixed.coefficients.size(), 6u);
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_DOUBLE_EQ(e_mixed.centre_weights[i], 1.0);
    std::vector<double> lin(e_o.coefficients[i].size());
    for (size_t k = 0; k < lin.size(); ++k) {
      lin[k] = x * e_o.coefficients[i][k] + (1 - x) * e_s.coefficients[i][k];
    }
    ExpectClose(e_mixed.coefficients[i], lin, kExactTolerance,
                absl::StrCat("coefficients of centre ", i));
  }

  for (Average avg : {Average::kOuter, Average::kInner}) {
    SoapCalculator c2 = MakeCalculator({3, 8, 16}, avg);
    const std::vector<double> p_mixed = MustCompute(c2, mixed);
    const std::vector<double> p_o = MustCompute(c2, o_limit);
    const std::vector<double> p_s = MustCompute(c2, s_limit);
    // Li-Li [0, 60): unchanged; Li-O [60, 160) and Li-S [160, 260): linear.
    double max_ref = 0;
    for (double v : p_mixed) max_ref = std::max(max_ref, std::abs(v));
    for (size_t k = 0; k < 60; ++k) {
      EXPECT_NEAR(p_mixed[k], p_o[k], kExactTolerance * max_ref) << k;
      EXPECT_NEAR(p_mixed[k], p_s[k], kExactTolerance * max_ref) << k;
    }
    for (size_t k = 60; k < 260; ++k) {
      EXPECT_NEAR(p_mixed[k], x * p_o[k] + (1 - x) * p_s[k],
                  kExactTolerance * max_ref)
          << k;
    }
    // The O-S block is not linear (it holds x (1 - x) times the site's
    // self-overlap): make sure the test above is not vacuous.
    double nonlinear = 0;
    for (size_t k = 420 - 100; k < 420; ++k) {
      nonlinear = std::max(
          nonlinear, std::abs(p_mixed[k] - (x * p_o[k] + (1 - x) * p_s[k])));
    }
    EXPECT_GT(nonlinear, 1e-6 * max_ref);
  }
}

TEST(SoapDisorderTest, SplittingASiteIntoSameElementHalvesChangesNothing) {
  const crystal::Crystal c = LowSymmetryCell();
  crystal::Crystal split = c;
  crystal::Site* s = split.mutable_sites(4);
  s->mutable_occupants(0)->set_occupancy(0.5);
  *s->add_occupants() = s->occupants(0);
  SoapCalculator calc = MakeCalculator({3, 8, 16}, Average::kOuter);
  ExpectClose(MustCompute(calc, split), MustCompute(calc, c), kExactTolerance,
              "split site");
}

// The disorder policy is the engine's (--disorder=error refuses the record
// before a descriptor sees it); the descriptor weights occupants.
TEST(SoapDisorderTest, PartialOccupancyIsComputed) {
  crystal::Crystal c = LowSymmetryCell();
  c.mutable_sites(0)->mutable_occupants(0)->set_occupancy(0.5);
  SoapDescriptor d;
  ASSERT_OK(d.Configure({{"species", "Li,O,S"}}));
  EXPECT_OK(d.Compute(c).status());
}

TEST(SoapDescriptorTest, ElementOutsideSpeciesIsAnError) {
  SoapDescriptor d;
  ASSERT_OK(d.Configure({{"species", "Li,O"}}));
  EXPECT_THAT(d.Compute(LowSymmetryCell()).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("S, which is not in the SOAP species [Li, O]")));
}

TEST(SoapDescriptorTest, RejectsBadParameters) {
  SoapDescriptor d;
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{
           {"rcut", "1.0"}, {"sigma", "0"}, {"nmax", "0"}, {"lmax", "21"},
           {"average", "mean"}, {"species", "Li,Xx"}, {"crossover", "maybe"},
           {"disorder", "ignore"}, {"rcut", "abc"}}) {
    EXPECT_THAT(d.Configure({{name, value}}),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(name)))
        << name << "=" << value;
  }
}

TEST(SoapDescriptorTest, PrepareCollectsSpeciesSortedByAtomicNumber) {
  SoapDescriptor d;
  ASSERT_OK(d.Configure({}));
  EXPECT_TRUE(d.NeedsPrepare());
  EXPECT_THAT(d.Compute(LowSymmetryCell()).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  ASSERT_OK(d.Prepare({LowSymmetryCell()}));
  EXPECT_FALSE(d.NeedsPrepare());
  EXPECT_EQ(d.EffectiveParams().at("species"), "Li,O,S");
  EXPECT_EQ(d.EffectiveParams().at("rcut"), "3");
  EXPECT_EQ(d.dimension(), 480u);
  ASSERT_OK_AND_ASSIGN(std::vector<double> v, d.Compute(LowSymmetryCell()));
  EXPECT_EQ(v, MustCompute(MakeCalculator({3, 8, 16}, Average::kOuter),
                           LowSymmetryCell()));
  EXPECT_THAT(d.Prepare({}).code(), absl::StatusCode::kOk);  // already set
  SoapDescriptor empty;
  ASSERT_OK(empty.Configure({}));
  EXPECT_THAT(empty.Prepare({}), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace ionscreen::descriptors::soap
