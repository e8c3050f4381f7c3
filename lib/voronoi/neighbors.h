// pymatgen VoronoiNN-style neighbour lists over a Tessellation: per-site
// neighbours with weights normalised by the site's largest weight (faces of
// zero weight dropped, VoronoiNN tol = 0), and non-backtracking neighbour
// shells (NearNeighbors._get_nn_shell_info), as matminer's Voronoi
// descriptors use them.
#ifndef IONSCREEN_LIB_VORONOI_NEIGHBORS_H_
#define IONSCREEN_LIB_VORONOI_NEIGHBORS_H_

#include <string>
#include <utility>
#include <vector>

#include "Eigen/Dense"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/voronoi/voronoi.h"

namespace ionscreen::voronoi {

enum class Weight { kSolidAngle, kArea };

struct Neighbor {
  int site = -1;
  Eigen::Vector3i image = {0, 0, 0};
  double weight = 0;  // normalised: largest face of the cell has 1
  const Face* face = nullptr;  // null for shells beyond the first
};

// Per site, its Voronoi neighbours with normalised weights.
std::vector<std::vector<Neighbor>> NormalizedNeighbors(const Tessellation& t,
                                                       Weight weight);

// Neighbours reached in exactly `shell` (>= 1) non-backtracking steps from
// `site`, merged by (site, image), weight = sum over paths of the product of
// step weights.
std::vector<Neighbor> ShellNeighbors(
    const std::vector<std::vector<Neighbor>>& all, int site, int shell);

// ShellNeighbors with reusable scratch and no per-call allocation once warm
// (chemical_ordering walks three shells from every site; the map-based walk
// was most of its cost). Same paths, same first-seen order and the same
// floating-point sums, so the same bits as ShellNeighbors.
class ShellWalker {
 public:
  struct Entry {
    int site;
    int image[3];
    double weight;
    const Face* face;  // shell 1 only, as in ShellNeighbors
  };
  // `all` must outlive the walker.
  explicit ShellWalker(const std::vector<std::vector<Neighbor>>& all);
  // The result stays valid until the next call.
  const std::vector<Entry>& Walk(int site, int shell);

 private:
  struct Step {
    int site;
    int image[3];
    double weight;
    const Face* face;
  };
  // One per depth: the merged result of the walk currently at that depth and
  // an open-addressing index over it (slot valid when its stamp is current).
  struct Level {
    std::vector<Entry> entries;
    std::vector<int> slot_entry;
    std::vector<unsigned> slot_stamp;
    unsigned stamp = 0;
  };
  // Two-step paths from a site, precomputed once per site in the site's own
  // frame: terminals get dense ids so the innermost (most frequent) merge is
  // an array add instead of a hash probe.
  struct SiteTwo {
    bool ready = false;
    std::vector<int> begin;  // per first step: range into path_*
    std::vector<int> path_id;        // dense id of the terminal's key
    std::vector<double> path_weight;  // weight of the second step
    std::vector<int> key_site;
    std::vector<int> key_image;  // 3 per id, relative to the start site
    std::vector<int> slot_id;    // open-addressing index over the keys
    // First-seen order of the ids (no first step skipped); see PrepareTwo.
    std::vector<int> order;
    std::vector<int> pos1, range1, pos2;
    std::vector<std::vector<int>> first_in;  // per first step, ids first seen
  };
  void Run(int site, const int image[3], int depth);
  // Leaves the two-step sums in acc_, their ids in first-seen order in
  // order_ (terminals on the path included; callers skip them and zero
  // acc_ for every id in order_).
  void RunTwo(int site, const int image[3]);
  void Merge(Level& out, int site, const int image[3], double w);
  void PrepareTwo(int site);
  void Reset(Level& level);
  void Grow(Level& level);
  bool OnPath(int site, const int image[3]) const;

  std::vector<std::vector<Step>> steps_;
  std::vector<Level> levels_;
  std::vector<Entry> empty_;
  struct PathKey {
    int site;
    int image[3];
  };
  std::vector<PathKey> path_;
  std::vector<SiteTwo> two_;
  std::vector<double> acc_;
  std::vector<unsigned> acc_stamp_;
  unsigned acc_gen_ = 0;
  std::vector<int> order_;
  std::vector<std::pair<int, int>> displaced_;
};

}  // namespace ionscreen::voronoi

#endif  // IONSCREEN_LIB_VORONOI_NEIGHBORS_H_
