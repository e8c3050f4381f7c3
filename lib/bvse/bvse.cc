#include "lib/bvse/bvse.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>
#include <queue>
#include <thread>
#include <unordered_map>
#include <utility>

#include "Eigen/Dense"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "lib/base/status_macros.h"
#include "lib/base/union_find.h"
#include "lib/crystal/crystal_util.h"
#include "lib/element/element.h"

namespace ionscreen::bvse {
namespace {

// e^2 / (4 pi eps0) in eV*A.
constexpr double kCoulombEvAngstrom = 14.399645;
// Distances below this are clamped so a grid point on a nucleus stays finite.
constexpr double kMinDistanceAngstrom = 1e-3;

int FloorMod(int64_t a, int n) {
  int64_t r = a % n;
  return static_cast<int>(r < 0 ? r + n : r);
}

std::string IonName(int z, double q) {
  const element::Element& e = element::Get(z);
  std::string sign = q >= 0 ? "+" : "-";
  double a = std::fabs(q);
  if (std::fabs(a - std::round(a)) < 1e-9) {
    return absl::StrCat(e.symbol, sign, static_cast<int>(std::round(a)));
  }
  return absl::StrCat(e.symbol, sign, a);
}

// The softBV (Morse) parameters of the mobile ion (zm, qm) with the anion
// (z, q); q must be a whole number.
absl::StatusOr<const MorseParams*> SoftBvPair(const BvseParams& params, int zm,
                                              int qm, int z, double q) {
  const int qi = static_cast<int>(std::lround(q));
  const MorseParams* m =
      std::fabs(q - qi) < 1e-6 ? params.FindMorse(zm, qm, z, qi) : nullptr;
  if (m == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("no softBV parameters for the pair ", IonName(zm, qm),
                     "-", IonName(z, q)));
  }
  return m;
}

// One framework occupant and its pair potential with the test ion.
struct FrameworkIon {
  Eigen::Vector3d frac;
  double weight = 1;  // site occupancy
  bool morse = false;
  MorseParams m{};
  double coulomb_prefactor_ev_angstrom = 0;  // 14.4 q_j q_m / sqrt(n_j n_m)
  double screening_length_angstrom = 1;      // f (rc_j + rc_m)

  double Energy(double r) const {
    if (morse) {
      double e = std::exp(m.alpha_per_angstrom * (m.r_min_angstrom - r));
      return 0.5 * m.d0_ev * ((e - 1) * (e - 1) - 1);
    }
    return coulomb_prefactor_ev_angstrom / r *
           std::erfc(r / screening_length_angstrom);
  }
};

// E(u = R^2) of one pair potential: exact below kExactRadius (the steep
// wall, few grid points) and linearly interpolated in u from a table beyond,
// where |d2E/du2| is small enough that the error stays below ~1e-7 eV per
// pair (tests/bvse oracle: exact numpy sums agree to ~1e-5 eV, the float32
// storage). exp/erfc would otherwise dominate
// the run time.
constexpr double kExactRadiusAngstrom = 2.5;
constexpr double kTableStepAngstrom2 = 1e-3;

class PairTable {
 public:
  // min_r clamps distances (a grid point on a nucleus stays finite); the
  // paper model passes 0, as the authors' code does not clamp.
  PairTable(const FrameworkIon& ion, double rcut,
            double min_r = kMinDistanceAngstrom)
      : ion_(ion), min_r_(min_r) {
    u0_ = kExactRadiusAngstrom * kExactRadiusAngstrom;
    const size_t n =
        rcut * rcut > u0_
            ? static_cast<size_t>(std::ceil((rcut * rcut - u0_) /
                                            kTableStepAngstrom2)) + 2
            : 0;
    table_.resize(n);
    for (size_t i = 0; i < n; ++i) {
      table_[i] = ion.Energy(std::sqrt(u0_ + i * kTableStepAngstrom2));
    }
  }
  double Energy(double u) const {
    if (u < u0_) {
      return ion_.Energy(std::max(std::sqrt(std::max(u, 0.0)), min_r_));
    }
    const double t = (u - u0_) * (1.0 / kTableStepAngstrom2);
    const size_t i = static_cast<size_t>(t);
    const double f = t - i;
    return table_[i] + f * (table_[i + 1] - table_[i]);
  }

 private:
  FrameworkIon ion_;
  double min_r_;
  double u0_;
  std::vector<double> table_;
};

absl::StatusOr<std::vector<FrameworkIon>> BuildFramework(
    const crystal::Crystal& c, const BvseParams& params,
    const BvseOptions& o) {
  const int zm = o.mobile_atomic_number;
  const int qm = o.mobile_valence;
  ASSIGN_OR_RETURN(const element::Element* mobile,
                   element::ByAtomicNumber(zm));
  if (qm <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "mobile valence must be positive (only cation test ions have "
        "softBV parameters here), got ",
        qm));
  }
  const int n_m = params.PrincipalQuantumNumber(zm);
  if (n_m == 0) {
    return absl::NotFoundError(absl::StrCat(
        "no principal quantum number for mobile element ", mobile->symbol));
  }
  bool has_mobile = false;
  std::vector<FrameworkIon> ions;
  for (int s = 0; s < c.sites_size(); ++s) {
    const crystal::Site& site = c.sites(s);
    for (const crystal::Occupant& occ : site.occupants()) {
      if (occ.atomic_number() == zm) {
        has_mobile = true;
        continue;  // the mobile ions are not part of the framework
      }
      ASSIGN_OR_RETURN(const element::Element* el,
                       element::ByAtomicNumber(occ.atomic_number()));
      if (!occ.has_oxidation_state()) {
        return absl::FailedPreconditionError(absl::StrCat(
            "site ", s, " (", site.label(), ") ", el->symbol,
            " has no oxidation state; assign oxidation states first"));
      }
      const double q = occ.oxidation_state();
      if (std::fabs(q) < 1e-9) continue;  // neutral: no interaction
      FrameworkIon ion;
      ion.frac = crystal::FracPosition(site);
      ion.weight = occ.occupancy();
      if (q < 0) {
        ASSIGN_OR_RETURN(const MorseParams* m,
                         SoftBvPair(params, zm, qm, occ.atomic_number(), q));
        ion.morse = true;
        ion.m = *m;
      } else {
        const int n_j = params.PrincipalQuantumNumber(occ.atomic_number());
        if (n_j == 0) {
          return absl::NotFoundError(
              absl::StrCat("no principal quantum number for ", el->symbol,
                           " (needed for the pair ", IonName(zm, qm), "-",
                           IonName(occ.atomic_number(), q), ")"));
        }
        ion.coulomb_prefactor_ev_angstrom =
            kCoulombEvAngstrom * q * qm / std::sqrt(1.0 * n_j * n_m);
        ion.screening_length_angstrom =
            o.screening_factor *
            (el->covalent_radius_angstrom + mobile->covalent_radius_angstrom);
      }
      ions.push_back(ion);
    }
  }
  if (!has_mobile) {
    return absl::InvalidArgumentError(
        absl::StrCat("structure contains no ", mobile->symbol,
                     " (the mobile ion)"));
  }
  return ions;
}

// Half-widths, in fractional units, of the box that holds a sphere of
// radius r: r * |column i of L^-1|.
Eigen::Vector3d SphereHalfWidths(const Eigen::Matrix3d& inv, double r) {
  return Eigen::Vector3d(r * inv.col(0).norm(), r * inv.col(1).norm(),
                         r * inv.col(2).norm());
}

// A grid of the given shape, all zero; refused over o.max_grid_points.
absl::StatusOr<Grid> ZeroGrid(const std::array<int, 3>& shape,
                              const BvseOptions& o) {
  Grid g;
  g.n = shape;
  const int64_t points = static_cast<int64_t>(g.n[0]) * g.n[1] * g.n[2];
  if (points > o.max_grid_points) {
    return absl::OutOfRangeError(absl::StrCat(
        "grid of ", g.n[0], "x", g.n[1], "x", g.n[2], " = ", points,
        " points exceeds --max_grid_points=", o.max_grid_points,
        " (coarsen --resolution or raise --max_grid_points)"));
  }
  g.energy_ev.assign(points, 0.0);
  return g;
}

// Runs fn(0) .. fn(threads - 1), on `threads` threads when more than one.
template <typename Fn>
void RunThreads(int threads, const Fn& fn) {
  if (threads == 1) {
    fn(0);
    return;
  }
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(fn, t);
  for (std::thread& t : pool) t.join();
}

// Grid point indices by increasing energy (ties by index), the start of
// both percolation searches; sets out->e_min_ev unless the grid is empty.
std::vector<int32_t> ByEnergy(const Grid& g, PercolationBarriers* out) {
  std::vector<int32_t> order(g.energy_ev.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](int32_t x, int32_t y) {
    const double ex = g.energy_ev[x], ey = g.energy_ev[y];
    return ex < ey || (ex == ey && x < y);
  });
  if (!order.empty()) out->e_min_ev = g.energy_ev[order[0]];
  return order;
}

}  // namespace

std::array<int, 3> GridShape(const crystal::Crystal& c,
                             double resolution_angstrom) {
  Eigen::Matrix3d l = crystal::LatticeMatrix(c);
  std::array<int, 3> n;
  for (int i = 0; i < 3; ++i) {
    // Clamped before the cast (a huge cell or a tiny resolution must not
    // overflow int); the caller refuses grids over max_grid_points.
    n[i] = std::max(1, static_cast<int>(std::min(
                           1e9, std::ceil(l.row(i).norm() / resolution_angstrom -
                                          1e-9))));
  }
  return n;
}

absl::StatusOr<Grid> ComputeEnergyGrid(const crystal::Crystal& c,
                                       const BvseParams& params,
                                       const BvseOptions& o) {
  if (!(o.resolution_angstrom > 0) || !(o.rcut_angstrom > 0)) {
    return absl::InvalidArgumentError("resolution and rcut must be positive");
  }
  RETURN_IF_ERROR(crystal::Validate(c));
  ASSIGN_OR_RETURN(std::vector<FrameworkIon> ions,
                   BuildFramework(c, params, o));
  ASSIGN_OR_RETURN(Grid g,
                   ZeroGrid(GridShape(c, o.resolution_angstrom), o));
  const Eigen::Matrix3d l = crystal::LatticeMatrix(c);
  const Eigen::Vector3d a = l.row(0), b = l.row(1), cv = l.row(2);
  const Eigen::Matrix3d inv = l.inverse();
  const double rc = o.rcut_angstrom;
  const Eigen::Vector3d h = SphereHalfWidths(inv, rc);
  const double cc = cv.squaredNorm();
  const int n0 = g.n[0], n1 = g.n[1], n2 = g.n[2];
  // Scatter each ion onto the grid points (all images) within rcut; the k
  // range of each (i, j) row is solved exactly so no point is wasted.
  // One table per distinct pair potential (ions of one species and state
  // share it).
  std::vector<PairTable> tables;
  std::vector<size_t> table_of(ions.size());
  {
    std::map<std::tuple<bool, double, double, double, double, double>, size_t>
        index;
    for (size_t n = 0; n < ions.size(); ++n) {
      const FrameworkIon& x = ions[n];
      auto key = std::make_tuple(
          x.morse, x.m.r_min_angstrom, x.m.alpha_per_angstrom, x.m.d0_ev,
          x.coulomb_prefactor_ev_angstrom, x.screening_length_angstrom);
      auto [it, inserted] = index.emplace(key, tables.size());
      if (inserted) tables.emplace_back(x, rc);
      table_of[n] = it->second;
    }
  }
  // Threads own disjoint grid planes (i mod threads) and all visit the ions
  // in the same order, so every point's sum is bitwise the serial one.
  const int threads = std::max(1, std::min(o.threads, n0));
  auto scatter = [&](int tid) {
    for (size_t n = 0; n < ions.size(); ++n) {
      const FrameworkIon& ion = ions[n];
      const PairTable& pt = tables[table_of[n]];
      const double rc2 = rc * rc;
      Eigen::Vector3d f = ion.frac;
      for (int d = 0; d < 3; ++d) f[d] -= std::floor(f[d]);
      const int64_t i_lo = std::ceil((f[0] - h[0]) * n0);
      const int64_t i_hi = std::floor((f[0] + h[0]) * n0);
      const int64_t j_lo = std::ceil((f[1] - h[1]) * n1);
      const int64_t j_hi = std::floor((f[1] + h[1]) * n1);
      for (int64_t i = i_lo; i <= i_hi; ++i) {
        const Eigen::Vector3d va =
            (static_cast<double>(i) / n0 - f[0]) * a - f[2] * cv;
        const int ii = FloorMod(i, n0);
        if (ii % threads != tid) continue;  // rows owned by another thread
        for (int64_t j = j_lo; j <= j_hi; ++j) {
          const Eigen::Vector3d base =
              va + (static_cast<double>(j) / n1 - f[1]) * b;
          const double bc = base.dot(cv);
          const double bb = base.squaredNorm();
          const double disc = bc * bc - cc * (bb - rc * rc);
          if (disc < 0) continue;
          const double sq = std::sqrt(disc);
          const int64_t k_lo = std::ceil((-bc - sq) / cc * n2);
          const int64_t k_hi = std::floor((-bc + sq) / cc * n2);
          const size_t row = g.Index(ii, FloorMod(j, n1), 0);
          int kk = FloorMod(k_lo, n2);
          for (int64_t k = k_lo; k <= k_hi; ++k) {
            const double t = static_cast<double>(k) / n2;
            const double r2 = bb + t * (2 * bc + t * cc);
            if (r2 <= rc2) g.energy_ev[row + kk] += ion.weight * pt.Energy(r2);
            if (++kk == n2) kk = 0;
          }
        }
      }
    }
  };
  RunThreads(threads, scatter);
  return g;
}

namespace {

using Vec3i = std::array<int64_t, 3>;

bool IsZero(const Vec3i& v) { return v[0] == 0 && v[1] == 0 && v[2] == 0; }

Vec3i Cross(const Vec3i& u, const Vec3i& v) {
  return {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2],
          u[0] * v[1] - u[1] * v[0]};
}

// Up to three linearly independent period vectors of one component.
struct PeriodBasis {
  std::vector<Vec3i> v;
  // Adds `x` when it raises the rank; returns the rank.
  int Add(const Vec3i& x) {
    if (IsZero(x) || v.size() == 3) return v.size();
    if (v.empty()) {
      v.push_back(x);
    } else if (v.size() == 1) {
      if (!IsZero(Cross(v[0], x))) v.push_back(x);
    } else {
      const Vec3i n = Cross(v[0], v[1]);
      if (n[0] * x[0] + n[1] * x[1] + n[2] * x[2] != 0) v.push_back(x);
    }
    return v.size();
  }
};

// Union-find whose nodes carry their lattice offset relative to the parent:
// in the component's unwrapped embedding, copy(x) = copy(parent) + off[x].
class PeriodicUnionFind {
 public:
  explicit PeriodicUnionFind(size_t n)
      : parent_(n), size_(n, 1), off_(n, Vec3i{0, 0, 0}) {
    for (size_t i = 0; i < n; ++i) parent_[i] = i;
  }

  // Root of x and x's offset relative to it (with path compression).
  int32_t Find(int32_t x, Vec3i* offset) {
    path_.clear();
    int32_t r = x;
    while (parent_[r] != r) {
      path_.push_back(r);
      r = parent_[r];
    }
    Vec3i acc{0, 0, 0};
    for (auto it = path_.rbegin(); it != path_.rend(); ++it) {
      for (int d = 0; d < 3; ++d) acc[d] += off_[*it][d];
      off_[*it] = acc;
      parent_[*it] = r;
    }
    *offset = path_.empty() ? Vec3i{0, 0, 0} : off_[x];
    return r;
  }

  // Records that x and the copy of y shifted by `shift` touch. Returns the
  // rank of the resulting component's period lattice.
  int Connect(int32_t x, int32_t y, const Vec3i& shift) {
    Vec3i ox, oy;
    const int32_t rx = Find(x, &ox);
    const int32_t ry = Find(y, &oy);
    // Position of the touching copy of y in rx's frame minus y's position in
    // ry's frame: the translation between the two frames.
    Vec3i t;
    for (int d = 0; d < 3; ++d) t[d] = ox[d] + shift[d] - oy[d];
    if (rx == ry) {
      return IsZero(t) ? Rank(rx) : basis_[rx].Add(t);
    }
    int32_t big = rx, small = ry;
    Vec3i small_off = t;  // ry's frame origin in rx's frame
    if (size_[rx] < size_[ry]) {
      big = ry;
      small = rx;
      for (int d = 0; d < 3; ++d) small_off[d] = -t[d];
    }
    parent_[small] = big;
    off_[small] = small_off;
    size_[big] += size_[small];
    auto it = basis_.find(small);
    if (it != basis_.end()) {
      PeriodBasis moved = std::move(it->second);
      basis_.erase(it);
      PeriodBasis& dst = basis_[big];
      for (const Vec3i& v : moved.v) dst.Add(v);
    }
    return Rank(big);
  }

 private:
  int Rank(int32_t r) const {
    auto it = basis_.find(r);
    return it == basis_.end() ? 0 : it->second.v.size();
  }
  std::vector<int32_t> parent_;
  std::vector<int32_t> size_;
  std::vector<Vec3i> off_;
  std::unordered_map<int32_t, PeriodBasis> basis_;
  std::vector<int32_t> path_;
};

}  // namespace

PercolationBarriers ComputePercolation(const Grid& g) {
  PercolationBarriers out;
  const std::vector<int32_t> order = ByEnergy(g, &out);
  const size_t n = order.size();
  if (n == 0) return out;
  std::vector<char> active(n, 0);
  PeriodicUnionFind uf(n);
  const int n0 = g.n[0], n1 = g.n[1], n2 = g.n[2];
  int max_rank = 0;
  for (int32_t u : order) {
    active[u] = 1;
    const int i = u / (n1 * n2), j = (u / n2) % n1, k = u % n2;
    for (int di = -1; di <= 1; ++di) {
      for (int dj = -1; dj <= 1; ++dj) {
        for (int dk = -1; dk <= 1; ++dk) {
          if (di == 0 && dj == 0 && dk == 0) continue;
          const int a = i + di, b = j + dj, c = k + dk;
          const Vec3i shift{a < 0 ? -1 : (a >= n0 ? 1 : 0),
                            b < 0 ? -1 : (b >= n1 ? 1 : 0),
                            c < 0 ? -1 : (c >= n2 ? 1 : 0)};
          const int32_t v = g.Index(a - shift[0] * n0, b - shift[1] * n1,
                                    c - shift[2] * n2);
          if (!active[v]) continue;
          const int rank = uf.Connect(u, v, shift);
          while (max_rank < rank) {
            out.ea_ev[max_rank] = g.energy_ev[u] - out.e_min_ev;
            ++max_rank;
          }
        }
      }
    }
    if (max_rank == 3) break;
  }
  return out;
}

absl::StatusOr<HopPath> ComputeHopPath(const crystal::Crystal& c,
                                       const Grid& g, double e_min_ev,
                                       const BvseOptions& o) {
  const Eigen::Matrix3d l = crystal::LatticeMatrix(c);
  std::vector<int> mobile;
  for (int s = 0; s < c.sites_size(); ++s) {
    for (const auto& occ : c.sites(s).occupants()) {
      if (occ.atomic_number() == o.mobile_atomic_number) {
        mobile.push_back(s);
        break;
      }
    }
  }
  if (mobile.empty()) {
    return absl::InvalidArgumentError("no mobile-ion site for a hop path");
  }
  // Shortest hop between distinct positions (> 0.5 A, so split sites of a
  // disordered structure do not count as a hop).
  double best = std::numeric_limits<double>::infinity();
  int bs = -1, be = -1;
  Vec3i bimg{0, 0, 0};
  for (int s : mobile) {
    for (int e : mobile) {
      for (int x = -2; x <= 2; ++x) {
        for (int y = -2; y <= 2; ++y) {
          for (int z = -2; z <= 2; ++z) {
            Eigen::Vector3d df = crystal::FracPosition(c.sites(e)) +
                                 Eigen::Vector3d(x, y, z) -
                                 crystal::FracPosition(c.sites(s));
            const double d = (df.transpose() * l).norm();
            if (d > 0.5 && d < best - 1e-9) {
              best = d;
              bs = s;
              be = e;
              bimg = {x, y, z};
            }
          }
        }
      }
    }
  }
  if (bs < 0) return absl::InvalidArgumentError("no mobile-ion hop found");
  const Eigen::Vector3d fs = crystal::FracPosition(c.sites(bs));
  const Eigen::Vector3d fe = crystal::FracPosition(c.sites(be)) +
                             Eigen::Vector3d(bimg[0], bimg[1], bimg[2]);
  const Eigen::Vector3d fmid = 0.5 * (fs + fe);
  const Eigen::Vector3d cmid = l.transpose() * fmid;
  const double radius = 0.5 * best + o.hop_margin_angstrom;
  const Eigen::Vector3d h = SphereHalfWidths(l.inverse(), radius);
  std::array<int64_t, 3> lo, dim;
  for (int d = 0; d < 3; ++d) {
    lo[d] = std::floor((fmid[d] - h[d]) * g.n[d]);
    dim[d] = std::ceil((fmid[d] + h[d]) * g.n[d]) - lo[d] + 1;
  }
  const size_t box = dim[0] * dim[1] * dim[2];
  if (box > static_cast<size_t>(o.max_grid_points)) {
    return absl::OutOfRangeError("hop search region exceeds --max_grid_points (raise it)");
  }
  auto unwrapped_frac = [&](int64_t i, int64_t j, int64_t k) {
    return Eigen::Vector3d(static_cast<double>(i) / g.n[0],
                           static_cast<double>(j) / g.n[1],
                           static_cast<double>(k) / g.n[2]);
  };
  // Energy per box voxel; +inf outside the search sphere.
  std::vector<double> e(box, std::numeric_limits<double>::infinity());
  for (int64_t a = 0; a < dim[0]; ++a) {
    for (int64_t b = 0; b < dim[1]; ++b) {
      for (int64_t k = 0; k < dim[2]; ++k) {
        const Eigen::Vector3d f =
            unwrapped_frac(lo[0] + a, lo[1] + b, lo[2] + k);
        if ((l.transpose() * f - cmid).norm() > radius) continue;
        e[(a * dim[1] + b) * dim[2] + k] = g.energy_ev[g.Index(
            FloorMod(lo[0] + a, g.n[0]), FloorMod(lo[1] + b, g.n[1]),
            FloorMod(lo[2] + k, g.n[2]))];
      }
    }
  }
  auto box_index = [&](const Eigen::Vector3d& f) -> int64_t {
    std::array<int64_t, 3> q;
    for (int d = 0; d < 3; ++d) {
      q[d] = std::llround(f[d] * g.n[d]) - lo[d];
      q[d] = std::clamp<int64_t>(q[d], 0, dim[d] - 1);
    }
    return (q[0] * dim[1] + q[1]) * dim[2] + q[2];
  };
  const int64_t src = box_index(fs), dst = box_index(fe);
  auto coords = [&](int64_t x) {
    return std::array<int64_t, 3>{x / (dim[1] * dim[2]), (x / dim[2]) % dim[1],
                                  x % dim[2]};
  };
  auto for_neighbours = [&](int64_t x, auto&& fn) {
    const auto q = coords(x);
    for (int da = -1; da <= 1; ++da)
      for (int db = -1; db <= 1; ++db)
        for (int dc = -1; dc <= 1; ++dc) {
          if (!da && !db && !dc) continue;
          const int64_t a = q[0] + da, b = q[1] + db, k = q[2] + dc;
          if (a < 0 || b < 0 || k < 0 || a >= dim[0] || b >= dim[1] ||
              k >= dim[2])
            continue;
          const int64_t y = (a * dim[1] + b) * dim[2] + k;
          if (std::isinf(e[y])) continue;
          fn(y, Eigen::Vector3d(da, db, dc));
        }
  };
  using Item = std::pair<double, int64_t>;
  // Pass 1: bottleneck (minimax) level between the two sites.
  std::vector<double> level(box, std::numeric_limits<double>::infinity());
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> pq;
  level[src] = e[src];
  pq.push({e[src], src});
  while (!pq.empty()) {
    auto [lv, x] = pq.top();
    pq.pop();
    if (lv > level[x]) continue;
    if (x == dst) break;
    for_neighbours(x, [&](int64_t y, const Eigen::Vector3d&) {
      const double nl = std::max(lv, e[y]);
      if (nl < level[y]) {
        level[y] = nl;
        pq.push({nl, y});
      }
    });
  }
  const double bottleneck = level[dst];
  if (std::isinf(bottleneck)) {
    return absl::InternalError("hop end points are not connected");
  }
  // Pass 2: shortest path within {E <= bottleneck}.
  Eigen::Matrix3d step_cart;  // rows: one grid step along a, b, c
  for (int d = 0; d < 3; ++d) step_cart.row(d) = l.row(d) / g.n[d];
  std::vector<double> dist(box, std::numeric_limits<double>::infinity());
  std::vector<int64_t> prev(box, -1);
  dist[src] = 0;
  pq = {};  // drop what pass 1 left queued
  pq.push({0.0, src});
  while (!pq.empty()) {
    auto [dx, x] = pq.top();
    pq.pop();
    if (dx > dist[x]) continue;
    if (x == dst) break;
    for_neighbours(x, [&](int64_t y, const Eigen::Vector3d& step) {
      if (e[y] > bottleneck) return;
      const double nd = dx + (step.transpose() * step_cart).norm();
      if (nd < dist[y]) {
        dist[y] = nd;
        prev[y] = x;
        pq.push({nd, y});
      }
    });
  }
  std::vector<int64_t> path;
  for (int64_t x = dst; x != -1; x = prev[x]) path.push_back(x);
  std::reverse(path.begin(), path.end());
  HopPath hop;
  hop.set_start_site(bs);
  hop.set_end_site(be);
  for (int d = 0; d < 3; ++d) hop.add_end_image(bimg[d]);
  hop.set_hop_distance_angstrom(best);
  hop.set_path_length_angstrom(dist[dst]);
  hop.set_barrier_ev(bottleneck - std::min(e[src], e[dst]));
  for (int64_t x : path) {
    const auto q = coords(x);
    const Eigen::Vector3d f =
        unwrapped_frac(lo[0] + q[0], lo[1] + q[1], lo[2] + q[2]);
    PathPoint* p = hop.add_points();
    p->set_frac_x(f[0]);
    p->set_frac_y(f[1]);
    p->set_frac_z(f[2]);
    p->set_energy_ev(e[x] - e_min_ev);
  }
  return hop;
}

// ---------------------------------------------------------------------------
// The authors' model (BVAnalysis.py).

namespace {

// e^2 / (4 pi eps0) as the authors round it.
constexpr double kPaperCoulomb = 14.4;
constexpr double kPaperHardCore = 300.0;
constexpr double kPaperScreening = 0.74;
constexpr double kPaperWindowEv = 20.0;
constexpr double kPaperTolEv = 0.01;

// One occupant of a cation (or neutral) site as the Coulomb loop sees it.
struct PaperCation {
  double radius_angstrom;  // hard core and screening
  double weight;           // occupancy
  size_t table;            // Coulomb q_m q_j / sqrt(n_m n_j) / r erfc(..)
};
struct PaperAnion {
  double weight;
  double d0_ev;
  size_t table;  // (exp(alpha (R_min - r)) - 1)^2 - 1
};
struct PaperSite {
  bool anion = false;  // sign of the first occupant, as Site.GetIronType
  std::vector<PaperAnion> anions;
  std::vector<PaperCation> cations;  // mobile occupants left out
};

}  // namespace

absl::StatusOr<double> PaperChargeBalance(const crystal::Crystal& c,
                                          const BvseParams& params,
                                          const BvseOptions& o) {
  std::map<int, double> per_element;
  for (const crystal::Site& site : c.sites()) {
    for (const crystal::Occupant& occ : site.occupants()) {
      if (!occ.has_oxidation_state()) {
        return absl::FailedPreconditionError(absl::StrCat(
            "site ", site.label(), " has an occupant without oxidation state"));
      }
      const double q = occ.oxidation_state();
      if (std::fabs(q) < 1e-9) continue;
      const int n = params.PrincipalQuantumNumber(occ.atomic_number());
      if (n == 0) {
        return absl::NotFoundError(absl::StrCat(
            "no principal quantum number for ",
            element::Get(occ.atomic_number()).symbol));
      }
      per_element[occ.atomic_number()] +=
          q * occ.occupancy() / std::sqrt(static_cast<double>(n));
    }
  }
  double cation = 0, anion = 0;
  for (const auto& [z, v] : per_element) (v > 0 ? cation : anion) += v;
  if (cation <= 0 || anion >= 0) {
    return absl::InvalidArgumentError(
        "charge balance factor needs both cations and anions");
  }
  // Mobile cation: -anion / cation (the authors' branch for valence > 0).
  (void)o;
  return -anion / cation;
}

std::array<int, 3> PaperGridShape(const crystal::Crystal& c,
                                  double resolution_angstrom) {
  const Eigen::Matrix3d l = crystal::LatticeMatrix(c);
  std::array<int, 3> n;
  for (int i = 0; i < 3; ++i) {
    n[i] = static_cast<int>(std::min(1e9, l.row(i).norm() / resolution_angstrom)) + 1;
  }
  return n;
}

absl::StatusOr<Grid> ComputePaperEnergyGrid(const crystal::Crystal& c,
                                            const BvseParams& params,
                                            const BvseOptions& o) {
  if (!(o.resolution_angstrom > 0) || !(o.rcut_angstrom > 0) ||
      o.paper_neighbors <= 0) {
    return absl::InvalidArgumentError(
        "resolution, rcut and paper_neighbors must be positive");
  }
  if (!params.has_paper_radii()) {
    return absl::FailedPreconditionError(
        "the paper model needs paper_radii.tsv (the authors' ionic radii) "
        "in the parameter folder");
  }
  RETURN_IF_ERROR(crystal::Validate(c));
  const int zm = o.mobile_atomic_number, qm = o.mobile_valence;
  const int n_m = params.PrincipalQuantumNumber(zm);
  const double r_m = params.PaperRadius(zm, qm);
  if (n_m == 0 || r_m <= 0) {
    return absl::NotFoundError(absl::StrCat(
        "no principal quantum number or paper radius for the mobile ion ",
        IonName(zm, qm)));
  }
  ASSIGN_OR_RETURN(const double qsum, PaperChargeBalance(c, params, o));
  const double q_m = qm / std::sqrt(static_cast<double>(n_m));
  // Pair tables, one per distinct potential.
  std::vector<PairTable> tables;
  std::map<std::tuple<bool, double, double, double, double>, size_t> index;
  auto table_for = [&](const FrameworkIon& x) {
    auto key = std::make_tuple(x.morse, x.m.r_min_angstrom,
                               x.m.alpha_per_angstrom,
                               x.coulomb_prefactor_ev_angstrom,
                               x.screening_length_angstrom);
    auto [it, inserted] = index.emplace(key, tables.size());
    if (inserted) tables.emplace_back(x, o.rcut_angstrom, 0.0);
    return it->second;
  };
  bool has_mobile = false;
  std::vector<PaperSite> sites(c.sites_size());
  for (int s = 0; s < c.sites_size(); ++s) {
    const crystal::Site& site = c.sites(s);
    PaperSite& ps = sites[s];
    if (site.occupants_size() > 0) {
      ps.anion = site.occupants(0).oxidation_state() * qm < 0;
    }
    for (const crystal::Occupant& occ : site.occupants()) {
      if (!occ.has_oxidation_state()) {
        return absl::FailedPreconditionError(absl::StrCat(
            "site ", s, " (", site.label(), ") has no oxidation state"));
      }
      const double q = occ.oxidation_state();
      const int qi = static_cast<int>(std::lround(q));
      if (occ.atomic_number() == zm) has_mobile = true;
      if (ps.anion) {
        ASSIGN_OR_RETURN(const MorseParams* m,
                         SoftBvPair(params, zm, qm, occ.atomic_number(), q));
        FrameworkIon ion;
        ion.morse = true;
        ion.m = *m;
        ion.m.d0_ev = 2;  // the table holds (..)^2 - 1; D0 / 2 comes later
        ps.anions.push_back({occ.occupancy(), m->d0_ev, table_for(ion)});
      } else if (occ.atomic_number() != zm) {
        const int n_j = params.PrincipalQuantumNumber(occ.atomic_number());
        const double r_j = std::fabs(q - qi) < 1e-6
                               ? params.PaperRadius(occ.atomic_number(), qi)
                               : 0;
        if (n_j == 0 || r_j <= 0) {
          return absl::NotFoundError(absl::StrCat(
              "no paper radius or principal quantum number for ",
              IonName(occ.atomic_number(), q)));
        }
        FrameworkIon ion;
        ion.coulomb_prefactor_ev_angstrom =
            q_m * q / std::sqrt(static_cast<double>(n_j));
        ion.screening_length_angstrom = kPaperScreening * (r_m + r_j);
        ps.cations.push_back({r_j, occ.occupancy(), table_for(ion)});
      }
    }
  }
  if (!has_mobile) {
    return absl::InvalidArgumentError(absl::StrCat(
        "structure contains no ", element::Get(zm).symbol,
        " (the mobile ion)"));
  }
  // The authors' 5x5x5 supercell of sites (positions wrapped to [0, 1)).
  const Eigen::Matrix3d l = crystal::LatticeMatrix(c);
  std::vector<Eigen::Vector3d> pos;
  std::vector<int> site_of;
  for (int s = 0; s < c.sites_size(); ++s) {
    Eigen::Vector3d f = crystal::FracPosition(c.sites(s));
    for (int d = 0; d < 3; ++d) f[d] -= std::floor(f[d]);
    for (int x = -2; x <= 2; ++x)
      for (int y = -2; y <= 2; ++y)
        for (int z = -2; z <= 2; ++z) {
          pos.push_back(l.transpose() * (f + Eigen::Vector3d(x, y, z)));
          site_of.push_back(s);
        }
  }
  const size_t k_nn =
      std::min<size_t>(static_cast<size_t>(o.paper_neighbors), pos.size());
  ASSIGN_OR_RETURN(Grid g,
                   ZeroGrid(PaperGridShape(c, o.resolution_angstrom), o));
  auto cart = [&](int i, int j, int k) -> Eigen::Vector3d {
    const Eigen::Vector3d f(g.n[0] > 1 ? i / (g.n[0] - 1.0) : 0,
                            g.n[1] > 1 ? j / (g.n[1] - 1.0) : 0,
                            g.n[2] > 1 ? k / (g.n[2] - 1.0) : 0);
    return l.transpose() * f;
  };
  const double rc = o.rcut_angstrom, rc2 = rc * rc;
  // Blocks of kB^3 points share one candidate list: every entry within
  // R_k(centre) + 2 delta of the block centre, which holds the k nearest
  // entries of any point within delta of the centre.
  constexpr int kB = 4;
  std::array<int, 3> nb;
  for (int d = 0; d < 3; ++d) nb[d] = (g.n[d] + kB - 1) / kB;
  const int threads = std::max(1, std::min(o.threads, nb[0]));
  auto work = [&](int tid) {
    std::vector<double> dc(pos.size());
    std::vector<double> tmp;
    std::vector<int> cand;
    std::vector<std::pair<double, int>> near;
    for (int bi = tid; bi < nb[0]; bi += threads)
      for (int bj = 0; bj < nb[1]; ++bj)
        for (int bk = 0; bk < nb[2]; ++bk) {
          const int i0 = bi * kB, j0 = bj * kB, k0 = bk * kB;
          const int i1 = std::min(i0 + kB, g.n[0]) - 1;
          const int j1 = std::min(j0 + kB, g.n[1]) - 1;
          const int k1 = std::min(k0 + kB, g.n[2]) - 1;
          const Eigen::Vector3d centre =
              0.5 * (cart(i0, j0, k0) + cart(i1, j1, k1));
          double delta = 0;
          for (int a : {i0, i1})
            for (int b : {j0, j1})
              for (int e : {k0, k1})
                delta = std::max(delta, (cart(a, b, e) - centre).norm());
          for (size_t x = 0; x < pos.size(); ++x)
            dc[x] = (pos[x] - centre).norm();
          tmp = dc;
          std::nth_element(tmp.begin(), tmp.begin() + (k_nn - 1), tmp.end());
          const double reach = tmp[k_nn - 1] + 2 * delta + 1e-9;
          cand.clear();
          for (size_t x = 0; x < pos.size(); ++x)
            if (dc[x] <= reach) cand.push_back(x);
          for (int i = i0; i <= i1; ++i)
            for (int j = j0; j <= j1; ++j)
              for (int k = k0; k <= k1; ++k) {
                const Eigen::Vector3d p = cart(i, j, k);
                near.clear();
                for (int x : cand) near.push_back({(pos[x] - p).squaredNorm(), x});
                std::nth_element(near.begin(), near.begin() + (k_nn - 1),
                                 near.end());
                near.resize(k_nn);
                // The authors visit neighbours nearest first: D0 is that of
                // the farthest anion site; a hard-core hit resets the
                // Coulomb sum, so only cations beyond the farthest hit add.
                double far_anion = -1, d0 = 0, hard = -1;
                for (const auto& [u, x] : near) {
                  const PaperSite& s = sites[site_of[x]];
                  if (s.anion) {
                    if (u > far_anion && !s.anions.empty()) {
                      far_anion = u;
                      d0 = s.anions.back().d0_ev;
                    }
                  } else {
                    for (const PaperCation& pc : s.cations)
                      if (u <= pc.radius_angstrom * pc.radius_angstrom)
                        hard = std::max(hard, u);
                  }
                }
                double morse = 0, coulomb = 0;
                for (const auto& [u, x] : near) {
                  const PaperSite& s = sites[site_of[x]];
                  if (s.anion) {
                    if (u > rc2) continue;
                    for (const PaperAnion& a : s.anions)
                      morse += a.weight * tables[a.table].Energy(u);
                  } else if (u > hard && u < rc2) {
                    for (const PaperCation& pc : s.cations)
                      if (u > pc.radius_angstrom * pc.radius_angstrom)
                        coulomb += pc.weight * tables[pc.table].Energy(u);
                  }
                }
                g.energy_ev[g.Index(i, j, k)] =
                    0.5 * d0 * morse +
                    kPaperCoulomb *
                        ((hard >= 0 ? kPaperHardCore : 0.0) + qsum * coulomb);
              }
        }
  };
  RunThreads(threads, work);
  return g;
}

double PaperBisection(double critical_ev) {
  double lo = 0, hi = kPaperWindowEv;
  while (hi - lo > kPaperTolEv) {
    const double mid = 0.5 * (hi + lo);
    if (mid > critical_ev) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return hi >= kPaperWindowEv ? 20000.0 : hi;
}

PercolationBarriers ComputePaperPercolation(const Grid& g) {
  PercolationBarriers out;
  const std::vector<int32_t> order = ByEnergy(g, &out);
  if (order.empty()) return out;
  // 2x2x2 tiling, no periodic wrap; union-find with a bounding box per root.
  const int t0 = 2 * g.n[0], t1 = 2 * g.n[1], t2 = 2 * g.n[2];
  if (std::max({t0, t1, t2}) > 65535) return out;  // grid limits forbid it
  const size_t tn = static_cast<size_t>(t0) * t1 * t2;
  std::vector<int32_t> parent(tn, -1);  // -1: not yet below the level
  std::vector<std::array<uint16_t, 6>> box(tn);  // lo xyz, hi xyz
  const std::array<int, 3> full = {t0, t1, t2};
  auto spans = [&](int32_t r) {
    int s = 0;
    for (int d = 0; d < 3; ++d)
      if (box[r][d] == 0 && box[r][3 + d] == full[d] - 1) ++s;
    return s;
  };
  std::array<double, 3> critical = {-1, -1, -1};
  int best = 0;
  for (int32_t u : order) {
    const int i = u / (g.n[1] * g.n[2]), j = (u / g.n[2]) % g.n[1],
              k = u % g.n[2];
    for (int c = 0; c < 8; ++c) {
      const int a = i + ((c >> 2) & 1) * g.n[0];
      const int b = j + ((c >> 1) & 1) * g.n[1];
      const int e = k + (c & 1) * g.n[2];
      const int32_t v = (static_cast<int64_t>(a) * t1 + b) * t2 + e;
      parent[v] = v;
      box[v] = {static_cast<uint16_t>(a), static_cast<uint16_t>(b),
                static_cast<uint16_t>(e), static_cast<uint16_t>(a),
                static_cast<uint16_t>(b), static_cast<uint16_t>(e)};
      int32_t root = v;
      for (int da = -1; da <= 1; ++da)
        for (int db = -1; db <= 1; ++db)
          for (int dc = -1; dc <= 1; ++dc) {
            const int x = a + da, y = b + db, z = e + dc;
            if ((!da && !db && !dc) || x < 0 || y < 0 || z < 0 || x >= t0 ||
                y >= t1 || z >= t2)
              continue;
            const int32_t w = (static_cast<int64_t>(x) * t1 + y) * t2 + z;
            if (parent[w] < 0) continue;
            const int32_t rw = base::FindRoot(parent, w);
            if (rw == root) continue;
            parent[rw] = root;
            for (int d = 0; d < 3; ++d) {
              box[root][d] = std::min(box[root][d], box[rw][d]);
              box[root][3 + d] = std::max(box[root][3 + d], box[rw][3 + d]);
            }
          }
      const int s = spans(root);
      while (best < s) critical[best++] = g.energy_ev[u] - out.e_min_ev;
    }
    if (best == 3) break;
  }
  for (int d = 0; d < 3; ++d) {
    out.ea_ev[d] = critical[d] < 0 ? 20000.0 : PaperBisection(critical[d]);
  }
  return out;
}

absl::Status CheckChargedInput(const crystal::Crystal& c,
                               const BvseOptions& o) {
  constexpr double kZero = 1e-9;
  bool anion = false;
  for (const crystal::Site& site : c.sites()) {
    for (const crystal::Occupant& occ : site.occupants()) {
      if (occ.atomic_number() == o.mobile_atomic_number) {
        if (occ.has_oxidation_state() && std::fabs(occ.oxidation_state()) < kZero) {
          return absl::FailedPreconditionError(absl::StrCat(
              "neutral input: the mobile ion ",
              element::Get(occ.atomic_number()).symbol, " (site ", site.label(),
              ") has oxidation state 0 (oxidation tier ",
              crystal::OxidationTier_Name(c.oxidation_tier()),
              "); assign states upstream (cif2proto --oxidation=auto)"));
        }
        continue;
      }
      if (!occ.has_oxidation_state()) return absl::OkStatus();
      anion |= occ.oxidation_state() < -kZero;
    }
  }
  if (!anion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "neutral input: no anion (no occupant with a negative oxidation "
        "state; oxidation tier ",
        crystal::OxidationTier_Name(c.oxidation_tier()), ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<BvseResult> RunBvse(const crystal::Crystal& c,
                                   const BvseParams& params,
                                   const BvseOptions& o) {
  const bool paper = o.model == BvseModel::kPaper;
  if (paper && o.hop_path) {
    return absl::InvalidArgumentError(
        "hop paths need the periodic grid of --model=bvlain");
  }
  // Validity (limits included) first: a record that is both invalid and
  // neutral is reported for what makes it unusable at all.
  RETURN_IF_ERROR(crystal::Validate(c));
  RETURN_IF_ERROR(CheckChargedInput(c, o));
  ASSIGN_OR_RETURN(Grid g, paper ? ComputePaperEnergyGrid(c, params, o)
                                 : ComputeEnergyGrid(c, params, o));
  const PercolationBarriers p =
      paper ? ComputePaperPercolation(g) : ComputePercolation(g);
  BvseResult r;
  r.set_id(c.id());
  r.set_mp_id(c.mp_id());
  for (int64_t id : c.icsd_ids()) r.add_icsd_ids(id);
  r.set_reduced_formula(c.reduced_formula());
  r.set_mobile_atomic_number(o.mobile_atomic_number);
  r.set_mobile_valence(o.mobile_valence);
  r.set_resolution_angstrom(o.resolution_angstrom);
  r.set_rcut_angstrom(o.rcut_angstrom);
  r.set_n_a(g.n[0]);
  r.set_n_b(g.n[1]);
  r.set_n_c(g.n[2]);
  r.set_e_min_ev(p.e_min_ev);
  r.set_ea_1d_ev(p.ea_ev[0]);
  r.set_ea_2d_ev(p.ea_ev[1]);
  r.set_ea_3d_ev(p.ea_ev[2]);
  int framework = 0;
  for (const auto& s : c.sites())
    for (const auto& occ : s.occupants())
      if (occ.atomic_number() != o.mobile_atomic_number &&
          std::fabs(occ.oxidation_state()) > 1e-9)
        ++framework;
  r.set_framework_ions(framework);
  if (o.hop_path) {
    ASSIGN_OR_RETURN(*r.mutable_hop(), ComputeHopPath(c, g, p.e_min_ev, o));
  }
  if (o.keep_grid) {
    EnergyGrid* eg = r.mutable_grid();
    eg->set_n_a(g.n[0]);
    eg->set_n_b(g.n[1]);
    eg->set_n_c(g.n[2]);
    eg->mutable_energy_ev()->Reserve(g.energy_ev.size());
    for (double v : g.energy_ev) eg->add_energy_ev(static_cast<float>(v));
  }
  return r;
}

std::string BvseTsvHeader() {
  return "id\tmp_id\ticsd_ids\tformula\tn_a\tn_b\tn_c\te_min_ev\t"
         "ea_1d_ev\tea_2d_ev\tea_3d_ev\thop_barrier_ev\n";
}

std::string BvseTsvRow(const BvseResult& r) {
  return absl::StrCat(
      r.id(), "\t", r.mp_id(), "\t", absl::StrJoin(r.icsd_ids(), ","), "\t",
      r.reduced_formula(), "\t", r.n_a(), "\t", r.n_b(), "\t", r.n_c(),
      "\t", absl::StrFormat("%.6f\t%.6f\t%.6f\t%.6f", r.e_min_ev(),
                            r.ea_1d_ev(), r.ea_2d_ev(), r.ea_3d_ev()),
      "\t",
      r.has_hop() ? absl::StrFormat("%.6f", r.hop().barrier_ev())
                  : std::string("NA"),
      "\n");
}

}  // namespace ionscreen::bvse
