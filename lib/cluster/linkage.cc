#include "lib/cluster/linkage.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <numeric>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "Eigen/Core"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/base/union_find.h"

namespace ionscreen::cluster {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Runs fn(t) for t in [0, threads) at once, t = 0 on the caller. Workers
// persist across calls: a chain run makes ~2N scans, so spawning threads per
// scan would cost more than the scan itself at small N. A scan at N = 20,000
// takes ~10 us, about what a futex wake-up costs, so both sides spin briefly
// before they sleep: sleeping on every hand-off cost 12 % of a Ward run's
// CPU in futex calls and context switches (perf, session 7).
class SplitRunner {
 public:
  explicit SplitRunner(int threads) : threads_(std::max(1, threads)) {
    for (int t = 1; t < threads_; ++t) {
      workers_.emplace_back([this, t] { Loop(t); });
    }
  }
  ~SplitRunner() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_.store(true, std::memory_order_relaxed);
      generation_.fetch_add(1, std::memory_order_release);
    }
    cv_.notify_all();
    for (std::thread& w : workers_) w.join();
  }
  int threads() const { return threads_; }

  void Run(const std::function<void(int)>& fn) {
    if (threads_ == 1) {
      fn(0);
      return;
    }
    fn_ = &fn;
    pending_.store(threads_ - 1, std::memory_order_relaxed);
    {
      // Under the lock, so that a worker about to sleep sees the change.
      std::lock_guard<std::mutex> lock(mu_);
      generation_.fetch_add(1, std::memory_order_release);
    }
    cv_.notify_all();
    fn(0);
    if (!SpinUntil([this] {
          return pending_.load(std::memory_order_acquire) == 0;
        })) {
      std::unique_lock<std::mutex> lock(mu_);
      done_cv_.wait(lock, [this] {
        return pending_.load(std::memory_order_acquire) == 0;
      });
    }
    fn_ = nullptr;
  }

 private:
  // Polls `ready` for up to spin_us_ microseconds; true once it holds. The
  // clock is read every 64 polls (a pause takes 3-150 cycles by CPU). The
  // budget adapts: a spin that runs out means the other thread was not
  // running (another process holds its core), where spinning only burns
  // the core it needs, so the budget halves; spins that succeed grow it
  // back. On an idle 2-core machine Ward at N = 20,000 took 9.0 s with a
  // fixed 200 us, 10.0 s with 50 us; beside a busy process 39 s and 20 s.
  template <typename Ready>
  bool SpinUntil(const Ready& ready) {
    constexpr int kMaxUs = 200, kMinUs = 10, kStepUs = 5;
    const int budget_us = spin_us_.load(std::memory_order_relaxed);
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::microseconds(budget_us);
    while (true) {
      for (int i = 0; i < 64; ++i) {
        if (ready()) {
          if (budget_us < kMaxUs) {
            spin_us_.store(std::min(kMaxUs, budget_us + kStepUs),
                           std::memory_order_relaxed);
          }
          return true;
        }
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
      }
      if (std::chrono::steady_clock::now() >= deadline) {
        spin_us_.store(std::max(kMinUs, budget_us / 2),
                       std::memory_order_relaxed);
        return ready();
      }
    }
  }

  void Loop(int t) {
    uint64_t seen = 0;
    while (true) {
      auto changed = [&] {
        return generation_.load(std::memory_order_acquire) != seen;
      };
      if (!SpinUntil(changed)) {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, changed);
      }
      seen = generation_.load(std::memory_order_acquire);
      if (stop_.load(std::memory_order_acquire)) return;
      (*fn_)(t);
      if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        // The caller may be asleep: wake it under the lock it checks under.
        std::lock_guard<std::mutex> lock(mu_);
        done_cv_.notify_one();
      }
    }
  }

  const int threads_;
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable done_cv_;
  const std::function<void(int)>* fn_ = nullptr;
  std::atomic<int> pending_{0};
  std::atomic<uint64_t> generation_{0};
  std::atomic<bool> stop_{false};
  std::atomic<int> spin_us_{200};  // SpinUntil's budget
};

// A distance matrix's storage, left uninitialised: every entry is written
// before it is read, and a std::vector would first zero all of it (a whole
// extra pass over the 3 GB of an n = 20,000 square matrix). No huge pages:
// on memory the machine has not used lately the kernel compacts to build
// them, which cost 7 s of system time at n = 20,000 (9.2 s vs 2.3 s; Ward
// 12.3 s vs 9.0 s wall, session 7), while the chain's reads (whole rows,
// and the lazy refresh's gathers) ran no slower on 4 KB pages.
class DistBuffer {
 public:
  DistBuffer() = default;
  explicit DistBuffer(size_t size) : data_(new double[size]) {}
  double& operator[](size_t i) { return data_[i]; }
  const double& operator[](size_t i) const { return data_[i]; }
  double* data() { return data_.get(); }

 private:
  std::unique_ptr<double[]> data_;
};

// [begin, end) of part t of `count` items split in `parts`.
std::pair<size_t, size_t> Part(size_t count, int parts, int t) {
  return {count * t / parts, count * (t + 1) / parts};
}

// Each part's scan result: its minimum and that minimum's index (-1: none).
struct PartMins {
  explicit PartMins(int parts) : min(parts), idx(parts) {}

  // Combines the parts' results in part (index) order with a strict test, so
  // on equal values the earlier part wins as in a sequential scan: *best and
  // *best_idx take a part's result when it is below *best. Returns the part
  // taken last, or -1.
  int Combine(double* best, int* best_idx) const {
    int taken = -1;
    for (size_t t = 0; t < min.size(); ++t) {
      if (idx[t] >= 0 && min[t] < *best) {
        *best = min[t];
        *best_idx = idx[t];
        taken = static_cast<int>(t);
      }
    }
    return taken;
  }

  std::vector<double> min;
  std::vector<int> idx;
};

// Squared Euclidean distance summed in column order, as scipy's pdist
// does: mathematically tied distances then tie in floating point exactly
// as they do in scipy, so tie-breaking follows scipy's.
inline double SeqSqDist(const double* a, const double* b, size_t d) {
  double s = 0;
  for (size_t j = 0; j < d; ++j) {
    const double diff = a[j] - b[j];
    s += diff * diff;
  }
  return s;
}

// scipy's SSE2 dot_product: even and odd terms in two lanes, then the tail.
inline double ScipyDot(const double* u, const double* v, size_t n) {
  double s0 = 0, s1 = 0;
  size_t i = 0;
  for (; i + 1 < n; i += 2) {
    s0 += u[i] * v[i];
    s1 += u[i + 1] * v[i + 1];
  }
  double s = s0 + s1;
  for (; i < n; ++i) s += u[i] * v[i];
  return s;
}

// SeqSqDist of `x` against kGroup rows at once (independent chains keep the
// FPU busy). Each sum is sequential, bit-identical to SeqSqDist. Gives up
// (leaving partial sums) once every partial sum exceeds its bound: partial
// sums of non-negative terms never exceed the full sum in floating point,
// so this is exact.
constexpr int kGroup = 8;
inline void SeqSqDistGroup(const double* x, const double* const* rows,
                           size_t d, const double* bound, double* out) {
  double acc[kGroup] = {0, 0, 0, 0, 0, 0, 0, 0};
  size_t j = 0;
  while (j < d) {
    const size_t e = std::min(d, j + 32);
    for (; j < e; ++j) {
      const double xj = x[j];
      for (int t = 0; t < kGroup; ++t) {
        const double diff = xj - rows[t][j];
        acc[t] += diff * diff;
      }
    }
    bool all_over = true;
    for (int t = 0; t < kGroup; ++t) all_over &= acc[t] > bound[t];
    if (all_over) break;
  }
  for (int t = 0; t < kGroup; ++t) out[t] = acc[t];
}

double PairDistance(const double* a, const double* b, size_t d, Metric metric,
                    double norm_a, double norm_b) {
  switch (metric) {
    case Metric::kEuclidean:
      return std::sqrt(SeqSqDist(a, b, d));
    case Metric::kManhattan: {
      double s = 0;
      for (size_t j = 0; j < d; ++j) s += std::fabs(a[j] - b[j]);
      return s;
    }
    case Metric::kCosine: {
      const double dot = ScipyDot(a, b, d);
      // As scipy: clip the cosine to [-1, 1] against rounding.
      double c = dot / (norm_a * norm_b);
      if (std::fabs(c) > 1.0) c = std::copysign(1.0, c);
      return 1.0 - c;
    }
  }
  return kInf;
}

inline size_t CondensedIndex(size_t n, size_t i, size_t j) {
  if (i > j) std::swap(i, j);
  return n * i - (i * (i + 1)) / 2 + (j - i - 1);
}

// Sort by height (stable, as numpy's mergesort) and relabel.
// The chain ends in a reciprocal nearest-neighbour pair (*xi, *yi): takes
// it off, orders it (lower index first, as scipy's rows) and logs its merge
// at `height`. Returns the two sizes before the merge.
std::pair<int64_t, int64_t> PopReciprocalPair(
    std::vector<int>& chain, double height, const std::vector<int64_t>& size,
    int* xi, int* yi, std::vector<MergeRow>* rows) {
  chain.resize(chain.size() - 2);
  if (*xi > *yi) std::swap(*xi, *yi);
  const int64_t nx = size[*xi], ny = size[*yi];
  rows->push_back({*xi, *yi, height, nx + ny});
  return {nx, ny};
}

void SortAndLabel(std::vector<MergeRow>& rows, size_t n) {
  std::stable_sort(rows.begin(), rows.end(),
                   [](const MergeRow& p, const MergeRow& q) {
                     return p.height < q.height;
                   });
  RelabelLinkage(rows, n);
}

// ---- Ward, centroid nearest-neighbour chain (O(N*D) memory) ----

LinkageResult WardVector(const std::vector<double>& x, size_t n, size_t d,
                         int num_threads) {
  std::vector<double> c = x;  // centroids, updated in place
  std::vector<int64_t> size(n, 1);
  std::vector<int> active(n);  // ascending indices of live clusters
  std::iota(active.begin(), active.end(), 0);
  std::vector<int> chain;
  chain.reserve(n);
  std::vector<MergeRow> rows;
  rows.reserve(n - 1);

  SplitRunner runner(num_threads);
  const int parts = runner.threads();
  PartMins part(parts);

  auto ward = [&](int u, int v) {
    const double nu = static_cast<double>(size[u]);
    const double nv = static_cast<double>(size[v]);
    const double f = 2.0 * nu * nv / (nu + nv);
    return std::sqrt(f * SeqSqDist(&c[u * d], &c[v * d], d));
  };

  // Lowest index i != x with ward(x, i) < cur and minimal; -1 if none.
  auto scan = [&](int xi, double cur, size_t lo, size_t hi, double* out_min,
                  int* out_idx) {
    const double nx = static_cast<double>(size[xi]);
    const double* cx = &c[xi * d];
    double best = cur;
    int best_idx = -1;
    int idx[kGroup];
    const double* rows[kGroup];
    double f[kGroup], bound[kGroup], sq[kGroup];
    size_t p = lo;
    while (p < hi) {
      int filled = 0;
      for (; p < hi && filled < kGroup; ++p) {
        const int i = active[p];
        if (i == xi) continue;
        const double ni = static_cast<double>(size[i]);
        idx[filled] = i;
        rows[filled] = &c[i * d];
        f[filled] = 2.0 * nx * ni / (nx + ni);
        // Margin keeps the give-up test conservative against the rounding
        // of the division and of sqrt; the final test is on the distance.
        bound[filled] =
            best == kInf ? kInf : best * best * (1.0 + 1e-12) / f[filled];
        ++filled;
      }
      for (int t = filled; t < kGroup; ++t) {  // padding: never selected
        idx[t] = -1;
        rows[t] = cx;
        bound[t] = -1;
      }
      SeqSqDistGroup(cx, rows, d, bound, sq);
      for (int t = 0; t < filled; ++t) {
        if (sq[t] > bound[t]) continue;
        const double dist = std::sqrt(f[t] * sq[t]);
        if (dist < best) {
          best = dist;
          best_idx = idx[t];
        }
      }
    }
    *out_min = best;
    *out_idx = best_idx;
  };

  for (size_t k = 0; k + 1 < n; ++k) {
    if (chain.empty()) chain.push_back(active[0]);
    int xi, yi;
    double current_min;
    while (true) {
      xi = chain.back();
      if (chain.size() > 1) {
        yi = chain[chain.size() - 2];
        current_min = ward(xi, yi);
      } else {
        yi = -1;
        current_min = kInf;
      }
      const size_t count = active.size();
      int found = -1;
      double found_min = current_min;
      // Parallel only when a scan is large enough to pay for the hand-off.
      if (parts > 1 && count * d >= 200000) {
        runner.Run([&](int t) {
          auto [lo, hi] = Part(count, parts, t);
          scan(xi, current_min, lo, hi, &part.min[t], &part.idx[t]);
        });
        part.Combine(&found_min, &found);
      } else {
        scan(xi, current_min, 0, count, &found_min, &found);
        if (found < 0) found_min = current_min;
      }
      if (found >= 0) {
        yi = found;
        current_min = found_min;
      }
      if (chain.size() > 1 && yi == chain[chain.size() - 2]) break;
      chain.push_back(yi);
    }
    int64_t nx, ny;  // not a structured binding: lambdas below capture them
    std::tie(nx, ny) =
        PopReciprocalPair(chain, current_min, size, &xi, &yi, &rows);
    // New centroid stored at yi; written as an offset from c_x so that two
    // identical centroids give exactly the same centroid.
    const double w = static_cast<double>(ny) / static_cast<double>(nx + ny);
    double* cy = &c[yi * d];
    const double* cx = &c[xi * d];
    for (size_t j = 0; j < d; ++j) cy[j] = cx[j] + w * (cy[j] - cx[j]);
    size[xi] = 0;
    size[yi] = nx + ny;
    active.erase(std::lower_bound(active.begin(), active.end(), xi));
  }
  SortAndLabel(rows, n);
  return {std::move(rows), "nn_chain_vector"};
}

// ---- Condensed-matrix methods (scipy's nn_chain) ----

DistBuffer CondensedDistances(const std::vector<double>& x, size_t n,
                                       size_t d, Metric metric,
                                       const std::vector<double>& norms,
                                       SplitRunner& runner) {
  DistBuffer dist(n * (n - 1) / 2);
  const int parts = runner.threads();
  runner.Run([&](int t) {
    // Interleaved rows balance the triangular work between threads.
    for (size_t i = t; i < n; i += parts) {
      size_t base = CondensedIndex(n, i, i + 1);
      for (size_t j = i + 1; j < n; ++j) {
        dist[base + (j - i - 1)] =
            PairDistance(&x[i * d], &x[j * d], d, metric,
                         norms.empty() ? 0 : norms[i],
                         norms.empty() ? 0 : norms[j]);
      }
    }
  });
  return dist;
}

// The full symmetric n x n matrix, row-major. Same values as
// CondensedDistances, but row xi of the chain's scans is contiguous (the
// condensed layout makes half of every scan a strided column walk, which
// dominates at n ~ 20,000). Euclidean pairs are computed kGroup columns at
// a time over cache-sized tiles; each sum stays sequential in column order,
// so every entry is bit-identical to SeqSqDist (scipy's pdist).
DistBuffer SquareDistances(const std::vector<double>& x, size_t n,
                                    size_t d, Metric metric,
                                    const std::vector<double>& norms,
                                    SplitRunner& runner) {
  DistBuffer dist(n * n);
  for (size_t i = 0; i < n; ++i) dist[i * n + i] = 0;
  constexpr size_t kRowTile = 32;
  // Columns per tile: keep the tile's rows of x within ~512 KB of cache.
  const size_t col_tile =
      std::max<size_t>(kGroup, (size_t{512} << 10) / (8 * std::max<size_t>(d, 1)));
  const size_t row_tiles = (n + kRowTile - 1) / kRowTile;
  const int parts = runner.threads();
  runner.Run([&](int t) {
    // Interleaved row tiles balance the triangular work between threads.
    for (size_t rt = t; rt < row_tiles; rt += parts) {
      const size_t i0 = rt * kRowTile, i1 = std::min(n, i0 + kRowTile);
      for (size_t j0 = i0 + 1; j0 < n; j0 += col_tile) {
        const size_t j1 = std::min(n, j0 + col_tile);
        for (size_t i = i0; i < i1; ++i) {
          size_t j = std::max(j0, i + 1);
          double* row = &dist[i * n];
          if (metric == Metric::kEuclidean) {
            const double* rows[kGroup];
            double acc[kGroup];
            for (; j + kGroup <= j1; j += kGroup) {
              for (int g = 0; g < kGroup; ++g) rows[g] = &x[(j + g) * d];
              for (int g = 0; g < kGroup; ++g) acc[g] = 0;
              const double* xi = &x[i * d];
              for (size_t c = 0; c < d; ++c) {
                const double xc = xi[c];
                for (int g = 0; g < kGroup; ++g) {
                  const double diff = xc - rows[g][c];
                  acc[g] += diff * diff;
                }
              }
              for (int g = 0; g < kGroup; ++g) row[j + g] = std::sqrt(acc[g]);
            }
          }
          for (; j < j1; ++j) {
            row[j] = PairDistance(&x[i * d], &x[j * d], d, metric,
                                  norms.empty() ? 0 : norms[i],
                                  norms.empty() ? 0 : norms[j]);
          }
        }
      }
    }
  });
  // Mirror the upper triangle, tile by tile (a plain transposed walk would
  // miss the cache on every write).
  constexpr size_t kT = 64;
  runner.Run([&](int t) {
    for (size_t bi = t * kT; bi < n; bi += parts * kT) {
      for (size_t bj = bi; bj < n; bj += kT) {
        for (size_t i = bi; i < std::min(n, bi + kT); ++i) {
          for (size_t j = std::max(bj, i + 1); j < std::min(n, bj + kT); ++j) {
            dist[j * n + i] = dist[i * n + j];
          }
        }
      }
    }
  });
  return dist;
}


// Euclidean square matrix by blocked GEMM. Distances are translation
// invariant, so the data are centred first (on a rounded mean, see below): the rounding of
// ||a||^2 + ||b||^2 - 2 a.b scales with the centred norms, much smaller than
// the raw ones for descriptors sharing a common offset (SOAP spectra).
// Rounding bound of an entry (Higham's gamma_D for the dot products and
// norms, plus the centring and the final adds):
//   E_ij = (2 D + 16) eps (|a_i|^2 + |a_j|^2).
// An entry is recomputed exactly (SeqSqDist on the raw data, scipy's order)
// when E_ij > 1e-11 d2 (near-duplicates: exact zeros stay zeros) or when it
// may tie with the minimum of row i or j (d2 - E_ij <= min + E_min), so that
// the first merges of every point compare scipy's own values. Memory: the
// matrix plus n * d for the centred copy; the GEMM writes straight into it.
DistBuffer GemmSquareDistances(const std::vector<double>& x, size_t n,
                                        size_t d, SplitRunner& runner,
                                        const LinkageProgress& progress,
                                        size_t* refined_out) {
  using RowMat =
      Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const int parts = runner.threads();
  std::vector<double> mean(d, 0.0);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < d; ++j) mean[j] += x[i * d + j];
  }
  // The mean is rounded to a coarse grid (2^-10 of the column's largest
  // magnitude) so that x - mean is exact: data of few significant bits
  // (integer or rational lattices, where distances tie exactly) then give
  // exact GEMM sums, hence exactly scipy's values and ties.
  for (size_t j = 0; j < d; ++j) {
    double max_abs = 0;
    for (size_t i = 0; i < n; ++i) max_abs = std::max(max_abs, std::fabs(x[i * d + j]));
    int e = 0;
    std::frexp(max_abs, &e);
    const double grid = std::ldexp(1.0, e - 10);
    mean[j] = max_abs == 0 ? 0 : std::round(mean[j] / static_cast<double>(n) / grid) * grid;
  }
  std::vector<double> xc(n * d);
  std::vector<double> sq(n);
  for (size_t i = 0; i < n; ++i) {
    double s = 0;
    for (size_t j = 0; j < d; ++j) {
      const double v = x[i * d + j] - mean[j];
      xc[i * d + j] = v;
      s += v * v;
    }
    sq[i] = s;
  }
  DistBuffer dist(n * n);

  Eigen::Map<const RowMat> xm(xc.data(), n, d);
  // Row blocks against the columns right of their diagonal, in column
  // chunks that keep one GEMM's output within a few MB.
  constexpr size_t kRows = 256, kCols = 2048;
  const size_t blocks = (n + kRows - 1) / kRows;
  std::vector<size_t> block_done(parts, 0);
  runner.Run([&](int t) {
    for (size_t b = t; b < blocks; b += parts) {
      const size_t i0 = b * kRows, bi = std::min(n, i0 + kRows) - i0;
      for (size_t j0 = i0; j0 < n; j0 += kCols) {
        const size_t bj = std::min(n, j0 + kCols) - j0;
        Eigen::Map<RowMat, 0, Eigen::OuterStride<>> out(
            &dist[i0 * n + j0], bi, bj, Eigen::OuterStride<>(n));
        out.noalias() = xm.middleRows(i0, bi) * xm.middleRows(j0, bj).transpose();
        for (size_t r = 0; r < bi; ++r) {
          double* row = &dist[(i0 + r) * n + j0];
          const double si = sq[i0 + r];
          for (size_t c = 0; c < bj; ++c) {
            row[c] = si + sq[j0 + c] - 2.0 * row[c];
          }
        }
      }
      // Thread 0 (the caller) reports; blocks are interleaved, so its count
      // times the thread count tracks the total.
      if (t == 0 && progress) {
        progress("distances", std::min(blocks, b + parts), blocks);
      }
    }
  });
  // Mirror the upper triangle (squared values) for full-row minima.
  constexpr size_t kT = 64;
  auto mirror = [&] { runner.Run([&](int t) {
    for (size_t bi = t * kT; bi < n; bi += parts * kT) {
      for (size_t bj = bi; bj < n; bj += kT) {
        for (size_t i = bi; i < std::min(n, bi + kT); ++i) {
          for (size_t j = std::max(bj, i + 1); j < std::min(n, bj + kT); ++j) {
            dist[j * n + i] = dist[i * n + j];
          }
        }
      }
    }
  }); };
  mirror();
  // Duplicated rows: scipy gives them identical distances (same terms, same
  // order), so their ties break by index. GEMM values depend on a row's
  // position in the kernel's panels; copy the first occurrence's column and
  // row onto every duplicate so that they are identical here too.
  {
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      const int c = std::memcmp(&x[a * d], &x[b * d], d * sizeof(double));
      return c != 0 ? c < 0 : a < b;
    });
    std::vector<std::pair<size_t, size_t>> dups;  // (duplicate, first)
    for (size_t k = 1, first = order[0]; k < n; ++k) {
      if (std::memcmp(&x[order[k] * d], &x[first * d], d * sizeof(double)) == 0) {
        dups.push_back({order[k], first});
      } else {
        first = order[k];
      }
    }
    if (!dups.empty()) {
      runner.Run([&](int t) {
        for (size_t k = t; k < n; k += parts) {
          double* row = &dist[k * n];
          for (const auto& [dup, first] : dups) row[dup] = row[first];
        }
      });
      for (const auto& [dup, first] : dups) {
        std::copy(&dist[first * n], &dist[first * n] + n, &dist[dup * n]);
      }
    }
  }
  const double eps = std::numeric_limits<double>::epsilon();
  const double bound_factor = (2.0 * static_cast<double>(d) + 16.0) * eps;
  // Per row: the smallest value minus its bound's slack, i.e. the threshold
  // below which an entry may tie with (or undercut) the true minimum.
  std::vector<double> tie_level(n);
  runner.Run([&](int t) {
    for (size_t i = t; i < n; i += parts) {
      const double* row = &dist[i * n];
      double best = kInf, best_bound = 0;
      for (size_t j = 0; j < n; ++j) {
        if (j == i) continue;
        if (row[j] < best) {
          best = row[j];
          best_bound = bound_factor * (sq[i] + sq[j]);
        }
      }
      tie_level[i] = best + best_bound;
    }
  });
  // Upper triangle: refine and take the root, writing both halves in one
  // tiled pass (a row-wise pass writing the lower half would miss the
  // cache on every entry; a separate mirror pass would read it all again).
  std::vector<size_t> refined(parts, 0);
  runner.Run([&](int t) {
    for (size_t bi = t * kT; bi < n; bi += parts * kT) {
      const size_t ei = std::min(n, bi + kT);
      for (size_t i = bi; i < ei; ++i) dist[i * n + i] = 0;
      for (size_t bj = bi; bj < n; bj += kT) {
        const size_t ej = std::min(n, bj + kT);
        for (size_t i = bi; i < ei; ++i) {
          double* row = &dist[i * n];
          for (size_t j = std::max(bj, i + 1); j < ej; ++j) {
            double v = row[j];
            const double bound = bound_factor * (sq[i] + sq[j]);
            if (bound > 1e-11 * v || v - bound <= tie_level[i] ||
                v - bound <= tie_level[j]) {
              v = SeqSqDist(&x[i * d], &x[j * d], d);
              ++refined[t];
            }
            const double root = std::sqrt(v);
            row[j] = root;
            dist[j * n + i] = root;
          }
        }
      }
    }
  });
  *refined_out = 0;
  for (size_t r : refined) *refined_out += r;
  return dist;
}

// scipy _hierarchy_distance_update.pxi, for the methods offered here.
inline double NewDistance(LinkageMethod m, double d_xi, double d_yi,
                          double d_xy, int64_t size_x, int64_t size_y,
                          int64_t size_i) {
  switch (m) {
    case LinkageMethod::kComplete:
      return d_xi > d_yi ? d_xi : d_yi;
    case LinkageMethod::kAverage:
      return (size_x * d_xi + size_y * d_yi) /
             static_cast<double>(size_x + size_y);
    case LinkageMethod::kWard: {
      const double t = 1.0 / static_cast<double>(size_x + size_y + size_i);
      return std::sqrt((size_i + size_x) * t * d_xi * d_xi +
                       (size_i + size_y) * t * d_yi * d_yi -
                       size_i * t * d_xy * d_xy);
    }
    case LinkageMethod::kSingle:
      return d_xi < d_yi ? d_xi : d_yi;
  }
  return kInf;
}

// Layouts of the distance matrix for NnChain. Condensed: scipy's n(n-1)/2
// upper triangle. Square: the full n x n matrix (rows contiguous, so the
// chain's scans are sequential; updates write both halves).
struct CondensedLayout {
  size_t n;
  double At(const DistBuffer& d, size_t i, size_t j) const {
    return d[CondensedIndex(n, i, j)];
  }
  void Prefetch(const DistBuffer&, size_t, size_t) const {}
  void Set(DistBuffer& d, size_t i, size_t j, double v) const {
    d[CondensedIndex(n, i, j)] = v;
  }
};
struct SquareLayout {
  size_t n;
  double At(const DistBuffer& d, size_t i, size_t j) const {
    return d[i * n + j];
  }
  // The column half of an update misses the cache: prefetch ahead.
  void Prefetch(const DistBuffer& d, size_t i, size_t col) const {
    if (i < n) __builtin_prefetch(&d[i * n + col], 1, 0);
  }
  void Set(DistBuffer& d, size_t i, size_t j, double v) const {
    d[i * n + j] = v;
    d[j * n + i] = v;
  }
};

// scipy's nn_chain on either layout: the same scan order, tie rule (the
// first index with a strictly smaller distance wins; the previous chain
// element is preferred) and Lance-Williams arithmetic, so the same merges.
// `near_tie` (optional): set when a scan's best and second-best distinct
// values differ by at most 1e-11 relative, i.e. a choice that GEMM rounding
// could have flipped (exact ties, e.g. of duplicates, do not count).
template <typename Layout>
LinkageResult NnChain(DistBuffer dists, size_t n,
                      LinkageMethod method, Layout layout, SplitRunner& runner,
                      const LinkageProgress& progress,
                      bool* near_tie = nullptr) {
  std::vector<int64_t> size(n, 1);
  std::vector<int> chain;
  chain.reserve(n);
  std::vector<MergeRow> rows;
  rows.reserve(n - 1);
  // Scans and updates are split in index ranges over the threads once the
  // matrix is large enough to pay for the hand-off. Each part finds its
  // first strict minimum; parts are combined in index order with the same
  // strict test, so the result is the sequential scan's, for any count.
  const int parts = n >= 2048 ? runner.threads() : 1;
  PartMins part(parts);
  std::vector<double> part_second(parts);
  const bool track = near_tie != nullptr;
  bool tie_seen = false;
  // `second`: smallest value not taken as the minimum (the starting `cur`
  // included), tracked only when near ties are watched.
  auto scan = [&](int xi, double cur, size_t lo, size_t hi, double* out_min,
                  int* out_idx, double* out_second) {
    int y = -1;
    double second = kInf;
    for (size_t i = lo; i < hi; ++i) {
      if (size[i] == 0 || static_cast<int>(i) == xi) continue;
      const double dd = layout.At(dists, xi, i);
      if (dd < cur) {
        if (track) second = cur;
        cur = dd;
        y = static_cast<int>(i);
      } else if (track && dd < second) {
        second = dd;
      }
    }
    *out_min = cur;
    *out_idx = y;
    *out_second = second;
  };
  auto check_tie = [&](double best, double second) {
    if (second != best && second - best <= 1e-11 * best) tie_seen = true;
  };
  // Square layout: an update writes row yi only (contiguous); the column
  // half d[i][yi] is left stale and fetched when row i is next read
  // (`refresh`). Eagerly writing the column missed the cache once per live
  // item and merge; a refresh gathers only the rows merged since row i was
  // last current, once per merged row however often it was merged. Values
  // are the same doubles either way, so the merges are unchanged.
  constexpr bool kLazy = std::is_same_v<Layout, SquareLayout>;
  std::vector<int> merge_log;  // merge k rewrote row merge_log[k]
  merge_log.reserve(kLazy ? n : 0);
  std::vector<size_t> written(kLazy ? n : 0, 0);  // last k that wrote row j
  std::vector<size_t> fresh(kLazy ? n : 0, 0);    // row r current for k < fresh[r]
  auto refresh_range = [&](int r, size_t lo, size_t hi) {
    double* row = &dists[static_cast<size_t>(r) * n];
    // Prefetch far ahead (each gather is a cache and often a TLB miss),
    // only the entries that will be read.
    constexpr size_t kAhead = 32;
    for (size_t k = lo; k < hi; ++k) {
      if (k + kAhead < hi) {
        const int jn = merge_log[k + kAhead];
        if (size[jn] != 0 && written[jn] == k + kAhead) {
          __builtin_prefetch(&dists[static_cast<size_t>(jn) * n + r], 0, 0);
        }
      }
      const int j = merge_log[k];
      if (j == r || size[j] == 0 || written[j] != k) continue;
      row[j] = dists[static_cast<size_t>(j) * n + r];
    }
  };
  auto refresh = [&](int r) {
    if constexpr (kLazy) {
      const size_t lo = fresh[r], hi = merge_log.size();
      fresh[r] = hi;
      // Each k writes a distinct entry (only the last write of j passes),
      // so splitting the log range is race-free and order-independent.
      if (parts > 1 && hi - lo >= 4096) {
        runner.Run([&](int t) {
          auto [a, b] = Part(hi - lo, parts, t);
          refresh_range(r, lo + a, lo + b);
        });
      } else {
        refresh_range(r, lo, hi);
      }
    }
  };
  auto update = [&](int xi, int yi, double current_min, int64_t nx,
                    int64_t ny, size_t lo, size_t hi) {
    if constexpr (kLazy) {
      const double* rx = &dists[static_cast<size_t>(xi) * n];
      double* ry = &dists[static_cast<size_t>(yi) * n];
      for (size_t i = lo; i < hi; ++i) {
        const int64_t ni = size[i];
        if (ni == 0 || static_cast<int>(i) == yi) continue;
        ry[i] = NewDistance(method, rx[i], ry[i], current_min, nx, ny, ni);
      }
      return;
    }
    constexpr size_t kAhead = 16;
    for (size_t i = lo; i < hi; ++i) {
      layout.Prefetch(dists, i + kAhead, yi);
      const int64_t ni = size[i];
      if (ni == 0 || static_cast<int>(i) == yi) continue;
      layout.Set(dists, yi, i,
                 NewDistance(method, layout.At(dists, xi, i),
                             layout.At(dists, yi, i), current_min, nx, ny, ni));
    }
  };
  const size_t progress_every = std::max<size_t>(1, n / 200);
  for (size_t k = 0; k + 1 < n; ++k) {
    if (progress && k % progress_every == 0) progress("merges", k, n - 1);
    if (chain.empty()) {
      for (size_t i = 0; i < n; ++i) {
        if (size[i] > 0) {
          chain.push_back(static_cast<int>(i));
          break;
        }
      }
    }
    int xi, yi = -1;
    double current_min;
    while (true) {
      xi = chain.back();
      refresh(xi);
      if (chain.size() > 1) {
        yi = chain[chain.size() - 2];
        current_min = layout.At(dists, xi, yi);
      } else {
        current_min = kInf;
      }
      if (parts > 1) {
        const double start = current_min;
        runner.Run([&](int t) {
          auto [lo, hi] = Part(n, parts, t);
          scan(xi, start, lo, hi, &part.min[t], &part.idx[t],
               &part_second[t]);
        });
        const int best_part =
            part.Combine(&current_min, &yi);
        if (track) {
          // Everything not chosen: other parts' minima, every part's
          // second, and the start value when a part beat it.
          double second = best_part >= 0 ? start : kInf;
          for (int t = 0; t < parts; ++t) {
            second = std::min(second, part_second[t]);
            if (t != best_part && part.idx[t] >= 0) {
              second = std::min(second, part.min[t]);
            }
          }
          check_tie(current_min, second);
        }
      } else {
        double m, second;
        int y;
        scan(xi, current_min, 0, n, &m, &y, &second);
        if (y >= 0) {
          current_min = m;
          yi = y;
        }
        if (track) check_tie(current_min, second);
      }
      if (chain.size() > 1 && yi == chain[chain.size() - 2]) break;
      chain.push_back(yi);
    }
    int64_t nx, ny;  // not a structured binding: lambdas below capture them
    std::tie(nx, ny) =
        PopReciprocalPair(chain, current_min, size, &xi, &yi, &rows);
    // Both rows feed the update; the older one may predate later merges.
    refresh(xi);
    refresh(yi);
    size[xi] = 0;
    size[yi] = nx + ny;
    if (parts > 1) {
      runner.Run([&](int t) {
        auto [lo, hi] = Part(n, parts, t);
        update(xi, yi, current_min, nx, ny, lo, hi);
      });
    } else {
      update(xi, yi, current_min, nx, ny, 0, n);
    }
    if constexpr (kLazy) {
      written[yi] = merge_log.size();
      merge_log.push_back(yi);
      fresh[yi] = merge_log.size();
    }
  }
  if (progress) progress("merges", n - 1, n - 1);
  if (near_tie != nullptr) *near_tie = tie_seen;
  SortAndLabel(rows, n);
  return {std::move(rows), "nn_chain_matrix"};
}

// Ward's auto choice. Up to 8192 items the matrix always (bit-identical to
// scipy, small). Above, the centroid chain costs ~N^2*D memory traffic and the
// matrix ~N^2*(D/8 + a cache miss per merge and item); measured at N = 20,011
// the chain wins below D ~ 100 (1.8 s vs 12 s at D = 3), the matrix above
// (41 s vs 81 s at D = 480), so large-D data takes the matrix if it fits.
bool WardAutoTakesMatrix(size_t n, size_t d, size_t budget_bytes) {
  const size_t condensed = n * (n - 1) / 2 * sizeof(double);
  if (n <= 8192) return condensed <= std::max<size_t>(budget_bytes, size_t{256} << 20);
  return d >= 64 && condensed <= budget_bytes;
}

// ---- Single linkage: scipy's mst_single_linkage, distances on the fly ----

LinkageResult SingleMst(const std::vector<double>& x, size_t n, size_t d,
                        Metric metric, const std::vector<double>& norms,
                        int num_threads) {
  std::vector<double> dmin(n, kInf);
  std::vector<char> merged(n, 0);
  std::vector<MergeRow> rows;
  rows.reserve(n - 1);
  SplitRunner runner(num_threads);
  const int parts = runner.threads();
  PartMins part(parts);
  size_t xi = 0;
  for (size_t k = 0; k + 1 < n; ++k) {
    merged[xi] = 1;
    auto body = [&](int t) {
      auto [lo, hi] = Part(n, parts, t);
      double cur = kInf;
      int y = -1;
      for (size_t i = lo; i < hi; ++i) {
        if (merged[i]) continue;
        const double dd =
            PairDistance(&x[xi * d], &x[i * d], d, metric,
                         norms.empty() ? 0 : norms[xi],
                         norms.empty() ? 0 : norms[i]);
        if (dmin[i] > dd) dmin[i] = dd;
        if (dmin[i] < cur) {
          cur = dmin[i];
          y = static_cast<int>(i);
        }
      }
      part.min[t] = cur;
      part.idx[t] = y;
    };
    if (parts > 1 && (n - k) * d >= 200000) {
      runner.Run(body);
    } else {
      for (int t = 0; t < parts; ++t) body(t);
    }
    double current_min = kInf;
    int y = -1;
    part.Combine(&current_min, &y);
    if (y < 0) {
      // All remaining distances are infinite: impossible for finite input,
      // kept as an invariant guard. scipy would keep the last y.
      for (size_t i = 0; i < n; ++i) {
        if (!merged[i]) {
          y = static_cast<int>(i);
          break;
        }
      }
    }
    rows.push_back({static_cast<int64_t>(xi), y, current_min, 0});
    xi = static_cast<size_t>(y);
  }
  SortAndLabel(rows, n);
  return {std::move(rows), "mst_vector"};
}

}  // namespace

void RelabelLinkage(std::vector<MergeRow>& rows, size_t n) {
  // scipy's LinkageUnionFind: merged clusters get labels n, n+1, ...
  std::vector<int64_t> parent(2 * n - 1);
  std::vector<int64_t> csize(2 * n - 1, 1);
  std::iota(parent.begin(), parent.end(), 0);
  int64_t next_label = static_cast<int64_t>(n);
  for (MergeRow& row : rows) {
    const int64_t xr = base::FindRoot(parent, row.a),
                  yr = base::FindRoot(parent, row.b);
    row.a = std::min(xr, yr);
    row.b = std::max(xr, yr);
    parent[xr] = next_label;
    parent[yr] = next_label;
    csize[next_label] = csize[xr] + csize[yr];
    row.size = csize[next_label];
    ++next_label;
  }
}

namespace {

// The names of one option's values, for parsing and printing.
template <typename E>
struct Named {
  absl::string_view name;
  E value;
};

constexpr Named<LinkageMethod> kLinkageMethods[] = {
    {"ward", LinkageMethod::kWard},
    {"average", LinkageMethod::kAverage},
    {"complete", LinkageMethod::kComplete},
    {"single", LinkageMethod::kSingle}};
constexpr Named<Metric> kMetrics[] = {{"euclidean", Metric::kEuclidean},
                                      {"manhattan", Metric::kManhattan},
                                      {"cosine", Metric::kCosine}};
constexpr Named<WardAlgorithm> kWardAlgorithms[] = {
    {"auto", WardAlgorithm::kAuto},
    {"vector", WardAlgorithm::kVector},
    {"matrix", WardAlgorithm::kMatrix}};
constexpr Named<DistanceKernel> kDistanceKernels[] = {
    {"auto", DistanceKernel::kAuto},
    {"exact", DistanceKernel::kExact},
    {"gemm", DistanceKernel::kGemm}};

// The value named `name`; else an error naming `what` and the choices.
template <typename E, size_t N>
absl::StatusOr<E> ParseNamed(const Named<E> (&table)[N], absl::string_view name,
                             absl::string_view what) {
  for (const Named<E>& e : table) {
    if (e.name == name) return e.value;
  }
  std::string choices;
  for (const Named<E>& e : table) {
    absl::StrAppend(&choices, choices.empty() ? "" : ", ", e.name);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown ", what, " '", name, "' (", choices, ")"));
}

template <typename E, size_t N>
std::string NameOf(const Named<E> (&table)[N], E value) {
  for (const Named<E>& e : table) {
    if (e.value == value) return std::string(e.name);
  }
  return "?";
}

}  // namespace

absl::StatusOr<LinkageMethod> ParseLinkageMethod(absl::string_view name) {
  return ParseNamed(kLinkageMethods, name, "linkage");
}

absl::StatusOr<Metric> ParseMetric(absl::string_view name) {
  if (name == "cityblock") return Metric::kManhattan;  // scipy's name
  return ParseNamed(kMetrics, name, "metric");
}

absl::StatusOr<WardAlgorithm> ParseWardAlgorithm(absl::string_view name) {
  return ParseNamed(kWardAlgorithms, name, "Ward algorithm");
}

absl::StatusOr<DistanceKernel> ParseDistanceKernel(absl::string_view name) {
  return ParseNamed(kDistanceKernels, name, "distance kernel");
}

std::string LinkageMethodName(LinkageMethod m) {
  return NameOf(kLinkageMethods, m);
}

std::string MetricName(Metric m) { return NameOf(kMetrics, m); }

absl::StatusOr<LinkageResult> ComputeLinkage(const std::vector<double>& x,
                                             size_t n, size_t d,
                                             const LinkageOptions& options) {
  if (n < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("clustering needs at least 2 items, got ", n));
  }
  if (x.size() != n * d) {
    return absl::InvalidArgumentError("matrix size does not match n x d");
  }
  if (options.method == LinkageMethod::kWard &&
      options.metric != Metric::kEuclidean) {
    return absl::InvalidArgumentError(
        "Ward linkage requires the Euclidean metric (as scipy)");
  }
  std::vector<double> norms;
  if (options.metric == Metric::kCosine) {
    norms.resize(n);
    for (size_t i = 0; i < n; ++i) {
      norms[i] = std::sqrt(ScipyDot(&x[i * d], &x[i * d], d));
      if (norms[i] == 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            "cosine distance is undefined for the all-zero vector of item ",
            i));
      }
    }
  }
  switch (options.method) {
    case LinkageMethod::kWard:
      // The matrix reproduces scipy's Lance-Williams arithmetic bit for bit
      // (so even exact ties break as in scipy); auto takes it while the
      // condensed matrix stays small, the O(N*D) chain above that.
      if (options.ward_algorithm == WardAlgorithm::kVector ||
          (options.ward_algorithm == WardAlgorithm::kAuto &&
           !WardAutoTakesMatrix(n, d, options.matrix_memory_bytes))) {
        return WardVector(x, n, d, options.num_threads);
      }
      break;
    case LinkageMethod::kSingle:
      return SingleMst(x, n, d, options.metric, norms, options.num_threads);
    default:
      break;
  }
  // The square layout when it fits the memory budget (a chain scan then
  // reads one contiguous row), else scipy's condensed one.
  DistBuffer dists;
  const bool square = n * n * sizeof(double) <= options.matrix_memory_bytes;
  if (options.max_matrix_bytes > 0) {
    const double need = square ? 8.0 * n * n : 4.0 * n * (n - 1.0);
    if (need > static_cast<double>(options.max_matrix_bytes)) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "the distance matrix of ", n, " records needs ",
          static_cast<int64_t>(need / (1 << 20)), " MB, over --max_matrix_mb=",
          options.max_matrix_bytes >> 20,
          " (raise it, or use Ward's O(N*D) chain or --linkage=single)"));
    }
  }
  const bool gemm =
      square && options.metric == Metric::kEuclidean &&
      (options.distance_kernel == DistanceKernel::kGemm ||
       (options.distance_kernel == DistanceKernel::kAuto && n >= 4096));
  SplitRunner runner(options.num_threads);
  size_t refined = 0;
  if (gemm) {
    dists = GemmSquareDistances(x, n, d, runner, options.progress, &refined);
  } else {
    dists = square ? SquareDistances(x, n, d, options.metric, norms, runner)
                   : CondensedDistances(x, n, d, options.metric, norms, runner);
  }
  if (gemm) {
    // A near tie in the chain (two candidates within GEMM's rounding) may
    // break differently from scipy: then redo the run on exact distances.
    bool near_tie = false;
    LinkageResult result = NnChain(std::move(dists), n, options.method,
                                   SquareLayout{n}, runner, options.progress,
                                   &near_tie);
    if (!near_tie) {
      result.algorithm += "_gemm";
      result.refined_distances = refined;
      return result;
    }
    if (options.progress) options.progress("near tie: exact rerun", 0, 1);
    dists = SquareDistances(x, n, d, options.metric, norms, runner);
    result = NnChain(std::move(dists), n, options.method, SquareLayout{n},
                     runner, options.progress);
    result.algorithm += "_gemm_exact_rerun";
    return result;
  }
  return square ? NnChain(std::move(dists), n, options.method,
                          SquareLayout{n}, runner, options.progress)
                : NnChain(std::move(dists), n, options.method,
                          CondensedLayout{n}, runner, options.progress);
}

}  // namespace ionscreen::cluster
