#include "lib/neb/neb_prep.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "Eigen/Dense"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/element/element.h"

namespace ionscreen::neb {
namespace {

// 1 Ry/bohr in eV/A.
constexpr double kRyPerBohrInEvPerAngstrom = 25.71104309541616;

struct Atom {
  int z;
  Eigen::Vector3d frac;  // supercell fractional (may be outside [0, 1))
};

int MobileOccupantZ(const crystal::Site& s) {
  return s.occupants_size() == 1 ? s.occupants(0).atomic_number() : 0;
}

std::string Positions(const std::vector<Atom>& atoms) {
  std::string out = "ATOMIC_POSITIONS crystal\n";
  for (const Atom& a : atoms) {
    absl::StrAppend(&out, absl::StrFormat("%-3s %14.10f %14.10f %14.10f\n",
                                          element::Get(a.z).symbol, a.frac[0],
                                          a.frac[1], a.frac[2]));
  }
  return out;
}

}  // namespace

absl::StatusOr<std::map<std::string, std::string>> ParsePseudoMap(
    const std::string& spec) {
  std::map<std::string, std::string> out;
  if (spec.empty()) return out;
  for (absl::string_view item : absl::StrSplit(spec, ',')) {
    std::vector<std::string> kv = absl::StrSplit(item, absl::MaxSplits('=', 1));
    if (kv.size() != 2 || kv[0].empty() || kv[1].empty() ||
        !element::BySymbol(kv[0]).ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "pseudopotential map entry '", item,
          "' is not Element=file (e.g. Li=Li.pbe-s-kjpaw_psl.1.0.0.UPF)"));
    }
    out[kv[0]] = kv[1];
  }
  return out;
}

absl::StatusOr<bvse::HopPath> ShortestHop(const crystal::Crystal& c,
                                          int zm) {
  const Eigen::Matrix3d l = crystal::LatticeMatrix(c);
  double best = std::numeric_limits<double>::infinity();
  bvse::HopPath hop;
  for (int s = 0; s < c.sites_size(); ++s) {
    if (MobileOccupantZ(c.sites(s)) != zm) continue;
    for (int e = 0; e < c.sites_size(); ++e) {
      if (MobileOccupantZ(c.sites(e)) != zm) continue;
      for (int x = -2; x <= 2; ++x)
        for (int y = -2; y <= 2; ++y)
          for (int z = -2; z <= 2; ++z) {
            const Eigen::Vector3d df = crystal::FracPosition(c.sites(e)) +
                                       Eigen::Vector3d(x, y, z) -
                                       crystal::FracPosition(c.sites(s));
            const double d = (df.transpose() * l).norm();
            if (d > 0.5 && d < best - 1e-9) {
              best = d;
              hop.set_start_site(s);
              hop.set_end_site(e);
              hop.clear_end_image();
              hop.add_end_image(x);
              hop.add_end_image(y);
              hop.add_end_image(z);
              hop.set_hop_distance_angstrom(d);
            }
          }
    }
  }
  if (!std::isfinite(best)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "fewer than two ", element::Get(zm).symbol, " sites for a hop"));
  }
  return hop;
}

absl::StatusOr<NebInputs> PrepareNeb(const crystal::Crystal& c,
                                     const bvse::HopPath* given,
                                     const NebOptions& o) {
  RETURN_IF_ERROR(crystal::Validate(c));
  if (crystal::IsDisordered(c)) {
    return absl::InvalidArgumentError(
        "structure is disordered; NEB needs an ordered structure");
  }
  if (o.intermediate_images < 1 || o.min_length_angstrom <= 0) {
    return absl::InvalidArgumentError(
        "intermediate_images and min_length must be positive");
  }
  bvse::HopPath hop;
  if (given != nullptr) {
    hop = *given;
    if (hop.end_image_size() != 3 || hop.start_site() < 0 ||
        hop.end_site() < 0 || hop.start_site() >= c.sites_size() ||
        hop.end_site() >= c.sites_size() ||
        MobileOccupantZ(c.sites(hop.start_site())) != o.mobile_atomic_number ||
        MobileOccupantZ(c.sites(hop.end_site())) != o.mobile_atomic_number) {
      return absl::InvalidArgumentError(
          "the BVSE hop does not join two mobile-ion sites of this structure "
          "(was bvse run on the same record?)");
    }
  } else {
    ASSIGN_OR_RETURN(hop, ShortestHop(c, o.mobile_atomic_number));
  }
  NebInputs out;
  out.from_bvse_path = given != nullptr && given->points_size() >= 2;
  out.start_site = hop.start_site();
  out.end_site = hop.end_site();
  const Eigen::Matrix3d l = crystal::LatticeMatrix(c);
  std::array<int, 3> m;
  Eigen::Vector3i img;
  for (int d = 0; d < 3; ++d) {
    m[d] = std::max(1, static_cast<int>(std::ceil(
                           o.min_length_angstrom / l.row(d).norm() - 1e-9)));
    img[d] = hop.end_image(d);
    out.end_image[d] = img[d];
  }
  out.supercell = m;
  const Eigen::Vector3d mv(m[0], m[1], m[2]);
  Eigen::Matrix3d sl = l;
  for (int d = 0; d < 3; ++d) sl.row(d) *= m[d];
  // Unit-cell fractional -> supercell fractional.
  auto to_super = [&](const Eigen::Vector3d& f) {
    return Eigen::Vector3d(f.array() / mv.array());
  };
  const Eigen::Vector3d f_start = crystal::FracPosition(c.sites(hop.start_site()));
  const Eigen::Vector3d f_end =
      crystal::FracPosition(c.sites(hop.end_site())) + img.cast<double>();
  Eigen::Vector3i end_cell;
  for (int d = 0; d < 3; ++d) end_cell[d] = ((img[d] % m[d]) + m[d]) % m[d];
  if (hop.start_site() == hop.end_site() && end_cell.isZero()) {
    return absl::InvalidArgumentError(
        "the hop joins a site to its own image in the supercell; raise "
        "min_length");
  }
  // Framework: every atom of the supercell but the two hop sites.
  std::vector<Atom> framework;
  for (int x = 0; x < m[0]; ++x)
    for (int y = 0; y < m[1]; ++y)
      for (int z = 0; z < m[2]; ++z) {
        const Eigen::Vector3i cell(x, y, z);
        for (int s = 0; s < c.sites_size(); ++s) {
          if ((s == hop.start_site() && cell.isZero()) ||
              (s == hop.end_site() && cell == end_cell)) {
            continue;
          }
          framework.push_back(
              {c.sites(s).occupants(0).atomic_number(),
               to_super(crystal::FracPosition(c.sites(s)) + cell.cast<double>())});
        }
      }
  // Hopping-ion positions (unit-cell fractional, unwrapped) along the path:
  // BVSE path points with the exact sites as end points, resampled at equal
  // arc length.
  std::vector<Eigen::Vector3d> poly = {f_start};
  if (out.from_bvse_path) {
    for (int i = 1; i + 1 < hop.points_size(); ++i) {
      const auto& p = hop.points(i);
      poly.emplace_back(p.frac_x(), p.frac_y(), p.frac_z());
    }
  }
  poly.push_back(f_end);
  std::vector<double> s(poly.size(), 0.0);
  for (size_t i = 1; i < poly.size(); ++i) {
    s[i] = s[i - 1] + ((poly[i] - poly[i - 1]).transpose() * l).norm();
  }
  out.hop_distance_angstrom = ((f_end - f_start).transpose() * l).norm();
  const int n_img = o.intermediate_images + 2;
  std::vector<Eigen::Vector3d> mobile_pos;
  for (int k = 0; k < n_img; ++k) {
    const double t = s.back() * k / (n_img - 1);
    size_t seg = 1;
    while (seg + 1 < poly.size() && s[seg] < t) ++seg;
    const double len = s[seg] - s[seg - 1];
    const double u = len > 0 ? std::clamp((t - s[seg - 1]) / len, 0.0, 1.0) : 0;
    mobile_pos.push_back(to_super(poly[seg - 1] + u * (poly[seg] - poly[seg - 1])));
  }
  mobile_pos.front() = to_super(f_start);
  mobile_pos.back() = to_super(f_end);
  std::vector<std::vector<Atom>> images(n_img, framework);
  for (int k = 0; k < n_img; ++k) {
    images[k].push_back({o.mobile_atomic_number, mobile_pos[k]});
  }
  const int nat = images[0].size();
  out.atoms_per_image = nat;

  std::set<int> species;
  for (const Atom& a : images[0]) species.insert(a.z);
  std::string species_card = "ATOMIC_SPECIES\n";
  for (int z : species) {
    const element::Element& e = element::Get(z);
    auto it = o.pseudo.find(e.symbol);
    const std::string file =
        it != o.pseudo.end()
            ? it->second
            : absl::StrReplaceAll(o.pseudo_pattern, {{"{El}", e.symbol}});
    absl::StrAppend(&species_card,
                    absl::StrFormat("%-3s %10.4f  %s\n", e.symbol, e.mass_amu,
                                    file));
  }
  std::string cell_card = "CELL_PARAMETERS angstrom\n";
  for (int d = 0; d < 3; ++d) {
    absl::StrAppend(&cell_card, absl::StrFormat("%16.10f %16.10f %16.10f\n",
                                                sl(d, 0), sl(d, 1), sl(d, 2)));
  }
  std::string k_card = "K_POINTS automatic\n";
  for (int d = 0; d < 3; ++d) {
    absl::StrAppend(&k_card, std::max(1, static_cast<int>(std::ceil(
                                             o.kpoint_length_angstrom /
                                                 sl.row(d).norm() -
                                             1e-9))),
                    " ");
  }
  absl::StrAppend(&k_card, "0 0 0\n");
  auto system = [&](const std::string& calc) {
    std::string t = absl::StrFormat(
        "&CONTROL\n  calculation = '%s'\n  prefix = '%s'\n  outdir = '%s'\n"
        "  pseudo_dir = '%s'\n",
        calc, o.prefix, o.outdir, o.pseudo_dir);
    if (calc == "relax") {
      absl::StrAppend(
          &t, absl::StrFormat("  forc_conv_thr = %.4e\n",
                              o.relax_force_ev_per_angstrom /
                                  kRyPerBohrInEvPerAngstrom));
    }
    absl::StrAppend(
        &t,
        absl::StrFormat(
            "/\n&SYSTEM\n  ibrav = 0\n  nat = %d\n  ntyp = %d\n"
            "  ecutwfc = %.1f\n  ecutrho = %.1f\n  input_dft = 'PBE'\n"
            "  occupations = 'smearing'\n  smearing = 'gaussian'\n"
            "  degauss = 0.005\n",
            nat, static_cast<int>(species.size()), o.ecutwfc_ry,
            o.ecutrho_ry));
    if (o.charged_vacancy) {
      absl::StrAppend(&t, "  tot_charge = ", -o.mobile_valence, "\n");
    }
    absl::StrAppend(&t, "/\n&ELECTRONS\n  conv_thr = 1.0d-8\n"
                        "  mixing_beta = 0.3\n/\n");
    if (calc == "relax") absl::StrAppend(&t, "&IONS\n/\n");
    return t;
  };
  // Two stages as the paper ran them: plain NEB from the interpolated path,
  // then climbing image restarted from the first stage's path (neb.x reads
  // <prefix>.path of the same prefix in the working directory).
  auto neb_input = [&](bool climb) {
    std::string t = absl::StrFormat(
        "BEGIN\nBEGIN_PATH_INPUT\n&PATH\n  string_method = 'neb'\n"
        "  restart_mode = '%s'\n  nstep_path = %d\n"
        "  num_of_images = %d\n  opt_scheme = 'broyden'\n  CI_scheme = '%s'\n"
        "  path_thr = %.4f\n  ds = 1.d0\n  k_max = 0.3d0\n  k_min = 0.2d0\n"
        "/\nEND_PATH_INPUT\nBEGIN_ENGINE_INPUT\n",
        climb ? "restart" : "from_scratch", o.nstep_path, n_img,
        climb ? "auto" : "no-CI", o.path_thr_ev_per_angstrom);
    absl::StrAppend(&t, system("scf"), species_card, "BEGIN_POSITIONS\n");
    for (int k = 0; k < n_img; ++k) {
      absl::StrAppend(&t,
                      k == 0           ? "FIRST_IMAGE\n"
                      : k == n_img - 1 ? "LAST_IMAGE\n"
                                       : "INTERMEDIATE_IMAGE\n",
                      Positions(images[k]));
    }
    absl::StrAppend(&t, "END_POSITIONS\n", k_card, cell_card,
                    "END_ENGINE_INPUT\nEND\n");
    return t;
  };
  out.neb_plain_in = neb_input(false);
  out.neb_climb_in = neb_input(true);
  out.relax_initial_in = absl::StrCat(system("relax"), species_card,
                                      Positions(images.front()), k_card,
                                      cell_card);
  out.relax_final_in = absl::StrCat(system("relax"), species_card,
                                    Positions(images.back()), k_card,
                                    cell_card);
  for (int k = 0; k < n_img; ++k) {
    absl::StrAppend(
        &out.path_xyz, nat, "\n",
        absl::StrFormat("Lattice=\"%.8f %.8f %.8f %.8f %.8f %.8f %.8f %.8f "
                        "%.8f\" Properties=species:S:1:pos:R:3 image=%d\n",
                        sl(0, 0), sl(0, 1), sl(0, 2), sl(1, 0), sl(1, 1),
                        sl(1, 2), sl(2, 0), sl(2, 1), sl(2, 2), k));
    for (const Atom& a : images[k]) {
      const Eigen::Vector3d r = sl.transpose() * a.frac;
      absl::StrAppend(&out.path_xyz,
                      absl::StrFormat("%-3s %14.8f %14.8f %14.8f\n",
                                      element::Get(a.z).symbol, r[0], r[1],
                                      r[2]));
    }
  }
  return out;
}

}  // namespace ionscreen::neb
