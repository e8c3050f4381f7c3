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
void ShellWalker::Run(int site, const int image[3], int depth) {
  if (depth == 2) {
    RunTwo(site, image);
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
    Run(s.site, img, depth - 1);
    const std::vector<Entry>& sub = levels_[depth - 1].entries;
    for (const Entry& t : sub) {
      const double w = t.weight * s.weight;
      if (2 * (out.entries.size() + 1) > out.slot_entry.size()) Grow(out);
      const size_t mask = out.slot_entry.size() - 1;
      size_t h = HashKey(t.site, t.image) & mask;
      bool found = false;
      while (out.slot_stamp[h] == out.stamp) {
        Entry& e = out.entries[out.slot_entry[h]];
        if (SameKey(t.site, t.image, e.site, e.image)) {
          e.weight += w;
          found = true;
          break;
        }
        h = (h + 1) & mask;
      }
      if (!found) {
        out.slot_stamp[h] = out.stamp;
        out.slot_entry[h] = static_cast<int>(out.entries.size());
        out.entries.push_back({t.site, {t.image[0], t.image[1], t.image[2]},
                               w, nullptr});
      }
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
  two.paths.reserve(total);
  for (const Step& s : first) {
    two.begin.push_back(static_cast<int>(two.paths.size()));
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
      two.paths.push_back({id, back_to_start || self, t.weight});
    }
  }
  two.begin.push_back(static_cast<int>(two.paths.size()));
  if (acc_.size() < two.key_site.size()) {
    acc_.resize(two.key_site.size());
    acc_stamp_.resize(two.key_site.size(), 0u);
  }
}

int ShellWalker::FindTwo(const SiteTwo& two, int site,
                         const int image[3]) const {
  const size_t mask = two.slot_id.size() - 1;
  size_t h = HashKey(site, image) & mask;
  while (two.slot_id[h] >= 0) {
    const int c = two.slot_id[h];
    if (SameKey(site, image, two.key_site[c], &two.key_image[3 * c])) return c;
    h = (h + 1) & mask;
  }
  return -1;
}

// Run(site, image, 2) on the precomputed two-step paths: the same paths are
// skipped (a first step onto the path, a terminal on the path or equal to
// the start or middle site) and each terminal's weight is summed in the
// same order, so the bits agree.
void ShellWalker::RunTwo(int site, const int image[3]) {
  if (!two_[site].ready) PrepareTwo(site);
  const SiteTwo& two = two_[site];
  // Ancestors as ids in this site's frame (-1: not a two-step terminal).
  int anc_id[8];
  const size_t na = path_.size();
  const bool few = na <= 8;
  if (few) {
    for (size_t p = 0; p < na; ++p) {
      const int rel[3] = {path_[p].image[0] - image[0],
                          path_[p].image[1] - image[1],
                          path_[p].image[2] - image[2]};
      anc_id[p] = FindTwo(two, path_[p].site, rel);
    }
  }
  if (++acc_gen_ == 0) {
    std::fill(acc_stamp_.begin(), acc_stamp_.end(), 0u);
    acc_gen_ = 1;
  }
  order_.clear();
  const std::vector<Step>& first = steps_[site];
  for (size_t a = 0; a < first.size(); ++a) {
    const Step& s = first[a];
    // The middle site on the path (the start itself included) is skipped.
    if (s.site == site && s.image[0] == 0 && s.image[1] == 0 &&
        s.image[2] == 0) {
      continue;
    }
    const int img[3] = {s.image[0] + image[0], s.image[1] + image[1],
                        s.image[2] + image[2]};
    if (OnPath(s.site, img)) continue;
    for (int k = two.begin[a]; k < two.begin[a + 1]; ++k) {
      const TwoStep& p = two.paths[k];
      if (p.excluded) continue;
      bool on_path = false;
      if (few) {
        for (size_t q = 0; q < na; ++q) on_path |= anc_id[q] == p.id;
      } else {
        const int* r = &two.key_image[3 * p.id];
        const int abs_img[3] = {r[0] + image[0], r[1] + image[1],
                                r[2] + image[2]};
        on_path = OnPath(two.key_site[p.id], abs_img);
      }
      if (on_path) continue;
      const double w = p.weight * s.weight;
      if (acc_stamp_[p.id] != acc_gen_) {
        acc_stamp_[p.id] = acc_gen_;
        acc_[p.id] = w;
        order_.push_back(p.id);
      } else {
        acc_[p.id] += w;
      }
    }
  }
  Level& out = levels_[2];
  out.entries.clear();
  for (int id : order_) {
    const int* r = &two.key_image[3 * id];
    out.entries.push_back({two.key_site[id],
                           {r[0] + image[0], r[1] + image[1], r[2] + image[2]},
                           acc_[id],
                           nullptr});
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

describe::ParamSpec DisorderSpec() {
  return {"disorder", "weighted",
          "weighted: occupants count with their occupancies (see the "
          "descriptor's description); error: refuse partially occupied or "
          "mixed sites"};
}

absl::StatusOr<DisorderPolicy> ParseDisorder(const describe::Params& p) {
  const std::string v = describe::ParamOr(p, "disorder", "weighted");
  if (v == "weighted") return DisorderPolicy::kWeighted;
  if (v == "error") return DisorderPolicy::kError;
  return absl::InvalidArgumentError(absl::StrCat(
      "parameter disorder: \"", v, "\" is not one of: weighted, error"));
}

std::string DisorderName(DisorderPolicy p) {
  return p == DisorderPolicy::kWeighted ? "weighted" : "error";
}

absl::Status CheckStructure(const crystal::Crystal& c, DisorderPolicy policy,
                            const std::string& descriptor) {
  absl::Status s = crystal::Validate(c);
  if (!s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        descriptor, ": record ", c.id(), ": ", s.message()));
  }
  if (policy == DisorderPolicy::kError) {
    for (int i = 0; i < c.sites_size(); ++i) {
      if (crystal::IsSiteDisordered(c.sites(i))) {
        return absl::InvalidArgumentError(absl::StrCat(
            descriptor, ": record ", c.id(), ": site ", i, " (",
            c.sites(i).label(), ") is disordered and disorder=error"));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace ionscreen::voronoi
