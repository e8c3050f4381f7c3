#include "lib/voronoi/neighbors.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "lib/crystal/crystal_util.h"

namespace ionscreen::voronoi {
namespace {

using Key = std::tuple<int, int, int, int>;

Key MakeKey(int site, const Eigen::Vector3i& image) {
  return {site, image.x(), image.y(), image.z()};
}

bool Visited(const std::vector<Key>& path, const Key& k) {
  return std::find(path.begin(), path.end(), k) != path.end();
}

// `path` holds the sites already on this path (at most `shell` entries, so a
// vector beats a set).
void Walk(const std::vector<std::vector<Neighbor>>& all, int site,
          const Eigen::Vector3i& cur_image, int shell, std::vector<Key>* path,
          std::vector<Neighbor>* out) {
  path->push_back(MakeKey(site, cur_image));
  std::vector<Neighbor> allowed;
  for (const Neighbor& n : all[site]) {
    Neighbor step = n;
    step.image = n.image + cur_image;
    if (!Visited(*path, MakeKey(step.site, step.image))) allowed.push_back(step);
  }
  if (shell == 1) {
    *out = std::move(allowed);
    path->pop_back();
    return;
  }
  // Merge terminal neighbours reached through different first steps, in
  // first-seen order (as pymatgen's dict).
  std::map<Key, size_t> index;
  std::vector<Neighbor> merged;
  std::vector<Neighbor> terminal;
  for (const Neighbor& first : allowed) {
    Walk(all, first.site, first.image, shell - 1, path, &terminal);
    for (Neighbor& t : terminal) {
      t.weight *= first.weight;
      t.face = nullptr;
      Key k = MakeKey(t.site, t.image);
      auto it = index.find(k);
      if (it == index.end()) {
        index[k] = merged.size();
        merged.push_back(t);
      } else {
        merged[it->second].weight += t.weight;
      }
    }
  }
  *out = std::move(merged);
  path->pop_back();
}

}  // namespace

std::vector<std::vector<Neighbor>> NormalizedNeighbors(const Tessellation& t,
                                                       Weight weight) {
  std::vector<std::vector<Neighbor>> out(t.cells.size());
  for (size_t i = 0; i < t.cells.size(); ++i) {
    const Cell& c = t.cells[i];
    const double max =
        weight == Weight::kArea ? c.MaxArea() : c.MaxSolidAngle();
    for (const Face& f : c.faces) {
      double w = weight == Weight::kArea ? f.area_angstrom2 : f.solid_angle_sr;
      if (!(w > 0) || !(max > 0)) continue;
      out[i].push_back({f.neighbor, f.image, w / max, &f});
    }
  }
  return out;
}

std::vector<Neighbor> ShellNeighbors(
    const std::vector<std::vector<Neighbor>>& all, int site, int shell) {
  std::vector<Neighbor> out;
  if (shell < 1) return out;
  std::vector<Key> path;
  Walk(all, site, Eigen::Vector3i::Zero(), shell, &path, &out);
  return out;
}

namespace {

inline size_t HashKey(int site, const int image[3]) {
  uint64_t h = static_cast<uint32_t>(site) * 0x9E3779B97F4A7C15ull;
  h ^= static_cast<uint32_t>(image[0]) * 0xC2B2AE3D27D4EB4Full;
  h = (h ^ (h >> 29)) * 0xBF58476D1CE4E5B9ull;
  h ^= static_cast<uint32_t>(image[1]) * 0x94D049BB133111EBull;
  h = (h ^ (h >> 31)) * 0x9E3779B97F4A7C15ull;
  h ^= static_cast<uint32_t>(image[2]) * 0xD6E8FEB86659FD93ull;
  h ^= h >> 32;
  return static_cast<size_t>(h);
}

inline bool SameKey(int site, const int a[3], int site_b, const int b[3]) {
  return site == site_b && a[0] == b[0] && a[1] == b[1] && a[2] == b[2];
}

}  // namespace

ShellWalker::ShellWalker(const std::vector<std::vector<Neighbor>>& all)
    : steps_(all.size()), two_(all.size()) {
  for (size_t i = 0; i < all.size(); ++i) {
    steps_[i].reserve(all[i].size());
    for (const Neighbor& n : all[i]) {
      steps_[i].push_back(
          {n.site, {n.image.x(), n.image.y(), n.image.z()}, n.weight, n.face});
    }
  }
}

bool ShellWalker::OnPath(int site, const int image[3]) const {
  for (const PathKey& p : path_) {
    if (SameKey(site, image, p.site, p.image)) return true;
  }
  return false;
}

void ShellWalker::Reset(Level& level) {
  level.entries.clear();
  if (++level.stamp == 0) {  // wrapped: stale stamps could match again
    std::fill(level.slot_stamp.begin(), level.slot_stamp.end(), 0u);
    level.stamp = 1;
  }
  if (level.slot_entry.empty()) {
    level.slot_entry.assign(64, 0);
    level.slot_stamp.assign(64, 0u);
  }
}

void ShellWalker::Grow(Level& level) {
  const size_t cap = level.slot_entry.size() * 2;
  level.slot_entry.assign(cap, 0);
  level.slot_stamp.assign(cap, 0u);
  level.stamp = 1;
  const size_t mask = cap - 1;
  for (size_t e = 0; e < level.entries.size(); ++e) {
    const Entry& x = level.entries[e];
    size_t h = HashKey(x.site, x.image) & mask;
    while (level.slot_stamp[h] == level.stamp) h = (h + 1) & mask;
    level.slot_stamp[h] = level.stamp;
    level.slot_entry[h] = static_cast<int>(e);
  }
}

// Mirrors Walk above: depth 1 keeps the allowed neighbours unmerged; deeper
// levels merge terminal weights (sub-walk weight * step weight) by key in
// first-seen order.
void ShellWalker::Merge(Level& out, int site, const int image[3], double w) {
  if (2 * (out.entries.size() + 1) > out.slot_entry.size()) Grow(out);
  const size_t mask = out.slot_entry.size() - 1;
  size_t h = HashKey(site, image) & mask;
  while (out.slot_stamp[h] == out.stamp) {
    Entry& e = out.entries[out.slot_entry[h]];
    if (SameKey(site, image, e.site, e.image)) {
      e.weight += w;
      return;
    }
    h = (h + 1) & mask;
  }
  out.slot_stamp[h] = out.stamp;
  out.slot_entry[h] = static_cast<int>(out.entries.size());
  out.entries.push_back({site, {image[0], image[1], image[2]}, w, nullptr});
}

void ShellWalker::Run(int site, const int image[3], int depth) {
  if (depth == 2) {
    RunTwo(site, image);
    const SiteTwo& two = two_[site];
    Level& out = levels_[2];
    out.entries.clear();
    for (int id : order_) {
      const int* r = &two.key_image[3 * id];
      const int abs_img[3] = {r[0] + image[0], r[1] + image[1],
                              r[2] + image[2]};
      const double w = acc_[id];
      acc_[id] = 0.0;
      if (OnPath(two.key_site[id], abs_img)) continue;
      out.entries.push_back({two.key_site[id],
                             {abs_img[0], abs_img[1], abs_img[2]}, w,
                             nullptr});
    }
    return;
  }
  path_.push_back({site, {image[0], image[1], image[2]}});
  Level& out = levels_[depth];
  Reset(out);
  for (const Step& s : steps_[site]) {
    const int img[3] = {s.image[0] + image[0], s.image[1] + image[1],
                        s.image[2] + image[2]};
    if (OnPath(s.site, img)) continue;
    if (depth == 1) {
      out.entries.push_back(
          {s.site, {img[0], img[1], img[2]}, s.weight, s.face});
      continue;
    }
    if (depth == 3) {
      // Straight from the two-step sums, without materialising them.
      RunTwo(s.site, img);
      const SiteTwo& two = two_[s.site];
      for (int id : order_) {
        const int* r = &two.key_image[3 * id];
        const int t_img[3] = {r[0] + img[0], r[1] + img[1], r[2] + img[2]};
        const double t_weight = acc_[id];
        acc_[id] = 0.0;
        if (OnPath(two.key_site[id], t_img)) continue;
        Merge(out, two.key_site[id], t_img, t_weight * s.weight);
      }
      continue;
    }
    Run(s.site, img, depth - 1);
    for (const Entry& t : levels_[depth - 1].entries) {
      Merge(out, t.site, t.image, t.weight * s.weight);
    }
  }
  path_.pop_back();
}

void ShellWalker::PrepareTwo(int site) {
  SiteTwo& two = two_[site];
  two.ready = true;
  const std::vector<Step>& first = steps_[site];
  size_t total = 0;
  for (const Step& s : first) total += steps_[s.site].size();
  size_t cap = 16;
  while (cap < 2 * total + 2) cap *= 2;
  two.slot_id.assign(cap, -1);
  const size_t mask = cap - 1;
  two.begin.reserve(first.size() + 1);
  two.path_id.reserve(total);
  two.path_weight.reserve(total);
  for (const Step& s : first) {
    two.begin.push_back(static_cast<int>(two.path_id.size()));
    for (const Step& t : steps_[s.site]) {
      const int img[3] = {s.image[0] + t.image[0], s.image[1] + t.image[1],
                          s.image[2] + t.image[2]};
      size_t h = HashKey(t.site, img) & mask;
      int id = -1;
      while (two.slot_id[h] >= 0) {
        const int c = two.slot_id[h];
        if (SameKey(t.site, img, two.key_site[c], &two.key_image[3 * c])) {
          id = c;
          break;
        }
        h = (h + 1) & mask;
      }
      if (id < 0) {
        id = static_cast<int>(two.key_site.size());
        two.slot_id[h] = id;
        two.key_site.push_back(t.site);
        two.key_image.insert(two.key_image.end(), img, img + 3);
      }
      const bool back_to_start =
          t.site == site && img[0] == 0 && img[1] == 0 && img[2] == 0;
      const bool self = t.site == s.site && t.image[0] == 0 &&
                        t.image[1] == 0 && t.image[2] == 0;
      if (back_to_start || self) continue;  // never a terminal
      two.path_id.push_back(id);
      two.path_weight.push_back(t.weight);
    }
  }
  two.begin.push_back(static_cast<int>(two.path_id.size()));
  // First-seen order with no first step skipped, and per id its first
  // position, that position's first step, and its first position under a
  // later first step (-1: none): skipping a first step moves the ids first
  // seen under it to their next position.
  const int nk = static_cast<int>(two.key_site.size());
  two.pos1.assign(nk, -1);
  two.range1.assign(nk, -1);
  two.pos2.assign(nk, -1);
  for (size_t a = 0; a + 1 < two.begin.size(); ++a) {
    for (int k = two.begin[a]; k < two.begin[a + 1]; ++k) {
      const int id = two.path_id[k];
      if (two.pos1[id] < 0) {
        two.pos1[id] = k;
        two.range1[id] = static_cast<int>(a);
        two.order.push_back(id);
      } else if (two.pos2[id] < 0 && two.range1[id] != static_cast<int>(a)) {
        two.pos2[id] = k;
      }
    }
  }
  two.first_in.assign(first.size(), {});
  for (int id : two.order) two.first_in[two.range1[id]].push_back(id);
  if (acc_.size() < two.key_site.size()) {
    acc_.resize(two.key_site.size(), 0.0);
    acc_stamp_.resize(two.key_site.size(), 0u);
  }
}

// Run(site, image, 2) on the precomputed two-step paths. The same paths are
// skipped: a middle step onto the path drops its whole range; terminals
// equal to the start or the middle site were dropped when precomputing;
// terminals on the path are summed but not output (no other sum depends on
// them; the caller drops them). Each terminal's weight is summed in the same order starting from
// +0.0 (0 + w == w for w >= 0), and terminals come out in first-seen order,
// precomputed per skipped middle step, so the bits agree with Run.
void ShellWalker::RunTwo(int site, const int image[3]) {
  if (!two_[site].ready) PrepareTwo(site);
  const std::vector<Step>& first = steps_[site];
  const int nf = static_cast<int>(first.size());
  int skipped = -1, num_skipped = 0;
  for (int a = 0; a < nf; ++a) {
    const Step& s = first[a];
    const int img[3] = {s.image[0] + image[0], s.image[1] + image[1],
                        s.image[2] + image[2]};
    // The middle site on the path (the start itself included) is skipped.
    const bool is_start = s.site == site && s.image[0] == 0 &&
                          s.image[1] == 0 && s.image[2] == 0;
    if (is_start || OnPath(s.site, img)) {
      skipped = a;
      ++num_skipped;
    }
  }
  if (num_skipped > 1) {
    // Rare (deeper shells): first-seen order computed on the fly.
    skipped = -2;
  }
  const SiteTwo& two = two_[site];
  const double* __restrict w_path = two.path_weight.data();
  const int* __restrict id_path = two.path_id.data();
  double* __restrict acc = acc_.data();
  if (skipped == -2) {
    order_.clear();
    if (++acc_gen_ == 0) {
      std::fill(acc_stamp_.begin(), acc_stamp_.end(), 0u);
      acc_gen_ = 1;
    }
  }
  for (int a = 0; a < nf; ++a) {
    const Step& s = first[a];
    if (skipped == -2) {
      const int img[3] = {s.image[0] + image[0], s.image[1] + image[1],
                          s.image[2] + image[2]};
      const bool is_start = s.site == site && s.image[0] == 0 &&
                            s.image[1] == 0 && s.image[2] == 0;
      if (is_start || OnPath(s.site, img)) continue;
      for (int k = two.begin[a]; k < two.begin[a + 1]; ++k) {
        const int id = id_path[k];
        if (acc_stamp_[id] != acc_gen_) {
          acc_stamp_[id] = acc_gen_;
          order_.push_back(id);
        }
        acc[id] += w_path[k] * s.weight;
      }
      continue;
    }
    if (a == skipped) continue;
    const double ws = s.weight;
    for (int k = two.begin[a]; k < two.begin[a + 1]; ++k) {
      acc[id_path[k]] += w_path[k] * ws;
    }
  }
  if (skipped >= 0) {
    // Ids first seen under the skipped step, by their next position, merged
    // into the unskipped order.
    displaced_.clear();
    for (int id : two.first_in[skipped]) {
      if (two.pos2[id] >= 0) displaced_.push_back({two.pos2[id], id});
    }
    std::sort(displaced_.begin(), displaced_.end());
    order_.clear();
    size_t d = 0;
    for (int id : two.order) {
      if (two.range1[id] == skipped) continue;
      while (d < displaced_.size() && displaced_[d].first < two.pos1[id]) {
        order_.push_back(displaced_[d++].second);
      }
      order_.push_back(id);
    }
    while (d < displaced_.size()) order_.push_back(displaced_[d++].second);
  } else if (skipped == -1) {
    order_ = two.order;
  }
}

const std::vector<ShellWalker::Entry>& ShellWalker::Walk(int site,
                                                         int shell) {
  if (shell < 1) {
    empty_.clear();
    return empty_;
  }
  if (static_cast<int>(levels_.size()) <= shell) levels_.resize(shell + 1);
  path_.clear();
  const int zero[3] = {0, 0, 0};
  Run(site, zero, shell);
  return levels_[shell].entries;
}

}  // namespace ionscreen::voronoi
