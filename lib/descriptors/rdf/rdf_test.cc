#include "lib/descriptors/rdf/rdf.h"

#include <cmath>
#include <vector>

#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"
#include "lib/describe/descriptor_testing.h"

namespace ionscreen::descriptors::testing {
namespace {

constexpr double kPi = 3.14159265358979323846;

TEST(RdfTest, RockSaltFirstShell) {
  ASSERT_OK_AND_ASSIGN(std::vector<double> rdf, ComputeRdf(cf::RockSaltLiF()));
  ASSERT_EQ(rdf.size(), 200u);
  // Nearest neighbours at a/2 = 2.015 Å: 6 per atom, 8 atoms, bin [2.0, 2.1).
  const double shell = 4.0 / 3.0 * kPi * (std::pow(2.1, 3) - std::pow(2.0, 3));
  const double density = 8 / std::pow(4.03, 3);
  EXPECT_NEAR(rdf[20], 48 / shell / density, 1e-9);
  for (int k = 0; k < 20; ++k) EXPECT_EQ(rdf[k], 0.0) << k;
}

TEST(RdfTest, DescriptorShapeAndLabels) {
  auto d = MustMake("rdf");
  EXPECT_EQ(d->dimension(), 200u);
  EXPECT_EQ(d->feature_labels()[0], "rdf_0.00000-0.10000_angstrom");
  EXPECT_THAT(d->Configure({{"bin_size_angstrom", "0"}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(d->dimension(), 200u);  // unchanged after a rejected Configure
}

TEST(RdfTest, InvariantUnderTranslationRotationPermutation) {
  ExpectInvariant(*MustMake("rdf"), cf::TriclinicLi3PS4(), 1e-12, /*with_supercell=*/false);
}

// matminer's normalisation is N·g(r): a supercell of N' = 4N atoms gives 4x.
// per_atom=true (g(r)) is cell independent.
TEST(RdfTest, SupercellScalesMatminerModeAndKeepsPerAtom) {
  const crystal::Crystal c = cf::TriclinicLi3PS4();
  const crystal::Crystal big = cf::Supercell(c, 2, 1, 2);
  ASSERT_OK_AND_ASSIGN(std::vector<double> ref, MustMake("rdf")->Compute(c));
  ASSERT_OK_AND_ASSIGN(std::vector<double> got, MustMake("rdf")->Compute(big));
  for (double& x : ref) x *= 4;
  ExpectSameVector(ref, got, 1e-12);
  auto pa = MustMake("rdf", {{"per_atom", "true"}});
  ASSERT_OK_AND_ASSIGN(std::vector<double> ref_pa, pa->Compute(c));
  ASSERT_OK_AND_ASSIGN(std::vector<double> got_pa, pa->Compute(big));
  ExpectSameVector(ref_pa, got_pa, 1e-12);
}

// The weighted RDF's pair counts are quadratic in a site's occupancy t; with
// the ordered limits t = 1 (site full) and "site removed" (t = 0) and t = 0.5
// they predict t = 0.25 exactly. A mixed Li/Na site of total occupancy 1 is
// the ordered structure (the RDF is species blind).
TEST(RdfTest, PartialOccupancyInterpolatesOrderedLimits) {
  const crystal::Crystal full = cf::TriclinicLi3PS4();
  crystal::Crystal removed = full;
  removed.mutable_sites()->DeleteSubrange(1, 1);
  auto with_t = [&](double t) {
    crystal::Crystal c = full;
    c.mutable_sites(1)->mutable_occupants(0)->set_occupancy(t);
    return c;
  };
  const double volume = crystal::VolumeAngstrom3(full);
  // Unnormalised pair counts per bin: rdf * N / V (shell volumes cancel).
  auto counts = [&](const crystal::Crystal& c) {
    std::vector<double> rdf = *ComputeRdf(c);
    const double n = crystal::NumAtoms(c);
    for (double& x : rdf) x *= n / volume;
    return rdf;
  };
  const std::vector<double> h1 = counts(full), h0 = counts(removed),
                            hh = counts(with_t(0.5)), hq = counts(with_t(0.25));
  // Quadratic through t = 0, 0.5, 1 evaluated at 0.25 (Lagrange weights).
  std::vector<double> predicted(h1.size());
  for (size_t k = 0; k < h1.size(); ++k) {
    predicted[k] = 0.375 * h0[k] + 0.75 * hh[k] - 0.125 * h1[k];
  }
  ExpectSameVector(predicted, hq, 1e-12);

  crystal::Crystal mixed = full;
  mixed.mutable_sites(1)->mutable_occupants(0)->set_occupancy(0.5);
  crystal::Occupant* o = mixed.mutable_sites(1)->add_occupants();
  o->set_atomic_number(11);
  o->set_occupancy(0.5);
  ExpectSameVector(*ComputeRdf(full), *ComputeRdf(mixed), 1e-12);
}

}  // namespace
}  // namespace ionscreen::descriptors::testing
