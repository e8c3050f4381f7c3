#include "lib/descriptors/cavd_free_sphere/cavd_free_sphere.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <tuple>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"
#include "lib/element/element.h"
#include "lib/voronoi/neighbors.h"
#include "lib/voronoi/voronoi.h"

namespace ionscreen::descriptors {
namespace {

// Vertices of neighbouring cells closer than this are one network node.
constexpr double kMergeAngstrom = 1e-4;

double SegmentPointDistance(const Eigen::Vector3d& a, const Eigen::Vector3d& b,
                            const Eigen::Vector3d& p) {
  const Eigen::Vector3d ab = b - a;
  const double len2 = ab.squaredNorm();
  double t = len2 > 0 ? (p - a).dot(ab) / len2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  return (a + t * ab - p).norm();
}

// Rank (0..3) bookkeeping of the lattice translations of a component's
// cycles.
struct Basis {
  std::vector<Eigen::Vector3d> vectors;  // orthogonalised
  int Add(const Eigen::Vector3d& v) {
    Eigen::Vector3d r = v;
    for (const auto& b : vectors) r -= r.dot(b) * b;
    if (r.norm() > 1e-6 && vectors.size() < 3) vectors.push_back(r.normalized());
    return static_cast<int>(vectors.size());
  }
};

class OffsetUnionFind {
 public:
  explicit OffsetUnionFind(int n) : parent_(n), offset_(n, Eigen::Vector3i::Zero()), basis_(n) {
    std::iota(parent_.begin(), parent_.end(), 0);
  }
  // Root of x and x's translation relative to it.
  std::pair<int, Eigen::Vector3i> Find(int x) {
    Eigen::Vector3i off = Eigen::Vector3i::Zero();
    int r = x;
    while (parent_[r] != r) {
      off += offset_[r];
      r = parent_[r];
    }
    // Path compression with accumulated offsets.
    Eigen::Vector3i acc = off;
    int y = x;
    while (parent_[y] != y) {
      const int next = parent_[y];
      const Eigen::Vector3i step = offset_[y];
      parent_[y] = r;
      offset_[y] = acc;
      acc -= step;
      y = next;
    }
    return {r, off};
  }
  // Joins a and b, where b's image translated by t touches a; returns the
  // rank of the resulting component's cycle translations.
  int Union(int a, int b, const Eigen::Vector3i& t) {
    auto [ra, pa] = Find(a);
    auto [rb, pb] = Find(b);
    if (ra == rb) {
      const Eigen::Vector3i cycle = pa + t - pb;
      if (cycle != Eigen::Vector3i::Zero()) basis_[ra].Add(cycle.cast<double>());
      return static_cast<int>(basis_[ra].vectors.size());
    }
    parent_[rb] = ra;
    offset_[rb] = pa + t - pb;
    for (const auto& v : basis_[rb].vectors) basis_[ra].Add(v);
    basis_[rb].vectors.clear();
    return static_cast<int>(basis_[ra].vectors.size());
  }

 private:
  std::vector<int> parent_;
  std::vector<Eigen::Vector3i> offset_;
  std::vector<Basis> basis_;
};

}  // namespace

absl::StatusOr<FreeSphereResult> FreeSpheres(const crystal::Crystal& framework,
                                             const std::vector<double>& radii) {
  voronoi::Options opt;
  opt.radii_angstrom = radii;
  ASSIGN_OR_RETURN(voronoi::Tessellation t, voronoi::Tessellate(framework, opt));
  const Eigen::Matrix3d L = crystal::LatticeMatrix(framework);
  const Eigen::Matrix3d inv = L.inverse();
  const int n = framework.sites_size();
  std::vector<Eigen::Vector3d> cart(n);
  for (int i = 0; i < n; ++i) cart[i] = t.cells[i].center_angstrom;

  // Global nodes: vertices merged modulo the lattice.
  struct Node {
    Eigen::Vector3d frac;  // wrapped to [0, 1)
    double radius;
  };
  std::vector<Node> nodes;
  const double bucket = 1e-3;  // fractional units per hash bucket
  std::unordered_map<long long, std::vector<int>> grid;
  auto key = [&](const Eigen::Vector3i& k) {
    const long long m = 1 << 20;
    return ((static_cast<long long>(k.x()) % m + m) % m) * m * m +
           ((static_cast<long long>(k.y()) % m + m) % m) * m +
           ((static_cast<long long>(k.z()) % m + m) % m);
  };
  const long long per_axis = static_cast<long long>(std::ceil(1.0 / bucket));
  auto wrap_index = [&](long long v) { return ((v % per_axis) + per_axis) % per_axis; };
  // Returns (node, image) for a Cartesian vertex position.
  auto node_of = [&](const Eigen::Vector3d& v, double radius) {
    Eigen::Vector3d f = inv.transpose() * v;
    Eigen::Vector3d w = f.array() - f.array().floor();
    Eigen::Vector3i b((w / bucket).array().floor().cast<int>());
    for (int dx = -1; dx <= 1; ++dx)
      for (int dy = -1; dy <= 1; ++dy)
        for (int dz = -1; dz <= 1; ++dz) {
          Eigen::Vector3i kb(wrap_index(b.x() + dx), wrap_index(b.y() + dy),
                             wrap_index(b.z() + dz));
          auto it = grid.find(key(kb));
          if (it == grid.end()) continue;
          for (int id : it->second) {
            Eigen::Vector3d d = w - nodes[id].frac;
            d = d.array() - d.array().round();
            if ((L.transpose() * d).norm() < kMergeAngstrom) {
              nodes[id].radius = std::min(nodes[id].radius, radius);
              Eigen::Vector3d img = f - nodes[id].frac;
              return std::make_pair(id, Eigen::Vector3i(img.array().round().cast<int>()));
            }
          }
        }
    const int id = static_cast<int>(nodes.size());
    nodes.push_back({w, radius});
    grid[key(Eigen::Vector3i(wrap_index(b.x()), wrap_index(b.y()), wrap_index(b.z())))]
        .push_back(id);
    Eigen::Vector3d img = f - w;
    return std::make_pair(id, Eigen::Vector3i(img.array().round().cast<int>()));
  };

  struct Edge {
    int a, b;
    Eigen::Vector3i t;
    double bottleneck;
  };
  std::vector<Edge> edges;
  std::set<std::tuple<int, int, int, int, int>> seen;
  for (int i = 0; i < n; ++i) {
    const voronoi::Cell& cell = t.cells[i];
    // Ions around this cell: its own and its face neighbours' images.
    std::vector<std::pair<Eigen::Vector3d, double>> ions = {{cart[i], radii[i]}};
    for (const voronoi::Face& f : cell.faces) {
      ions.push_back({cart[f.neighbor] + L.transpose() * f.image.cast<double>(),
                      radii[f.neighbor]});
    }
    std::vector<std::pair<int, Eigen::Vector3i>> vnode(cell.vertices_angstrom.size());
    for (size_t k = 0; k < cell.vertices_angstrom.size(); ++k) {
      const Eigen::Vector3d& v = cell.vertices_angstrom[k];
      double r = 1e300;
      for (const auto& [p, rad] : ions) r = std::min(r, (v - p).norm() - rad);
      vnode[k] = node_of(v, r);
    }
    for (const voronoi::Face& f : cell.faces) {
      const auto& vi = f.vertex_indices;
      for (size_t k = 0; k < vi.size(); ++k) {
        const int u = vi[k], w = vi[(k + 1) % vi.size()];
        auto [na, ka] = vnode[u];
        auto [nb, kb] = vnode[w];
        Eigen::Vector3i tr = kb - ka;
        if (na == nb && tr == Eigen::Vector3i::Zero()) continue;
        int a = na, b = nb;
        if (a > b || (a == b && std::make_tuple(tr.x(), tr.y(), tr.z()) <
                                    std::make_tuple(0, 0, 0))) {
          std::swap(a, b);
          tr = -tr;
        }
        if (!seen.insert({a, b, tr.x(), tr.y(), tr.z()}).second) continue;
        double bottleneck = 1e300;
        for (const auto& [p, rad] : ions) {
          bottleneck = std::min(bottleneck,
              SegmentPointDistance(cell.vertices_angstrom[u],
                                   cell.vertices_angstrom[w], p) - rad);
        }
        edges.push_back({a, b, tr, bottleneck});
      }
    }
  }
  FreeSphereResult out;
  for (const Node& nd : nodes) {
    out.included_radius_angstrom = std::max(out.included_radius_angstrom, nd.radius);
  }
  std::sort(edges.begin(), edges.end(),
            [](const Edge& x, const Edge& y) { return x.bottleneck > y.bottleneck; });
  OffsetUnionFind uf(static_cast<int>(nodes.size()));
  int reached = 0;
  for (const Edge& e : edges) {
    const int rank = uf.Union(e.a, e.b, e.t);
    while (reached < rank) {
      out.free_radius_angstrom[reached] = std::max(0.0, e.bottleneck);
      ++reached;
    }
    if (reached == 3) break;
  }
  return out;
}

absl::StatusOr<double> FrameworkIonRadius(int atomic_number, double charge,
                                          int coordination) {
  ASSIGN_OR_RETURN(const element::Element* e,
                   element::ByAtomicNumber(atomic_number));
  auto sr = element::FindShannonRadius(
      atomic_number, static_cast<int>(std::lround(charge)), coordination);
  if (sr) {
    // Shannon's negative radii (C4+ III, H+ I/II, N5+ III, ...) mark an ion
    // inside its ligands' spheres: a point, not a hole in the framework.
    const double r = sr->ionic_radius_angstrom;
    if (std::isfinite(r)) return std::max(0.0, r);
  }
  const double r = e->atomic_radius_angstrom;
  if (!std::isfinite(r) || r <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("no radius for ", e->symbol));
  }
  return r;
}

absl::StatusOr<FreeSphereResult> CavdFreeSphere(const crystal::Crystal& c,
                                                const FreeSphereOptions& o) {
  std::vector<double> radii;
  crystal::Crystal framework;
  *framework.mutable_lattice() = c.lattice();
  framework.set_id(c.id());
  std::vector<int> keep;
  for (int i = 0; i < c.sites_size(); ++i) {
    bool all_mobile = true;
    for (const auto& oc : c.sites(i).occupants()) {
      all_mobile &= oc.atomic_number() == o.mobile_atomic_number;
    }
    if (!all_mobile) keep.push_back(i);
  }
  if (keep.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "record ", c.id(), ": no framework left after removing the mobile ions"));
  }
  if (o.uniform_radius_angstrom > 0) {
    radii.assign(keep.size(), o.uniform_radius_angstrom);
  } else {
    // Coordination numbers from the full structure's tessellation.
    ASSIGN_OR_RETURN(const voronoi::Tessellation full, voronoi::Tessellate(c));
    const auto nns = voronoi::NormalizedNeighbors(full, voronoi::Weight::kSolidAngle);
    for (int i : keep) {
      double sum = 0, occ = 0;
      for (const auto& oc : c.sites(i).occupants()) {
        if (oc.atomic_number() == o.mobile_atomic_number) continue;
        if (!oc.has_oxidation_state()) {
          return absl::InvalidArgumentError(absl::StrCat(
              "record ", c.id(), ": site ", c.sites(i).label(),
              " has no oxidation state (needed for Shannon radii)"));
        }
        const double q = oc.oxidation_state();
        int cn = 0;
        for (const voronoi::Neighbor& nb : nns[i]) {
          if (nb.weight < 0.5) continue;
          for (const auto& on : c.sites(nb.site).occupants()) {
            if (on.has_oxidation_state() && on.oxidation_state() * q < 0) {
              ++cn;
              break;
            }
          }
        }
        if (cn == 0) cn = 6;
        auto r = FrameworkIonRadius(oc.atomic_number(), q, cn);
        if (!r.ok()) {
          return absl::InvalidArgumentError(
              absl::StrCat("record ", c.id(), ": ", r.status().message()));
        }
        sum += oc.occupancy() * *r;
        occ += oc.occupancy();
      }
      radii.push_back(sum / occ);
    }
  }
  for (int i : keep) *framework.add_sites() = c.sites(i);
  auto r = FreeSpheres(framework, radii);
  if (!r.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "record ", c.id(), ": ", r.status().message()));
  }
  return r;
}

namespace {

class CavdFreeSphereDescriptor : public describe::Descriptor {
 public:
  CavdFreeSphereDescriptor() {
    schema().Element("mobile_element", &options_.mobile_atomic_number, "Li")
        .Help("element removed before the analysis");
    schema().Number("uniform_radius_angstrom", &options_.uniform_radius_angstrom, 0)
        .Unit("Å").AtLeast(0)
        .Help("> 0: this radius for every framework ion instead of Shannon "
              "radii");
  }
  std::vector<std::string> feature_labels() const override {
    return {"largest_included_sphere_radius_angstrom",
            "free_sphere_radius_1d_angstrom", "free_sphere_radius_2d_angstrom",
            "free_sphere_radius_3d_angstrom"};
  }
  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    ASSIGN_OR_RETURN(FreeSphereResult r, CavdFreeSphere(c, options_));
    return std::vector<double>{r.included_radius_angstrom, r.free_radius_angstrom[0],
                               r.free_radius_angstrom[1], r.free_radius_angstrom[2]};
  }

 private:
  FreeSphereOptions options_;
};

}  // namespace

IONSCREEN_REGISTER_DESCRIPTOR(
    cavd_free_sphere, "cavd_free_sphere",
    "largest included and free (1D/2D/3D percolating) sphere radii of the "
    "framework's radical Voronoi network, mobile ions removed, Shannon radii "
    "(CAVD, He et al. 2020)",
    CavdFreeSphereDescriptor);

}  // namespace ionscreen::descriptors
