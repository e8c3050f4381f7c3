// Quantum ESPRESSO inputs for a plain then climbing-image NEB of one mobile-ion hop
// (paper section 8 and SI VII): a supercell at least min_length along each
// lattice vector, end points with one mobile-ion vacancy (the hopping ion at
// the start site with the end site empty, and the reverse), intermediate
// images with the framework interpolated linearly and the hopping ion placed
// along the BVSE minimum-energy path (or the straight hop), written as a
// neb.x input plus pw.x relaxation inputs of the two end points.
#ifndef IONSCREEN_LIB_NEB_NEB_PREP_H_
#define IONSCREEN_LIB_NEB_NEB_PREP_H_

#include <array>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/bvse/bvse.pb.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::neb {

struct NebOptions {
  int mobile_atomic_number = 3;
  int mobile_valence = 1;
  double min_length_angstrom = 10.0;
  int intermediate_images = 5;  // images between the end points
  // Pseudopotential file per element symbol; elements not listed use
  // pseudo_pattern with "{El}" replaced by the symbol.
  std::map<std::string, std::string> pseudo;
  std::string pseudo_pattern = "{El}.pbe-kjpaw_psl.1.0.0.UPF";
  std::string pseudo_dir = "./pseudo";
  std::string outdir = "./tmp";
  std::string prefix = "neb";
  double ecutwfc_ry = 50;
  double ecutrho_ry = 400;
  int nstep_path = 200;
  double path_thr_ev_per_angstrom = 0.05;
  // k-point grid: n_i = max(1, ceil(kpoint_length / |A_i|)) of the supercell.
  double kpoint_length_angstrom = 10.0;
  // Remove the ion, keep its electron(s): tot_charge = -valence with the
  // uniform background the paper used.
  bool charged_vacancy = true;
  // Relaxation force threshold of the end points (paper: 3e-4 eV/A).
  double relax_force_ev_per_angstrom = 3e-4;
};

struct NebInputs {
  // neb.x inputs of the two stages: plain NEB (CI_scheme 'no-CI',
  // from_scratch), then climbing image (CI_scheme 'auto', restart_mode
  // 'restart' from the first stage's <prefix>.path; same prefix and outdir).
  std::string neb_plain_in;
  std::string neb_climb_in;
  std::string relax_initial_in;
  std::string relax_final_in;
  std::string path_xyz;  // all images, extended XYZ, for viewing
  std::array<int, 3> supercell = {1, 1, 1};
  int atoms_per_image = 0;
  int start_site = 0, end_site = 0;
  std::array<int, 3> end_image = {0, 0, 0};
  double hop_distance_angstrom = 0;
  bool from_bvse_path = false;
};

// Shortest hop between two mobile-ion sites (> 0.5 A apart): start site,
// end site and the lattice translation of the end site.
absl::StatusOr<bvse::HopPath> ShortestHop(const crystal::Crystal& c,
                                          int mobile_atomic_number);

// `hop`: a HopPath from bvse (points in unwrapped fractional coordinates
// of the unit cell) or null for the straight shortest hop.
absl::StatusOr<NebInputs> PrepareNeb(const crystal::Crystal& c,
                                     const bvse::HopPath* hop,
                                     const NebOptions& options);

// "Li=Li.upf,S=S.upf" -> map; InvalidArgument naming a malformed entry.
absl::StatusOr<std::map<std::string, std::string>> ParsePseudoMap(
    const std::string& spec);

}  // namespace ionscreen::neb

#endif  // IONSCREEN_LIB_NEB_NEB_PREP_H_
