#include "lib/voronoi/neighbors.h"

#include <algorithm>
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
