#include "lib/descriptors/jarvis_cfid/jarvis_cfid.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#ifdef __x86_64__
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"
#include "lib/describe/descriptor.h"
#include "lib/descriptors/elemdata/elemdata.h"
#include "lib/descriptors/elemdata/json.h"
#include "lib/element/element.h"

namespace ionscreen::descriptors::cfid {

double PyRound(double x, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", digits, x);
  return std::strtod(buf, nullptr);
}

namespace {
// Lanes of doubles for the image-0 key passes: Scalar (one), Sse2 (two) and
// Avx2 (four; the functions that use it carry the target and are chosen at
// run time). Each lane does the same IEEE operations (no FMA contraction).
struct Scalar {
  using V = double;
  using M = bool;
  static constexpr int kLanes = 1;
  static V Set(double x) { return x; }
  static V Load(const double* p) { return *p; }
  static V Add(V a, V b) { return a + b; }
  static V Sub(V a, V b) { return a - b; }
  static V Mul(V a, V b) { return a * b; }
  static V Div(V a, V b) { return a / b; }
  static V Sqrt(V a) { return std::sqrt(a); }
  static V Abs(V a) { return std::fabs(a); }
  static V Min(V a, V b) { return b < a ? b : a; }
  static M Lt(V a, V b) { return a < b; }
  static M Ge(V a, V b) { return a >= b; }
  static M NotGe(V a, V b) { return !(a >= b); }
  static M NotLe(V a, V b) { return !(a <= b); }
  static M Or(M a, M b) { return a || b; }
  static V Select(M m, V a, V b) { return m ? a : b; }
  // Truncation toward zero through int32 (values within its range).
  static V Trunc(V a) { return static_cast<int32_t>(a); }
  static void StoreInt(int32_t* p, V a) { *p = static_cast<int32_t>(a); }
};

#ifdef __SSE2__
struct Sse2 {
  using V = __m128d;
  using M = __m128d;
  static constexpr int kLanes = 2;
  static V Set(double x) { return _mm_set1_pd(x); }
  static V Load(const double* p) { return _mm_loadu_pd(p); }
  static V Add(V a, V b) { return _mm_add_pd(a, b); }
  static V Sub(V a, V b) { return _mm_sub_pd(a, b); }
  static V Mul(V a, V b) { return _mm_mul_pd(a, b); }
  static V Div(V a, V b) { return _mm_div_pd(a, b); }
  static V Sqrt(V a) { return _mm_sqrt_pd(a); }
  static V Abs(V a) { return _mm_andnot_pd(_mm_set1_pd(-0.0), a); }
  static V Min(V a, V b) { return _mm_min_pd(a, b); }
  static M Lt(V a, V b) { return _mm_cmplt_pd(a, b); }
  static M Ge(V a, V b) { return _mm_cmpge_pd(a, b); }
  static M NotGe(V a, V b) { return _mm_cmpnge_pd(a, b); }
  static M NotLe(V a, V b) { return _mm_cmpnle_pd(a, b); }
  static M Or(M a, M b) { return _mm_or_pd(a, b); }
  static V Select(M m, V a, V b) {
    return _mm_or_pd(_mm_and_pd(m, a), _mm_andnot_pd(m, b));
  }
  static V Trunc(V a) { return _mm_cvtepi32_pd(_mm_cvttpd_epi32(a)); }
  static void StoreInt(int32_t* p, V a) {
    _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_cvttpd_epi32(a));
  }
};
#endif

#ifdef __x86_64__
#define IONSCREEN_AVX2 __attribute__((target("avx2")))
struct Avx2 {
  using V = __m256d;
  using M = __m256d;
  static constexpr int kLanes = 4;
  IONSCREEN_AVX2 static V Set(double x) { return _mm256_set1_pd(x); }
  IONSCREEN_AVX2 static V Load(const double* p) { return _mm256_loadu_pd(p); }
  IONSCREEN_AVX2 static V Add(V a, V b) { return _mm256_add_pd(a, b); }
  IONSCREEN_AVX2 static V Sub(V a, V b) { return _mm256_sub_pd(a, b); }
  IONSCREEN_AVX2 static V Mul(V a, V b) { return _mm256_mul_pd(a, b); }
  IONSCREEN_AVX2 static V Div(V a, V b) { return _mm256_div_pd(a, b); }
  IONSCREEN_AVX2 static V Sqrt(V a) { return _mm256_sqrt_pd(a); }
  IONSCREEN_AVX2 static V Abs(V a) {
    return _mm256_andnot_pd(_mm256_set1_pd(-0.0), a);
  }
  IONSCREEN_AVX2 static V Min(V a, V b) { return _mm256_min_pd(a, b); }
  IONSCREEN_AVX2 static M Lt(V a, V b) { return _mm256_cmp_pd(a, b, _CMP_LT_OS); }
  IONSCREEN_AVX2 static M Ge(V a, V b) { return _mm256_cmp_pd(a, b, _CMP_GE_OS); }
  IONSCREEN_AVX2 static M NotGe(V a, V b) {
    return _mm256_cmp_pd(a, b, _CMP_NGE_US);
  }
  IONSCREEN_AVX2 static M NotLe(V a, V b) {
    return _mm256_cmp_pd(a, b, _CMP_NLE_US);
  }
  IONSCREEN_AVX2 static M Or(M a, M b) { return _mm256_or_pd(a, b); }
  IONSCREEN_AVX2 static V Select(M m, V a, V b) {
    return _mm256_blendv_pd(b, a, m);
  }
  IONSCREEN_AVX2 static V Trunc(V a) {
    return _mm256_cvtepi32_pd(_mm256_cvttpd_epi32(a));
  }
  IONSCREEN_AVX2 static void StoreInt(int32_t* p, V a) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm256_cvttpd_epi32(a));
  }
};
#endif

constexpr double kRdfCutoffAngstrom = 10.0;  // _get_rdf cutoff
constexpr double kRdfBinAngstrom = 0.1;
constexpr int kRdfBins = 100;
constexpr int kAngleBins = 179;  // edges 1, 2, ..., 180 degrees
constexpr double kSupercellAngstrom = 10.0;  // c_size
constexpr double kMaxCutAngstrom = 5.0;      // max_cut
constexpr double kRcutBufferAngstrom = 0.11;
// pymatgen's numerical tolerance for a site's distance to itself.
constexpr double kZeroDistanceAngstrom = 1e-8;
// math.degrees multiplies by this constant.
constexpr double kRadToDeg = 180.0 / 3.14159265358979323846;

// Python round(x, 3) as an integer number of thousandths. deg * 1000 is
// within ~1e-10 of the exact product, so only values near a tie need the
// exact decimal rounding.
inline long long Thousandths(double x) {
  const double y = x * 1000.0;
  // An angle: the conversion is trunc(y), and away from the tie t or t +- 1
  // is nearbyint(y) (both are library calls without SSE4.1).
  const long long t = static_cast<long long>(y);
  const double frac = std::fabs(y - static_cast<double>(t));
  if (std::fabs(frac - 0.5) > 1e-6) {
    return frac < 0.5 ? t : t + (y < 0 ? -1 : 1);
  }
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.3f", x);
  std::string s(buf);
  bool neg = !s.empty() && s[0] == '-';
  long long v = 0;
  for (char ch : s) {
    if (ch >= '0' && ch <= '9') v = v * 10 + (ch - '0');
  }
  return neg ? -v : v;
}

// Histogram of angle keys (thousandths of a degree) over the bins
// [1,2), ..., [178,179), [179,180] weighted by occurrences / distinct centre
// atoms, as np.histogram(keys, weights=norm, bins=arange(1, 181)).
class AngleHistogram {
 public:
  // A flat table over the keys any bin counts (a hash map here took 60 % of
  // the descriptor's time); keys outside [1, 180] degrees are never counted.
  AngleHistogram() : entries_(kMaxKey - kMinKey + 1) {}
  void Add(double degrees, int atom) { AddKey(Thousandths(degrees), 1, atom); }
  // `times` occurrences of key k (thousandths of a degree) at one atom.
  void AddKey(long long k, int times, int atom) {
    if (k < kMinKey || k > kMaxKey) return;
    Entry& e = entries_[k - kMinKey];
    if (e.count == 0) touched_.push_back(k);
    e.count += times;
    if (e.last_atom != atom) {
      ++e.distinct;
      e.last_atom = atom;
    }
  }
  // As Add/AddKey, for an atom whose key k is also added by AddImages
  // (fixed[k] > 0) after its exact adds: only the occurrence counts here.
  void AddExcept(double degrees, int atom, const std::vector<int>& fixed) {
    AddKeyExcept(Thousandths(degrees), 1, atom, fixed);
  }
  void AddKeyExcept(long long k, int times, int atom,
                    const std::vector<int>& fixed) {
    if (k >= 0 && k < static_cast<long long>(fixed.size()) && fixed[k] > 0 &&
        k >= kMinKey && k <= kMaxKey) {
      Entry& e = entries_[k - kMinKey];
      if (e.count == 0) touched_.push_back(k);
      e.count += times;
      return;
    }
    AddKey(k, times, atom);
  }
  // `times` occurrences of key k at each of the atoms first .. first + n - 1
  // (AddKey for each in turn, in one step).
  void AddImages(long long k, int times, int first, int n) {
    if (k < kMinKey || k > kMaxKey) return;
    Entry& e = entries_[k - kMinKey];
    if (e.count == 0) touched_.push_back(k);
    e.count += static_cast<long long>(times) * n;
    e.distinct += n;
    e.last_atom = first + n - 1;
  }
  std::vector<double> Histogram() const {
    // Sum in key order (as the reference does after np.unique).
    std::vector<long long> keys;
    if (touched_.size() > 4096) {
      // Many keys: a pass over the table is cheaper than sorting them.
      for (long long k = kMinKey; k <= kMaxKey; ++k) {
        if (entries_[k - kMinKey].count > 0) keys.push_back(k);
      }
    } else {
      keys = touched_;
      std::sort(keys.begin(), keys.end());
    }
    std::vector<double> h(kAngleBins, 0.0);
    for (long long k : keys) {
      const Entry& e = entries_[k - kMinKey];
      int bin = k == kMaxKey ? kAngleBins - 1 : static_cast<int>(k / 1000) - 1;
      h[bin] += static_cast<double>(e.count) / e.distinct;
    }
    return h;
  }

 private:
  static constexpr long long kMinKey = 1000;    // 1 degree
  static constexpr long long kMaxKey = 180000;  // 180 degrees
  struct Entry {
    long long count = 0;
    long long distinct = 0;
    int last_atom = -1;  // atoms arrive in increasing order
  };
  std::vector<Entry> entries_;
  std::vector<long long> touched_;
};

// AngleHistogram for the image-reduced loops, sites in turn: a site's
// decided keys count once per image (AddSure), its per-image exact values
// per atom (AddExact, after the site's AddSure calls; a key the site already
// has decided adds occurrences only). The totals per key are
//   count = images * occ + exact count,  distinct = images * sites + exact,
// the same integers AngleHistogram accumulates, so Histogram() gives its
// doubles. The hot tables are 2 bytes per key (occurrences; sites; the
// 65536s in side tables) and a bit per key for the current site; exact adds
// are appended to a list (key, atom, decided flag, times in one word) and
// sorted by key at the end, so no large table is touched at random. The
// tables are reused between structures (one per thread).
// Needs supercell atoms < 2^24 and times < 2^20.
class ImageHistogram {
 public:
  static constexpr int kMinKey = 1000;    // 1 degree
  static constexpr int kMaxKey = 180000;  // 180 degrees
  static constexpr int kWords = (kMaxKey >> 6) + 1;
  ImageHistogram()
      : occ_(kMaxKey + 1, 0),
        sites_(kMaxKey + 1, 0),
        occ_hi_(kMaxKey + 1, 0),
        sites_hi_(kMaxKey + 1, 0),
        bits_(kWords, 0),
        seen_(kWords, 0),
        site_keys_(kMaxKey + 2) {}
  void Start(int images) {
    if (dirty_) {  // the last structure stopped with an error
      std::fill(occ_.begin(), occ_.end(), 0);
      std::fill(sites_.begin(), sites_.end(), 0);
      std::fill(occ_hi_.begin(), occ_hi_.end(), 0);
      std::fill(sites_hi_.begin(), sites_hi_.end(), 0);
      std::fill(bits_.begin(), bits_.end(), 0);
      std::fill(seen_.begin(), seen_.end(), 0);
    }
    dirty_ = true;
    images_ = images;
    num_site_keys_ = 0;
    exact_.clear();
  }
  // A decided key (kMinKey <= k <= kMaxKey) of the current site.
  inline void AddSure(int k) {
    if (++occ_[k] == 0) ++occ_hi_[k];
    // Branch-free: whether a key is new to the site is a coin toss.
    uint64_t& w = bits_[k >> 6];
    const uint64_t m = uint64_t{1} << (k & 63);
    site_keys_[num_site_keys_] = k;
    num_site_keys_ += (w & m) == 0;
    w |= m;
  }
  // `times` occurrences of key k at supercell atom `atom` of the current
  // site (atoms in increasing order).
  void AddExact(long long k, int times, int atom) {
    if (k < kMinKey || k > kMaxKey) return;
    const uint64_t sure = bits_[k >> 6] >> (k & 63) & 1;
    exact_.push_back(static_cast<uint64_t>(k) << 45 |
                     static_cast<uint64_t>(atom) << 21 | sure << 20 |
                     static_cast<uint64_t>(times));
  }
  void AddExactDegrees(double degrees, int atom) {
    AddExact(Thousandths(degrees), 1, atom);
  }
  void EndSite() {
    for (int i = 0; i < num_site_keys_; ++i) {
      const int k = site_keys_[i];
      const uint16_t before = sites_[k]++;
      seen_[k >> 6] |= uint64_t{before == 0} << (k & 63);
      if (before == 0xFFFF) ++sites_hi_[k];
      bits_[k >> 6] = 0;
    }
    num_site_keys_ = 0;
  }
  // The histogram; leaves the tables zero for the next structure.
  std::vector<double> TakeHistogram() {
    SortExactByKey();
    std::vector<double> h(kAngleBins, 0.0);
    size_t e = 0;
    const size_t ne = exact_.size();
    auto key_at = [&](size_t i) { return static_cast<int>(exact_[i] >> 45); };
    auto add_key = [&](int k, bool decided) {
      long long count = 0, distinct = 0;
      if (decided) {
        const long long occ =
            (static_cast<long long>(occ_hi_[k]) << 16) + occ_[k];
        const long long sites =
            (static_cast<long long>(sites_hi_[k]) << 16) + sites_[k];
        count = images_ * occ;
        distinct = images_ * sites;
        occ_[k] = 0;
        sites_[k] = 0;
        occ_hi_[k] = 0;
        sites_hi_[k] = 0;
      }
      long long last_atom = -1;
      for (; e < ne && key_at(e) == k; ++e) {
        const uint64_t v = exact_[e];
        count += static_cast<long long>(v & ((1u << 20) - 1));
        const long long atom = static_cast<long long>(v >> 21 & ((1u << 24) - 1));
        if (!(v >> 20 & 1) && atom != last_atom) {
          ++distinct;
          last_atom = atom;
        }
      }
      const int bin = k == kMaxKey ? kAngleBins - 1 : k / 1000 - 1;
      h[bin] += static_cast<double>(count) / distinct;
    };
    for (int w = 0; w < kWords; ++w) {
      uint64_t bits = seen_[w];
      while (bits != 0) {
        const int k = w * 64 + __builtin_ctzll(bits);
        bits &= bits - 1;
        while (e < ne && key_at(e) < k) add_key(key_at(e), false);
        add_key(k, true);
      }
      seen_[w] = 0;
    }
    while (e < ne) add_key(key_at(e), false);
    exact_.clear();
    dirty_ = false;
    return h;
  }
  // One per thread, reused.
  static ImageHistogram& ForThread(int images) {
    thread_local ImageHistogram h;
    h.Start(images);
    return h;
  }

 private:
  // Stable LSD radix sort of exact_ by its key field (atoms stay in order).
  void SortExactByKey() {
    const size_t n = exact_.size();
    if (n < 2) return;
    tmp_.resize(n);
    for (int shift : {45, 54}) {
      size_t counts[513] = {0};
      for (uint64_t v : exact_) ++counts[(v >> shift & 511) + 1];
      for (int b = 0; b < 512; ++b) counts[b + 1] += counts[b];
      for (uint64_t v : exact_) tmp_[counts[v >> shift & 511]++] = v;
      exact_.swap(tmp_);
    }
  }
  int images_ = 1;
  bool dirty_ = false;
  std::vector<uint16_t> occ_, sites_;
  std::vector<uint32_t> occ_hi_, sites_hi_;
  std::vector<uint64_t> bits_, seen_;
  std::vector<int> site_keys_;  // the site's distinct keys (and one more)
  int num_site_keys_ = 0;
  std::vector<uint64_t> exact_, tmp_;
};

// numpy's dot (BLAS) accumulates from +0.0, so a sum of -0.0 terms is +0.0;
// the sign of zero decides atan2(0, 0) in the dihedral (0 or 180 degrees).
double BlasDot3(const Eigen::Vector3d& a, const Eigen::Vector3d& b) {
  double s = 0.0;
  s += a[0] * b[0];
  s += a[1] * b[1];
  s += a[2] * b[2];
  return s;
}

// One neighbour of a supercell atom: index and bond vector (A).
struct Bond {
  int j;
  Eigen::Vector3d v;
  double d;
};

// Neighbour lists in the supercell with matminer's single minimum image
// (a fractional difference of magnitude >= 1/2 is shifted once) and
// 0.1 <= d < cutoff. Error when an atom has more than max_n neighbours
// (matminer's fixed arrays overflow there).
absl::StatusOr<std::vector<std::vector<Bond>>> SupercellNeighbours(
    const std::vector<Eigen::Vector3d>& coords, const Eigen::Matrix3d& lat,
    double cutoff, int max_n) {
  const int nat = coords.size();
  std::vector<std::vector<Bond>> nn(nat);
  for (int i = 0; i < nat; ++i) {
    for (int j = i + 1; j < nat; ++j) {
      Eigen::Vector3d diff = coords[i] - coords[j];
      for (int v = 0; v < 3; ++v) {
        if (std::fabs(diff[v]) >= 0.5) {
          diff[v] -= diff[v] > 0 ? 1.0 : (diff[v] < 0 ? -1.0 : 0.0);
        }
      }
      Eigen::Vector3d b;
      for (int c = 0; c < 3; ++c) {
        b[c] = BlasDot3(diff, lat.col(c));
      }
      double dd = std::sqrt(BlasDot3(b, b));
      if (dd < cutoff && dd >= 0.1) {
        nn[i].push_back({j, b, dd});
        nn[j].push_back({i, -b, dd});
        if (static_cast<int>(nn[i].size()) > max_n ||
            static_cast<int>(nn[j].size()) > max_n) {
          return absl::InvalidArgumentError(absl::StrCat(
              "more than ", max_n, " neighbours within ", cutoff,
              " A of one atom (CFID's neighbour arrays overflow)"));
        }
      }
    }
  }
  return nn;
}

std::vector<double> AngleDistribution(
    const std::vector<std::vector<Bond>>& nn) {
  AngleHistogram hist;
  for (int i = 0; i < static_cast<int>(nn.size()); ++i) {
    const auto& bonds = nn[i];
    for (size_t a = 0; a < bonds.size(); ++a) {
      for (size_t b = a + 1; b < bonds.size(); ++b) {
        double nm = bonds[a].d * bonds[b].d;
        if (nm == 0) continue;
        double rr = bonds[a].v[0] * bonds[b].v[0] +
                    bonds[a].v[1] * bonds[b].v[1] +
                    bonds[a].v[2] * bonds[b].v[2];
        double cos = rr / nm;
        if (cos <= -1.0) cos += 0.000001;
        if (cos >= 1.0) cos -= 0.000001;
        hist.Add(std::acos(cos) * kRadToDeg, i);
      }
    }
  }
  return hist.Histogram();
}

// A bond of image 0 of a site, see Image0Candidates.
struct Candidate {
  Bond bond;
  bool flips;
  double flip_len;
};

// The supercell as ComputeDistributions builds it: site p's image (a, b, c)
// is atom p * images + (a * dim[1] + b) * dim[2] + c.
struct Supercell {
  std::vector<Eigen::Vector3d> coords;  // fractional in the supercell
  Eigen::Matrix3d lat;
  int dim[3];
  int images;
  // Per site, Image0Candidates within the largest cutoff (the image-reduced
  // loops only).
  std::vector<std::vector<Candidate>> candidates;
  std::vector<std::array<int, 3>> cells;  // image -> (a, b, c)
};

// Atom y moved by image t (the same translation that takes image 0 to t).
inline int Translate(const Supercell& sc, int y, int t) {
  const int q = y / sc.images, r = y % sc.images;
  const std::array<int, 3>& u = sc.cells[r];
  const std::array<int, 3>& v = sc.cells[t];
  // Each sum is below twice its dimension.
  auto wrap = [](int s, int n) { return s < n ? s : s - n; };
  return q * sc.images +
         (wrap(u[0] + v[0], sc.dim[0]) * sc.dim[1] +
          wrap(u[1] + v[1], sc.dim[1])) *
             sc.dim[2] +
         wrap(u[2] + v[2], sc.dim[2]);
}

// The image that undoes image t: Translate(sc, y, InverseImage(sc, t))
// moves image t of y back to image 0.
inline int InverseImage(const Supercell& sc, int t) {
  const int ta = t / (sc.dim[1] * sc.dim[2]), tb = (t / sc.dim[2]) % sc.dim[1],
            tc = t % sc.dim[2];
  return (((sc.dim[0] - ta) % sc.dim[0]) * sc.dim[1] +
          (sc.dim[1] - tb) % sc.dim[1]) *
             sc.dim[2] +
         (sc.dim[2] - tc) % sc.dim[2];
}

// The bond vector and length that SupercellNeighbours stores for y in x's
// list (computed from the lower index, negated for the higher one), and the
// wrapped fractional difference.
__attribute__((always_inline)) inline void ReferenceBond(
    const Supercell& sc, int x, int y, Eigen::Vector3d* v, double* d,
    Eigen::Vector3d* wrapped) {
  const int i = std::min(x, y), j = std::max(x, y);
  Eigen::Vector3d diff = sc.coords[i] - sc.coords[j];
  for (int k = 0; k < 3; ++k) {
    // Branch-free (wraps go either way at random); subtracting +0.0 keeps
    // every value, -0.0 included.
    diff[k] -= std::fabs(diff[k]) >= 0.5 ? std::copysign(1.0, diff[k]) : 0.0;
  }
  Eigen::Vector3d b;
  for (int c = 0; c < 3; ++c) b[c] = BlasDot3(diff, sc.lat.col(c));
  *d = std::sqrt(BlasDot3(b, b));
  *v = x == i ? b : Eigen::Vector3d(-b);
  *wrapped = diff;
}

// Margins against the rounding differences between images (coordinates
// (f + a) / dim differ in the last bits, so bond vectors by <~1e-13 A and
// cosines by <~1e-11): beyond them an image-0 quantity decides every image.
constexpr double kDistanceMargin = 1e-9;   // A
constexpr double kHalfCellMargin = 1e-12;  // fractional
constexpr double kCosEdgeMargin = 1e-6;    // |cos| below 1 - this
constexpr double kKeyEdgeMargin = 0.01;    // thousandths of a degree
// For an exact image-0 value (no approximation error): cosines differing by
// 1e-11 move an angle off the cos edge by < 4e-4 key; dihedrals off
// near-zero atan2 arguments move less. (Measured over the images of 500 MP
// structures: at most 2e-8 key for angles, 4e-8 for dihedrals.)
constexpr double kImageKeyMargin = 1e-3;  // thousandths of a degree

// The polynomial acos (Abramowitz & Stegun 4.4.46, |error| <= 2e-8 on
// [-1, 1]); |x| is clamped to 1.
template <class S>
inline typename S::V ApproxAcosLanes(typename S::V x) {
  const typename S::V ax = S::Min(S::Abs(x), S::Set(1.0));
  typename S::V p = S::Set(-0.0012624911);
  p = S::Add(S::Mul(p, ax), S::Set(0.0066700901));
  p = S::Add(S::Mul(p, ax), S::Set(-0.0170881256));
  p = S::Add(S::Mul(p, ax), S::Set(0.0308918810));
  p = S::Add(S::Mul(p, ax), S::Set(-0.0501743046));
  p = S::Add(S::Mul(p, ax), S::Set(0.0889789874));
  p = S::Add(S::Mul(p, ax), S::Set(-0.2145988016));
  p = S::Add(S::Mul(p, ax), S::Set(1.5707963050));
  const typename S::V r = S::Mul(S::Sqrt(S::Sub(S::Set(1.0), ax)), p);
  return S::Select(S::Lt(x, S::Set(0.0)), S::Sub(S::Set(M_PI), r), r);
}

// Keys (thousandths of a degree) from a pass's approximate values y, as
// int32: -1 where y is marked (-1) or within kKeyEdgeMargin of a rounding
// edge (decided exactly instead), 0 where no bin counts the key.
template <class S>
inline void StoreKeys(typename S::V y, int32_t* out) {
  // Any rounding to nearest will do away from the ties.
  const typename S::V k = S::Trunc(S::Add(y, S::Set(0.5)));
  const typename S::M unsure =
      S::Or(S::NotGe(y, S::Set(0.0)),
            S::NotLe(S::Abs(S::Sub(y, k)), S::Set(0.5 - kKeyEdgeMargin)));
  const typename S::M outside =
      S::Or(S::Lt(k, S::Set(1000.0)), S::Lt(S::Set(180000.0), k));
  S::StoreInt(out, S::Select(unsure, S::Set(-1.0),
                             S::Select(outside, S::Set(0.0), k)));
}

// The keys of AngleDistribution's angles between bond a (ax, ay, az; ad) and
// bonds 0 .. n - 1 of the arrays, as StoreKeys. ApproxAcos is within 2.2e-8
// rad (1.3e-3 key) of acos, well inside the key margin; near |cos| = 1 (the
// reference's clamp) the value is marked. The arrays are read and keys
// written up to n rounded up to whole lanes.
template <class S>
inline void AngleKeysLanes(const double* bx, const double* by,
                           const double* bz, const double* bd, double ax,
                           double ay, double az, double ad, int n,
                           int32_t* keys) {
  using V = typename S::V;
  const V vax = S::Set(ax), vay = S::Set(ay), vaz = S::Set(az),
          vad = S::Set(ad);
  const V scale = S::Set(kRadToDeg * 1000.0);
  const V edge = S::Set(1.0 - kCosEdgeMargin);
  for (int b = 0; b < n; b += S::kLanes) {
    const V nm = S::Mul(vad, S::Load(bd + b));
    const V rr = S::Add(S::Add(S::Mul(vax, S::Load(bx + b)),
                               S::Mul(vay, S::Load(by + b))),
                        S::Mul(vaz, S::Load(bz + b)));
    const V cos = S::Div(rr, nm);
    const V y = S::Mul(ApproxAcosLanes<S>(cos), scale);
    StoreKeys<S>(S::Select(S::Ge(S::Abs(cos), edge), S::Set(-1.0), y),
                 keys + b);
  }
}

// The keys of ImageReducedDihedrals' image-0 dihedrals (see there) for one
// b1 and b2 over the b3: v23 (cx, cy, cz) and d3 per b3; |b1| = n2, b2 (ax,
// ay, az), v12 (wx, wy, wz) and scale12 = |b2| |b1|^2. Near-collinear chains
// are marked. Read and written as AngleKeysLanes.
template <class S>
inline void DihedralKeysLanes(const double* cx, const double* cy,
                              const double* cz, const double* d3, double n2,
                              double ax, double ay, double az, double wx,
                              double wy, double wz, double scale12, int n,
                              int32_t* keys) {
  using V = typename S::V;
  const V vn2 = S::Set(n2), vax = S::Set(ax), vay = S::Set(ay),
          vaz = S::Set(az), vwx = S::Set(wx), vwy = S::Set(wy),
          vwz = S::Set(wz), vs12 = S::Set(scale12);
  const V deg = S::Set(kRadToDeg * 1000.0);
  const V tiny = S::Set(1e-6);
  for (int i3 = 0; i3 < n; i3 += S::kLanes) {
    const V vx = S::Load(cx + i3), vy = S::Load(cy + i3),
            vz = S::Load(cz + i3);
    const V s = S::Mul(
        vn2, S::Add(S::Add(S::Mul(vax, vx), S::Mul(vay, vy)), S::Mul(vaz, vz)));
    const V c =
        S::Add(S::Add(S::Mul(vwx, vx), S::Mul(vwy, vy)), S::Mul(vwz, vz));
    const V scale = S::Mul(vs12, S::Load(d3 + i3));
    const V h2 = S::Add(S::Mul(s, s), S::Mul(c, c));
    const V y = S::Mul(ApproxAcosLanes<S>(S::Div(c, S::Sqrt(h2))), deg);
    const typename S::M degenerate =
        S::Lt(h2, S::Mul(S::Mul(tiny, scale), scale));
    StoreKeys<S>(S::Select(degenerate, S::Set(-1.0), y), keys + i3);
  }
}

// Reads and writes past n stay within this many elements.
constexpr int kMaxLanes = 4;

// The structure of arrays a key pass reads: n vectors (x, y, z) with their
// lengths d, and the keys it writes, all padded by kMaxLanes (zero vectors
// of length 1) so the last lanes read and write inside the arrays.
struct LaneArrays {
  std::vector<double> x, y, z, d;
  std::vector<int32_t> keys;
  void Reset(size_t n) {
    x.assign(n + kMaxLanes, 0.0);
    y.assign(n + kMaxLanes, 0.0);
    z.assign(n + kMaxLanes, 0.0);
    d.assign(n + kMaxLanes, 1.0);
    keys.resize(n + kMaxLanes);
  }
  void Set(size_t i, const Eigen::Vector3d& v, double length) {
    x[i] = v[0];
    y[i] = v[1];
    z[i] = v[2];
    d[i] = length;
  }
};

#ifdef __SSE2__
using Lanes = Sse2;
#else
using Lanes = Scalar;
#endif

void AngleKeysDefault(const double* bx, const double* by, const double* bz,
                      const double* bd, double ax, double ay, double az,
                      double ad, int n, int32_t* keys) {
  AngleKeysLanes<Lanes>(bx, by, bz, bd, ax, ay, az, ad, n, keys);
}
void DihedralKeysDefault(const double* cx, const double* cy, const double* cz,
                         const double* d3, double n2, double ax, double ay,
                         double az, double wx, double wy, double wz,
                         double scale12, int n, int32_t* keys) {
  DihedralKeysLanes<Lanes>(cx, cy, cz, d3, n2, ax, ay, az, wx, wy, wz,
                           scale12, n, keys);
}
#ifdef __x86_64__
// flatten: Avx2's operations inline here (not into the target-less
// templates).
IONSCREEN_AVX2 __attribute__((flatten)) void AngleKeysAvx2(
    const double* bx, const double* by, const double* bz, const double* bd,
    double ax, double ay, double az, double ad, int n, int32_t* keys) {
  AngleKeysLanes<Avx2>(bx, by, bz, bd, ax, ay, az, ad, n, keys);
}
IONSCREEN_AVX2 __attribute__((flatten)) void DihedralKeysAvx2(
    const double* cx, const double* cy, const double* cz, const double* d3,
    double n2, double ax, double ay, double az, double wx, double wy,
    double wz, double scale12, int n, int32_t* keys) {
  DihedralKeysLanes<Avx2>(cx, cy, cz, d3, n2, ax, ay, az, wx, wy, wz,
                          scale12, n, keys);
}
#endif

// The key passes for this CPU.
struct KeyPasses {
  decltype(&AngleKeysDefault) angles;
  decltype(&DihedralKeysDefault) dihedrals;
};
const KeyPasses& Passes() {
  static const KeyPasses passes = [] {
#ifdef __x86_64__
    if (__builtin_cpu_supports("avx2")) {
      return KeyPasses{AngleKeysAvx2, DihedralKeysAvx2};
    }
#endif
    return KeyPasses{AngleKeysDefault, DihedralKeysDefault};
  }();
  return passes;
}

// The key (Thousandths) of exactly AngleDistribution's angle for two bonds of
// one atom, with the
// keys of recent cosines remembered (the recomputed angles are mostly the
// near-straight ones, whose cosines take a few values around -1 in every
// image; the key is a function of the cosine, so this is exact).
inline long long ExactAngleKey(const Eigen::Vector3d& va, double da,
                               const Eigen::Vector3d& vb, double db) {
  double nm = da * db;
  double rr = va[0] * vb[0] + va[1] * vb[1] + va[2] * vb[2];
  double cos = rr / nm;
  if (cos <= -1.0) cos += 0.000001;
  if (cos >= 1.0) cos -= 0.000001;
  struct Cache {
    uint64_t bits[256];
    long long key[256];
    Cache() { std::fill(bits, bits + 256, ~uint64_t{0}); }  // a NaN
  };
  thread_local Cache cache;
  uint64_t b;
  std::memcpy(&b, &cos, sizeof b);
  const int h = static_cast<int>((b * 0x9E3779B97F4A7C15ull) >> 56);
  if (cache.bits[h] == b) return cache.key[h];
  const long long k = Thousandths(std::acos(cos) * kRadToDeg);
  cache.bits[h] = b;
  cache.key[h] = k;
  return k;
}

// The key of an angle whose image-0 pass key was unsure, when image 0's
// exact value (ExactAngleKey's, away from the cos clamp) is beyond
// kImageKeyMargin of a rounding edge, so every image has it; else -1 (the
// images are computed one by one).
inline long long Image0AngleKey(const Eigen::Vector3d& va, double da,
                                const Eigen::Vector3d& vb, double db) {
  const double nm = da * db;
  const double rr = va[0] * vb[0] + va[1] * vb[1] + va[2] * vb[2];
  const double cos = rr / nm;
  if (!(std::fabs(cos) < 1.0 - kCosEdgeMargin)) return -1;
  // Thousandths' y (acos >= 0).
  const double y = std::acos(cos) * kRadToDeg * 1000.0;
  const long long t = static_cast<long long>(y);
  const double frac = y - static_cast<double>(t);
  if (!(std::fabs(frac - 0.5) > kImageKeyMargin)) return -1;
  return frac < 0.5 ? t : t + 1;
}

// Image 0 of site p (supercell atom x = p * images): the other atoms
// within reach as ReferenceBond gives them (in index order), with what
// Image0Bonds needs for any cutoff up to reach: whether a half-supercell wrap
// could go the other way in another image (flips), and then the shortest
// such other bond (flip_len).
void Image0Candidates(const Supercell& sc, int x, double reach,
                      std::vector<Candidate>* out) {
  const int natoms = sc.coords.size();
  const double far = std::max(reach, 0.1) + 1e-6;
  for (int y = 0; y < natoms; ++y) {
    if (y == x) continue;
    Candidate c;
    Eigen::Vector3d w;
    ReferenceBond(sc, x, y, &c.bond.v, &c.bond.d, &w);
    c.bond.j = y;
    c.flips = false;
    c.flip_len = 0;
    if (w.cwiseAbs().maxCoeff() > 0.5 - kHalfCellMargin) {
      for (int m = 1; m < 8; ++m) {
        Eigen::Vector3d alt = w;
        for (int k = 0; k < 3; ++k) {
          if ((m >> k & 1) && std::fabs(w[k]) > 0.5 - kHalfCellMargin) {
            alt[k] = -alt[k];
          }
        }
        if (alt != w) {
          const double len = (sc.lat.transpose() * alt).norm();
          c.flip_len = c.flips ? std::min(c.flip_len, len) : len;
          c.flips = true;
        }
      }
    }
    if (c.bond.d < far || (c.flips && c.flip_len < far)) out->push_back(c);
  }
}

// The bonds within cutoff (<= the candidates' reach) of image 0 of site p as
// SupercellNeighbours finds them, split into those every image repeats
// (bonds, sorted by index) and the candidates rounding could make differ
// between images (maybe): a distance within the margin of a cutoff, or a
// half-supercell wrap that could go either way.
void Image0Bonds(const Supercell& sc, int p, double cutoff,
                 std::vector<Bond>* bonds_out, std::vector<int>* maybe_out) {
  std::vector<Bond>& bonds = *bonds_out;
  std::vector<int>& maybe = *maybe_out;
  bonds.clear();
  maybe.clear();
  for (const Candidate& c : sc.candidates[p]) {
    const double d = c.bond.d;
    const bool is_maybe =
        std::fabs(d - cutoff) < kDistanceMargin ||
        std::fabs(d - 0.1) < kDistanceMargin ||
        (c.flips && (d < cutoff + 1e-6 || c.flip_len < cutoff + 1e-6));
    if (is_maybe) {
      maybe.push_back(c.bond.j);
    } else if (d < cutoff && d >= 0.1) {
      bonds.push_back(c.bond);
    }
  }
}

// The angle distribution over every supercell atom, computed from image 0
// of each site: by translation symmetry every image has the same bonds and,
// up to rounding, the same angles. An angle between two bonds whose key is
// decided with margin counts once per image from image 0 (the approximate
// key, or where that is near a rounding edge of the 0.001-degree key, image
// 0's exact one); the others (near a rounding edge even so, near 0/180
// degrees where the reference's cos clamp makes the key depend on the last
// bit, or involving a bond that rounding could add, drop or flip: a distance
// within the margin of a cutoff, or a half-supercell wrap that could go
// either way) are recomputed for every image exactly as AngleDistribution
// does. The result is the full loop's bit for bit, up to D times cheaper.
absl::StatusOr<std::vector<double>> ImageReducedAngles(const Supercell& sc,
                                                       int nsites,
                                                       double cutoff,
                                                       int max_n) {
  ImageHistogram& hist = ImageHistogram::ForThread(sc.images);
  std::vector<Bond> bonds, sure_t, maybe_t;
  std::vector<int> maybe;
  std::vector<std::pair<int, int>> unsure;
  std::vector<size_t> maybe_of;  // maybe_t[m] is maybe[maybe_of[m]]
  struct Variant {
    Eigen::Vector3d v;
    std::vector<long long> keys;  // per sure bond
  };
  std::vector<std::vector<Variant>> variants;
  LaneArrays lanes;
  const KeyPasses& passes = Passes();
  auto overflow = [&]() {
    return absl::InvalidArgumentError(
        absl::StrCat("more than ", max_n, " neighbours within ", cutoff,
                     " A of one atom (CFID's neighbour arrays overflow)"));
  };
  for (int p = 0; p < nsites; ++p) {
    const int x = p * sc.images;
    Image0Bonds(sc, p, cutoff, &bonds, &maybe);
    unsure.clear();
    const size_t nb = bonds.size();
    lanes.Reset(nb);
    for (size_t a = 0; a < nb; ++a) lanes.Set(a, bonds[a].v, bonds[a].d);
    const double *bx = lanes.x.data(), *by = lanes.y.data(),
                 *bz = lanes.z.data(), *bd = lanes.d.data();
    for (size_t a = 0; a < nb; ++a) {
      const size_t b0 = a + 1;
      passes.angles(&bx[b0], &by[b0], &bz[b0], &bd[b0], bx[a], by[a], bz[a],
                    bd[a], nb - b0, lanes.keys.data());
      for (size_t b = b0; b < nb; ++b) {
        const int32_t k = lanes.keys[b - b0];
        if (k > 0) {
          hist.AddSure(k);
        } else if (k < 0) {
          const long long k0 =
              Image0AngleKey(bonds[a].v, bonds[a].d, bonds[b].v, bonds[b].d);
          if (k0 < 0) {
            unsure.push_back({static_cast<int>(a), static_cast<int>(b)});
          } else if (k0 >= ImageHistogram::kMinKey &&
                     k0 <= ImageHistogram::kMaxKey) {
            hist.AddSure(static_cast<int>(k0));
          }
        }
      }
    }
    // Per maybe bond, the vectors it takes in the images (a wrap that goes
    // either way gives a few, a supercell vector apart, the same up to
    // rounding otherwise) with its keys with the sure bonds from the first
    // image that has each: Image0AngleKey's, decided with margin there, so
    // in every image with that vector (else -1, computed per image).
    variants.assign(maybe.size(), {});
    for (int t = 0; t < sc.images; ++t) {
      const int xt = x + t;
      Eigen::Vector3d w;
      // Bonds of this image that image 0 cannot vouch for.
      maybe_t.clear();
      maybe_of.clear();
      for (size_t i = 0; i < maybe.size(); ++i) {
        Bond m;
        m.j = Translate(sc, maybe[i], t);
        ReferenceBond(sc, xt, m.j, &m.v, &m.d, &w);
        if (m.d < cutoff && m.d >= 0.1) {
          maybe_t.push_back(m);
          maybe_of.push_back(i);
        }
      }
      if (static_cast<int>(bonds.size() + maybe_t.size()) > max_n) {
        return overflow();
      }
      bool sure_ready = false;
      auto need_sure = [&] {
        if (sure_ready) return;
        sure_t.resize(bonds.size());
        for (size_t a = 0; a < bonds.size(); ++a) {
          sure_t[a].j = Translate(sc, bonds[a].j, t);
          ReferenceBond(sc, xt, sure_t[a].j, &sure_t[a].v, &sure_t[a].d, &w);
        }
        sure_ready = true;
      };
      if (!unsure.empty()) need_sure();
      for (const auto& [a, b] : unsure) {
        hist.AddExact(
            ExactAngleKey(sure_t[a].v, sure_t[a].d, sure_t[b].v, sure_t[b].d),
            1, xt);
      }
      for (size_t m = 0; m < maybe_t.size(); ++m) {
        const Bond& mb = maybe_t[m];
        std::vector<Variant>& vs = variants[maybe_of[m]];
        auto u = std::find_if(vs.begin(), vs.end(), [&](const Variant& v) {
          return (v.v - mb.v).cwiseAbs().maxCoeff() < 1e-6;
        });
        if (u == vs.end()) {
          need_sure();
          Variant v{mb.v, std::vector<long long>(bonds.size())};
          for (size_t a = 0; a < bonds.size(); ++a) {
            v.keys[a] = Image0AngleKey(mb.v, mb.d, sure_t[a].v, sure_t[a].d);
          }
          vs.push_back(std::move(v));
          u = vs.end() - 1;
        }
        for (size_t a = 0; a < bonds.size(); ++a) {
          long long k = u->keys[a];
          if (k < 0) {
            need_sure();
            k = ExactAngleKey(mb.v, mb.d, sure_t[a].v, sure_t[a].d);
          }
          hist.AddExact(k, 1, xt);
        }
        for (size_t m2 = m + 1; m2 < maybe_t.size(); ++m2) {
          hist.AddExact(ExactAngleKey(mb.v, mb.d, maybe_t[m2].v, maybe_t[m2].d),
                        1, xt);
        }
      }
    }
    hist.EndSite();
  }
  return hist.TakeHistogram();
}

// The dihedral angle of DihedralDistribution for bonds b2, b1 of atom i and
// b3 of atom b1.j; *s and *c are atan2's arguments.
inline double ReferenceDihedral(const Eigen::Vector3d& b2v,
                                const Eigen::Vector3d& b1v,
                                const Eigen::Vector3d& b3v, double* s_out,
                                double* c_out) {
  Eigen::Vector3d v1 = b2v, v2 = -b1v, v3 = -b3v;
  Eigen::Vector3d v23 = v2.cross(v3), v12 = v1.cross(v2);
  const double s = std::sqrt(BlasDot3(v2, v2)) * BlasDot3(v1, v23);
  const double c = BlasDot3(v12, v23);
  double theta = std::atan2(s, c) * kRadToDeg;
  if (theta < 0.00001) theta = -theta;
  *s_out = s;
  *c_out = c;
  return theta;
}
inline double ReferenceDihedral(const Eigen::Vector3d& b2v,
                                const Eigen::Vector3d& b1v,
                                const Eigen::Vector3d& b3v) {
  double s, c;
  return ReferenceDihedral(b2v, b1v, b3v, &s, &c);
}

std::vector<double> DihedralDistribution(
    const std::vector<std::vector<Bond>>& nn) {
  AngleHistogram hist;
  for (int i = 0; i < static_cast<int>(nn.size()); ++i) {
    for (const Bond& b1 : nn[i]) {
      const int j1 = b1.j;
      if (j1 <= i) continue;
      for (const Bond& b2 : nn[i]) {
        if (b2.j == j1) continue;
        for (const Bond& b3 : nn[j1]) {
          if (b3.j == i) continue;
          hist.Add(ReferenceDihedral(b2.v, b1.v, b3.v), i);
        }
      }
    }
  }
  return hist.Histogram();
}

// The key of a chain whose image-0 pass key was unsure, as Image0AngleKey:
// from the exact dihedral of its first image (b2 and b1 of image 0 of the
// site, b3 of image `shift` of site q), when atan2's arguments are not near
// zero (the pass's test, scale = |b2| |b1|^2 |b3|); 0 when no bin counts it.
inline long long Image0DihedralKey(const Supercell& sc, const Bond& b2,
                                   const Bond& b1, int q, int shift,
                                   const Bond& b3) {
  Eigen::Vector3d v3, w;
  double d3;
  ReferenceBond(sc, q * sc.images + shift, Translate(sc, b3.j, shift), &v3,
                &d3, &w);
  double s, c;
  const double theta = ReferenceDihedral(b2.v, b1.v, v3, &s, &c);
  const double scale = b2.d * b1.d * b1.d * b3.d;
  if (!(s * s + c * c >= 1e-6 * scale * scale)) return -1;
  const double y = theta * 1000.0;  // Thousandths' y
  if (!(y >= 0)) return -1;
  const long long t = static_cast<long long>(y);
  const double frac = y - static_cast<double>(t);
  if (!(std::fabs(frac - 0.5) > kImageKeyMargin)) return -1;
  const long long k = frac < 0.5 ? t : t + 1;
  return k < ImageHistogram::kMinKey || k > ImageHistogram::kMaxKey ? 0 : k;
}

// Image s + t: the image that Translate by t takes image s to.
inline int ComposeImages(const Supercell& sc, int s, int t) {
  return Translate(sc, s, t);  // site 0: the index is the image
}

// DihedralDistribution over every supercell atom from image 0 of each site,
// as ImageReducedAngles: chains (b2, b1, b3) of a bond b1 to a higher site
// repeat in every image; a bond to another image of the same site is taken
// in the images where its far end has the higher index (the reference's
// j1 > i). Dihedrals near a key rounding edge take image 0's exact key
// unless that is near the edge too; those, and chains with near-collinear
// bonds (atan2 of near-zero arguments, decided by the last bits), are
// recomputed per image exactly. nullopt (caller runs the full loop) when
// some bond could differ between images.
//
// Image-0 keys: for a bond b1 the cross products v12 (per b2) and v23 (per
// b3) are formed once, so a chain costs two dot products; the angle is
// |atan2(s, c)| = acos(c / hypot(s, c)) from the polynomial acos (within
// 3e-3 key of the reference's atan2 here, far inside the key margin; chains
// with sin(b1, b2) sin(b1, b3) < 1e-3 are recomputed exactly). The exact
// recomputations take their bond vectors from a per-image table of each
// site's bonds (the same ReferenceBond values the full loop stores).
absl::StatusOr<std::optional<std::vector<double>>> ImageReducedDihedrals(
    const Supercell& sc, int nsites, double cutoff, int max_n) {
  std::vector<std::vector<Bond>> lists(nsites);
  std::vector<int> maybe;
  for (int q = 0; q < nsites; ++q) {
    Image0Bonds(sc, q, cutoff, &lists[q], &maybe);
    if (!maybe.empty()) return std::nullopt;
    if (static_cast<int>(lists[q].size()) > max_n) {
      return absl::InvalidArgumentError(
          absl::StrCat("more than ", max_n, " neighbours within ", cutoff,
                       " A of one atom (CFID's neighbour arrays overflow)"));
    }
  }
  struct Chain {
    int b1, b2, b3;  // indices into lists[p], lists[p], lists[q]
  };
  struct SelfBond {
    int b1;
    std::vector<std::pair<long long, int>> keys;
    std::vector<Chain> unsure;
  };
  // Bond vectors of site q's bonds in every image (filled when an exact
  // recomputation needs them): image_bonds[q][s * lists[q].size() + i].
  std::vector<std::vector<Eigen::Vector3d>> image_bonds(nsites);
  auto bonds_of = [&](int q) -> const std::vector<Eigen::Vector3d>& {
    std::vector<Eigen::Vector3d>& out = image_bonds[q];
    if (out.empty() && !lists[q].empty()) {
      const std::vector<Bond>& l = lists[q];
      out.resize(static_cast<size_t>(sc.images) * l.size());
      Eigen::Vector3d w;
      double d;
      for (int s = 0; s < sc.images; ++s) {
        for (size_t i = 0; i < l.size(); ++i) {
          ReferenceBond(sc, q * sc.images + s, Translate(sc, l[i].j, s),
                        &out[s * l.size() + i], &d, &w);
        }
      }
    }
    return out;
  };
  ImageHistogram& hist = ImageHistogram::ForThread(sc.images);
  std::vector<long long> self_keys;
  std::vector<Chain> unsure;
  std::vector<SelfBond> self_bonds;
  // Per b1: v23 of every b3 (structure of arrays, padded for the lanes) and
  // the image-0 keys.
  LaneArrays lanes;  // v23 and d3 per b3
  std::vector<int32_t>& keys = lanes.keys;
  const KeyPasses& passes = Passes();
  for (int p = 0; p < nsites; ++p) {
    const int x = p * sc.images;
    const std::vector<Bond>& nn_x = lists[p];
    unsure.clear();
    self_bonds.clear();
    for (int i1 = 0; i1 < static_cast<int>(nn_x.size()); ++i1) {
      const Bond& b1 = nn_x[i1];
      const int q = b1.j / sc.images, shift = b1.j % sc.images;
      if (q < p) continue;
      const bool self = q == p;
      if (self) {
        self_bonds.push_back({i1, {}, {}});
        self_keys.clear();
      }
      std::vector<Chain>& unsure_to = self ? self_bonds.back().unsure : unsure;
      // b3 leads back to x (Translate(b3.j, shift) == x) exactly when it
      // ends on this image of x.
      const int back = x + InverseImage(sc, shift);
      const Eigen::Vector3d v2 = -b1.v;
      const double n2 = std::sqrt(BlasDot3(v2, v2));
      const std::vector<Bond>& nn_q = lists[q];
      const size_t nq = nn_q.size();
      lanes.Reset(nq);
      int back_i3 = -1;  // lists hold each atom once
      for (size_t i3 = 0; i3 < nq; ++i3) {
        lanes.Set(i3, v2.cross(Eigen::Vector3d(-nn_q[i3].v)), nn_q[i3].d);
        if (nn_q[i3].j == back) back_i3 = i3;
      }
      for (int i2 = 0; i2 < static_cast<int>(nn_x.size()); ++i2) {
        const Bond& b2 = nn_x[i2];
        if (b2.j == b1.j) continue;
        const Eigen::Vector3d v12 = b2.v.cross(v2);
        passes.dihedrals(lanes.x.data(), lanes.y.data(), lanes.z.data(),
                         lanes.d.data(), n2, b2.v[0], b2.v[1], b2.v[2], v12[0],
                         v12[1], v12[2], b2.d * b1.d * b1.d, nq, keys.data());
        if (back_i3 >= 0) keys[back_i3] = 0;
        for (size_t i3 = 0; i3 < nq; ++i3) {
          long long k = keys[i3];
          if (k < 0) {
            k = Image0DihedralKey(sc, b2, b1, q, shift, nn_q[i3]);
            if (k < 0) {
              unsure_to.push_back({i1, i2, static_cast<int>(i3)});
              continue;
            }
          }
          if (k > 0) {
            if (self) {
              self_keys.push_back(k);
            } else {
              hist.AddSure(static_cast<int>(k));
            }
          }
        }
      }
      if (self) {
        std::sort(self_keys.begin(), self_keys.end());
        for (size_t k = 0; k < self_keys.size();) {
          size_t e = k + 1;
          while (e < self_keys.size() && self_keys[e] == self_keys[k]) ++e;
          self_bonds.back().keys.push_back(
              {self_keys[k], static_cast<int>(e - k)});
          k = e;
        }
      }
    }
    bool need_exact = !unsure.empty();
    for (const SelfBond& sb : self_bonds) {
      if (!sb.unsure.empty()) need_exact = true;
    }
    const size_t np = nn_x.size();
    const std::vector<Eigen::Vector3d>* own =
        need_exact ? &bonds_of(p) : nullptr;
    for (int t = 0; t < sc.images; ++t) {
      const int xt = x + t;
      auto exact = [&](const Chain& ch) {
        const int q = nn_x[ch.b1].j / sc.images;
        const int shift = nn_x[ch.b1].j % sc.images;
        const std::vector<Eigen::Vector3d>& other = bonds_of(q);
        const int s = ComposeImages(sc, shift, t);
        hist.AddExactDegrees(
            ReferenceDihedral((*own)[t * np + ch.b2], (*own)[t * np + ch.b1],
                              other[s * lists[q].size() + ch.b3]),
            xt);
      };
      for (const Chain& ch : unsure) exact(ch);
      for (const SelfBond& sb : self_bonds) {
        if (Translate(sc, nn_x[sb.b1].j, t) <= xt) continue;
        for (const auto& [k, c] : sb.keys) hist.AddExact(k, c, xt);
        for (const Chain& ch : sb.unsure) exact(ch);
      }
    }
    hist.EndSite();
  }
  return hist.TakeHistogram();
}

// Periodic neighbour distances within kRdfCutoffAngstrom for every site
// (pymatgen get_all_neighbors: all images, self excluded at distance 0).
struct PairDistance {
  int i, j;
  double d;
};
std::vector<PairDistance> AllNeighbours(const Eigen::Matrix3d& lattice,
                                        const std::vector<Eigen::Vector3d>& frac,
                                        double cutoff) {
  const int n = frac.size();
  std::vector<Eigen::Vector3d> wrapped(n), cart(n);
  for (int i = 0; i < n; ++i) {
    for (int k = 0; k < 3; ++k) wrapped[i][k] = frac[i][k] - std::floor(frac[i][k]);
    cart[i] = lattice.transpose() * wrapped[i];
  }
  double volume = std::fabs(lattice.determinant());
  int range[3];
  for (int k = 0; k < 3; ++k) {
    Eigen::Vector3d a = lattice.row((k + 1) % 3), b = lattice.row((k + 2) % 3);
    double spacing = volume / a.cross(b).norm();
    range[k] = static_cast<int>(std::ceil(cutoff / spacing)) + 1;
  }
  // The image translations once (same expression, same values).
  std::vector<Eigen::Vector3d> shifts;
  for (int u = -range[0]; u <= range[0]; ++u) {
    for (int v = -range[1]; v <= range[1]; ++v) {
      for (int w = -range[2]; w <= range[2]; ++w) {
        shifts.push_back(u * lattice.row(0).transpose() +
                         v * lattice.row(1).transpose() +
                         w * lattice.row(2).transpose());
      }
    }
  }
  // norm() is sqrt(squaredNorm()): skip the root well outside the cutoff.
  const double far_sq = cutoff * cutoff * (1 + 1e-9);
  // Shifts by length: only those shorter than cutoff + |cart[j] - cart[i]|
  // can reach (the order of the pairs matters nowhere). Of those, a
  // branch-free pass picks the ones within reach (the same r; the bound
  // allows for another summation order of its norm).
  const double reach_sq = far_sq * (1 + 1e-12);
  const size_t ns = shifts.size();
  std::vector<int> order(ns);
  std::vector<double> len(ns);
  for (size_t k = 0; k < ns; ++k) {
    order[k] = k;
    len[k] = shifts[k].norm();
  }
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return len[a] < len[b]; });
  std::vector<double> sx(ns), sy(ns), sz(ns), sorted_len(ns);
  for (size_t k = 0; k < ns; ++k) {
    sx[k] = shifts[order[k]][0];
    sy[k] = shifts[order[k]][1];
    sz[k] = shifts[order[k]][2];
    sorted_len[k] = len[order[k]];
  }
  std::vector<int> near(ns);
  std::vector<PairDistance> out;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      const double ix = cart[i][0], iy = cart[i][1], iz = cart[i][2];
      const double jx = cart[j][0], jy = cart[j][1], jz = cart[j][2];
      const size_t end =
          std::upper_bound(sorted_len.begin(), sorted_len.end(),
                           cutoff + (cart[j] - cart[i]).norm() + 1e-6) -
          sorted_len.begin();
      size_t m = 0;
      for (size_t k = 0; k < end; ++k) {
        const double rx = (jx + sx[k]) - ix, ry = (jy + sy[k]) - iy,
                     rz = (jz + sz[k]) - iz;
        near[m] = order[k];
        m += rx * rx + ry * ry + rz * rz <= reach_sq;
      }
      for (size_t q = 0; q < m; ++q) {
        const Eigen::Vector3d r = cart[j] + shifts[near[q]] - cart[i];
        if (r.squaredNorm() > far_sq) continue;
        double d = r.norm();
        if (d <= cutoff && d > kZeroDistanceAngstrom) {
          out.push_back({i, j, d});
        }
      }
    }
  }
  return out;
}


// matminer's _flatten: the midpoint of the first gap >= tol in the sorted
// distances of one element pair. The gap is mostly among the shortest
// distances, so arr is sorted only as far as needed (a growing prefix).
absl::StatusOr<double> FirstGapMidpoint(std::vector<double>& arr, double tol) {
  const size_t n = arr.size();
  if (n < 2) {
    return absl::InvalidArgumentError(
        "an element pair has a single neighbour distance within 10 A, so "
        "CFID cannot place its cutoff");
  }
  size_t sorted = 0, grow = 256;
  for (size_t i = 0;; ++i) {
    if (i + 2 > sorted) {  // arr[i + 1] is not in place yet
      const size_t end = std::min(n, sorted + grow);
      if (end < n) {
        std::nth_element(arr.begin() + sorted, arr.begin() + end - 1,
                         arr.end());
      }
      std::sort(arr.begin() + sorted, arr.begin() + end);
      sorted = end;
      grow *= 4;
    }
    // The last pair when no gap is wide enough.
    if (!(arr[i + 1] - arr[i] < tol) || i + 2 == n) {
      return (arr[i + 1] + arr[i]) / 2.0;
    }
  }
}

// matminer's shell-cutoff search over the occupied RDF bins' left edges
// `arr` (ascending): from the adjacent pair (arr[*lo], arr[*lo + 1]) on, the
// first pair at least kRcutBufferAngstrom apart or reaching
// kMaxCutAngstrom; moves *lo to its lower bin and returns the midpoint of the
// two edges. Used for rcut1 (from bin 0; matminer tests only the upper edge
// against max_cut, the same since the edges ascend) and rcut2 (from rcut1's
// upper bin).
absl::StatusOr<double> ShellGapMidpoint(const std::vector<double>& arr,
                                        size_t* lo) {
  auto at = [&](size_t i) -> absl::StatusOr<double> {
    if (i >= arr.size()) {
      return absl::InvalidArgumentError(
          "too few occupied RDF bins within 10 A to place CFID's shell "
          "cutoffs");
    }
    return arr[i];
  };
  ASSIGN_OR_RETURN(double a, at(*lo));
  ASSIGN_OR_RETURN(double b, at(*lo + 1));
  double delta = b - a;
  while (delta < kRcutBufferAngstrom && b < kMaxCutAngstrom &&
         a < kMaxCutAngstrom) {
    ++*lo;
    ASSIGN_OR_RETURN(a, at(*lo));
    ASSIGN_OR_RETURN(b, at(*lo + 1));
    delta = b - a;
  }
  return (b + a) / 2.0;
}

}  // namespace

double ApproxAcos(double x) { return ApproxAcosLanes<Scalar>(x); }

void CleanCell(const Cell& in, Eigen::Matrix3d* lattice,
               std::vector<Eigen::Vector3d>* frac) {
  constexpr double kVacuumAngstrom = 8.0;
  Eigen::Matrix3d lat = in.lattice;
  for (int k = 0; k < 3; ++k) {
    double lo = in.cart[0][k], hi = in.cart[0][k];
    for (const auto& r : in.cart) {
      lo = std::min(lo, r[k]);
      hi = std::max(hi, r[k]);
    }
    double extent = hi - lo;
    if (std::fabs(lat(k, k) - extent) > kVacuumAngstrom) {
      lat(k, k) = extent + kVacuumAngstrom;
    }
  }
  *lattice = lat;
  Eigen::Matrix3d inv = lat.inverse();
  frac->clear();
  for (const auto& r : in.cart) frac->push_back(inv.transpose() * r);
}

absl::StatusOr<Distributions> ComputeDistributions(
    const Eigen::Matrix3d& lattice, const std::vector<Eigen::Vector3d>& frac,
    const std::vector<int>& z) {
  const int nsites = frac.size();
  const double volume = std::fabs(lattice.determinant());
  std::vector<PairDistance> pairs =
      AllNeighbours(lattice, frac, kRdfCutoffAngstrom);

  // _get_rdf: histogram of all neighbour distances.
  std::vector<double> edges(kRdfBins + 1);
  for (int k = 0; k <= kRdfBins; ++k) edges[k] = k * kRdfBinAngstrom;
  std::vector<long long> counts(kRdfBins, 0);
  for (const PairDistance& p : pairs) {
    if (p.d < edges[0] || p.d > edges[kRdfBins]) continue;
    // Bin k holds edges[k] <= d < edges[k+1]; the last bin is closed. The
    // quotient is within a step of k.
    int k = std::min(static_cast<int>(p.d / kRdfBinAngstrom), kRdfBins);
    while (k > 0 && edges[k] > p.d) --k;
    while (k < kRdfBins && edges[k + 1] <= p.d) ++k;
    if (k >= kRdfBins) k = kRdfBins - 1;
    ++counts[k];
  }
  Distributions out;
  const double number_density = nsites / volume;
  for (int k = 0; k < kRdfBins; ++k) {
    double shell = 4.0 / 3.0 * M_PI *
                   (std::pow(edges[k + 1], 3) - std::pow(edges[k], 3));
    out.rdf.push_back(
        PyRound(counts[k] / shell / number_density / nsites, 4));
    out.nn.push_back(static_cast<double>(counts[k]) / nsites);
  }

  // Shell cutoffs from the occupied bins (left edges).
  std::vector<double> arr;
  for (int k = 0; k < kRdfBins; ++k) {
    if (out.nn[k] > 0) arr.push_back(edges[k]);
  }
  size_t lo = 0;
  ASSIGN_OR_RETURN(out.rcut1, ShellGapMidpoint(arr, &lo));

  // Cutoff from element-pair combinations: the largest first-gap midpoint.
  std::map<std::pair<int, int>, std::vector<double>> by_pair;
  for (const PairDistance& p : pairs) {
    by_pair[{std::min(z[p.i], z[p.j]), std::max(z[p.i], z[p.j])}].push_back(p.d);
  }
  bool have_rcut = false;
  for (auto& [pair, d] : by_pair) {
    ASSIGN_OR_RETURN(double c, FirstGapMidpoint(d, 0.1));
    if (!have_rcut || c > out.rcut) out.rcut = c;
    have_rcut = true;
  }
  if (!have_rcut) {
    return absl::InvalidArgumentError("no neighbours within 10 A");
  }

  ++lo;  // the second gap is searched from the first one's upper bin
  ASSIGN_OR_RETURN(out.rcut2, ShellGapMidpoint(arr, &lo));

  // Supercell of at least c_size along each lattice vector (by its largest
  // Cartesian component, as matminer).
  int dim[3];
  for (int k = 0; k < 3; ++k) {
    double m = lattice.row(k).cwiseAbs().maxCoeff();
    dim[k] = static_cast<int>(kSupercellAngstrom / m) + 1;
  }
  Supercell sc;
  for (int k = 0; k < 3; ++k) {
    sc.lat.row(k) = dim[k] * lattice.row(k);
    sc.dim[k] = dim[k];
  }
  sc.images = dim[0] * dim[1] * dim[2];
  for (int a = 0; a < dim[0]; ++a) {
    for (int b = 0; b < dim[1]; ++b) {
      for (int c = 0; c < dim[2]; ++c) sc.cells.push_back({a, b, c});
    }
  }
  std::vector<Eigen::Vector3d>& coords = sc.coords;
  const Eigen::Matrix3d& lat = sc.lat;
  coords.reserve(static_cast<size_t>(nsites) * sc.images);
  bool near_cell = true;  // images differ by whole supercell shifts only
  for (int i = 0; i < nsites; ++i) {
    for (int k = 0; k < 3; ++k) {
      if (!(frac[i][k] >= -0.2 && frac[i][k] < 1.2)) near_cell = false;
    }
    // ImageHistogram's packed atom index.
    if (static_cast<long long>(nsites) * sc.images >= (1 << 24)) {
      near_cell = false;
    }
    for (int a = 0; a < dim[0]; ++a) {
      for (int b = 0; b < dim[1]; ++b) {
        for (int c = 0; c < dim[2]; ++c) {
          coords.emplace_back((frac[i][0] + a) / dim[0],
                              (frac[i][1] + b) / dim[1],
                              (frac[i][2] + c) / dim[2]);
        }
      }
    }
  }
  if (near_cell) {
    const double reach = std::max({out.rcut, out.rcut1, out.rcut2});
    sc.candidates.resize(nsites);
    for (int p = 0; p < nsites; ++p) {
      Image0Candidates(sc, p * sc.images, reach, &sc.candidates[p]);
    }
  }
  auto angles = [&](double cutoff,
                    int max_n) -> absl::StatusOr<std::vector<double>> {
    if (near_cell) {
      return ImageReducedAngles(sc, nsites, cutoff, max_n);
    }
    ASSIGN_OR_RETURN(auto nn, SupercellNeighbours(coords, lat, cutoff, max_n));
    return AngleDistribution(nn);
  };
  ASSIGN_OR_RETURN(out.adf1, angles(out.rcut, 500));
  std::optional<std::vector<double>> ddf;
  if (near_cell) {
    ASSIGN_OR_RETURN(ddf, ImageReducedDihedrals(sc, nsites, out.rcut1, 500));
  }
  if (ddf.has_value()) {
    out.ddf = *std::move(ddf);
  } else {
    ASSIGN_OR_RETURN(auto nn_first,
                     SupercellNeighbours(coords, lat, out.rcut1, 500));
    out.ddf = DihedralDistribution(nn_first);
  }
  ASSIGN_OR_RETURN(out.adf2, angles(out.rcut2, 250));
  return out;
}

namespace {


class JarvisCfid : public describe::Descriptor {
 public:
  JarvisCfid() {
    schema().Path("jarvis_dir", &jarvis_dir_, elemdata::kDefaultJarvisDir)
        .Help("directory holding matminer's JARVIS element_chem.json and "
              "element_charges.json");
  }

  // Kept (not the labels' count): Compute reserves it for every record and
  // the 1557 labels would be rebuilt each time.
  size_t dimension() const override {
    return kChem + 4 + kChg + kRdfBins + 3 * kAngleBins + kRdfBins;
  }

 private:
  // Loads the element tables from jarvis_dir.
  absl::Status Configured() override {
    ASSIGN_OR_RETURN(std::string chem_text,
                     elemdata::ReadDataFile(jarvis_dir_ + "/element_chem.json",
                                            "jarvis_dir"));
    ASSIGN_OR_RETURN(elemdata::JsonValue chem, elemdata::ParseJson(chem_text));
    ASSIGN_OR_RETURN(std::string chg_text,
                     elemdata::ReadDataFile(
                         jarvis_dir_ + "/element_charges.json", "jarvis_dir"));
    ASSIGN_OR_RETURN(elemdata::JsonValue chg, elemdata::ParseJson(chg_text));
    const elemdata::JsonValue* al = chem.Find("Al");
    if (al == nullptr || al->object.size() != kChem) {
      return absl::FailedPreconditionError(absl::StrCat(
          "parameter jarvis_dir: ", jarvis_dir_,
          "/element_chem.json has no 438-value entry for Al"));
    }
    chem_labels_.clear();
    for (const auto& [k, v] : al->object) chem_labels_.push_back("jml_" + k);
    chem_.assign(element::kMaxAtomicNumber + 1, {});
    chg_.assign(element::kMaxAtomicNumber + 1, {});
    for (int z = 1; z <= element::kMaxAtomicNumber; ++z) {
      const char* sym = element::Get(z).symbol;
      if (const elemdata::JsonValue* e = chem.Find(sym)) {
        // matminer takes each element's values in its own key order.
        for (const auto& [k, v] : e->object) {
          absl::StatusOr<double> d = elemdata::JsonToDouble(v);
          if (!d.ok()) {
            return absl::FailedPreconditionError(absl::StrCat(
                "parameter jarvis_dir: element_chem.json ", sym, ".", k, ": ",
                d.status().message()));
          }
          chem_[z].push_back(*d);
        }
      }
      if (const elemdata::JsonValue* e = chg.Find(sym)) {
        if (!e->array.empty() && e->array[0].array.size() >= 2) {
          for (const auto& v : e->array[0].array[1].array) {
            ASSIGN_OR_RETURN(double d, elemdata::JsonToDouble(v));
            chg_[z].push_back(d);
          }
        }
      }
    }
    return absl::OkStatus();
  }

 public:
  std::vector<std::string> feature_labels() const override {
    std::vector<std::string> out = chem_labels_;
    if (out.empty()) {
      for (size_t i = 1; i <= kChem; ++i) out.push_back(absl::StrCat("jml_chem_", i));
    }
    // matminer labels these four in another order than its values; the
    // labels here name the values.
    for (const char* l : {"jml_log_vpa", "jml_density", "jml_vpa", "jml_pack_frac"}) {
      out.push_back(l);
    }
    for (size_t i = 1; i <= kChg; ++i) out.push_back(absl::StrCat("jml_mean_charge_", i));
    for (int i = 1; i <= kRdfBins; ++i) out.push_back(absl::StrCat("jml_rdf_", i));
    for (int lvl : {1, 2}) {
      for (int i = 1; i <= kAngleBins; ++i) {
        out.push_back(absl::StrCat("jml_adf", lvl, "_", i));
      }
    }
    for (int i = 1; i <= kAngleBins; ++i) out.push_back(absl::StrCat("jml_ddf_", i));
    for (int i = 1; i <= kRdfBins; ++i) out.push_back(absl::StrCat("jml_nn_", i));
    return out;
  }

  absl::StatusOr<std::vector<double>> Compute(
      const crystal::Crystal& c) const override {
    for (const crystal::Site& s : c.sites()) {
      if (crystal::IsSiteDisordered(s)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "record ", c.id(), ": site ", s.label(),
            " is partially occupied or mixed; jarvis_cfid needs an ordered "
            "structure (its bond angles are between whole atoms)"));
      }
    }
    if (c.sites_size() == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("record ", c.id(), ": no sites"));
    }
    Cell cell;
    cell.lattice = crystal::LatticeMatrix(c);
    std::set<int> elements;
    for (const crystal::Site& s : c.sites()) {
      int z = s.occupants(0).atomic_number();
      if (z < 1 || z > element::kMaxAtomicNumber) {
        return absl::InvalidArgumentError(absl::StrCat(
            "record ", c.id(), ": atomic number ", z, " is outside 1..103"));
      }
      cell.z.push_back(z);
      cell.cart.push_back(crystal::CartesianPosition(c, s));
      elements.insert(z);
    }
    std::vector<double> out;
    out.reserve(dimension());

    // Chemical and charge parts: plain means over the distinct elements.
    std::vector<double> chem(kChem, 0.0), chg(kChg, 0.0);
    for (int z : elements) {
      if (chem_[z].size() != kChem) {
        return absl::InvalidArgumentError(absl::StrCat(
            "record ", c.id(), ": ", element::Get(z).symbol,
            " is not in the JARVIS element_chem.json table"));
      }
      if (chg_[z].size() != kChg) {
        return absl::InvalidArgumentError(absl::StrCat(
            "record ", c.id(), ": ", element::Get(z).symbol,
            " is not in the JARVIS element_charges.json table"));
      }
      for (size_t i = 0; i < kChem; ++i) chem[i] += chem_[z][i];
      for (size_t i = 0; i < kChg; ++i) chg[i] += chg_[z][i];
    }
    for (double& v : chem) v /= elements.size();
    for (double& v : chg) v /= elements.size();

    Eigen::Matrix3d lattice;
    std::vector<Eigen::Vector3d> frac;
    CleanCell(cell, &lattice, &frac);
    const double volume = std::fabs(lattice.determinant());
    const double n = cell.z.size();
    double mass = 0, r3 = 0;
    for (int z : cell.z) {
      mass += element::Get(z).mass_amu;
      double r = element::Get(z).atomic_radius_angstrom;
      if (!std::isfinite(r)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "record ", c.id(), ": ", element::Get(z).symbol,
            " has no atomic radius (packing fraction undefined)"));
      }
      r3 += r * r * r;
    }
    // pymatgen's Structure.density: amu -> g over A^3 -> cm^3.
    constexpr double kAmuGram = 1.66053906660e-24;
    double density = mass * kAmuGram / (volume * 1e-24);

    out.insert(out.end(), chem.begin(), chem.end());
    out.push_back(PyRound(std::log(volume / n), 5));
    out.push_back(density);
    out.push_back(volume / n);
    out.push_back(4 * M_PI * r3 / (3 * volume));
    out.insert(out.end(), chg.begin(), chg.end());

    absl::StatusOr<Distributions> dist =
        ComputeDistributions(lattice, frac, cell.z);
    if (!dist.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("record ", c.id(), ": ", dist.status().message()));
    }
    out.insert(out.end(), dist->rdf.begin(), dist->rdf.end());
    out.insert(out.end(), dist->adf1.begin(), dist->adf1.end());
    out.insert(out.end(), dist->adf2.begin(), dist->adf2.end());
    out.insert(out.end(), dist->ddf.begin(), dist->ddf.end());
    out.insert(out.end(), dist->nn.begin(), dist->nn.end());
    for (double v : out) {
      if (!std::isfinite(v)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "record ", c.id(), ": a CFID value is not finite"));
      }
    }
    return out;
  }

 private:
  static constexpr size_t kChem = 438;
  static constexpr size_t kChg = 378;
  std::string jarvis_dir_;
  std::vector<std::string> chem_labels_;
  std::vector<std::vector<double>> chem_, chg_;  // by atomic number
};

}  // namespace

IONSCREEN_REGISTER_DESCRIPTOR(
    jarvis_cfid, "jarvis_cfid",
    "JARVIS classical force-field inspired descriptors, 1557 features "
    "(Choudhary et al. 2018; matminer JarvisCFID)",
    JarvisCfid);

}  // namespace ionscreen::descriptors::cfid
