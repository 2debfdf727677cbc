#include "sort/two_opt.hpp"

#include "sort/distance.hpp"
#include "util/threads.hpp"

#include <omp.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace skr::sort {

namespace {

// Relative improvement a move must bring, so rounding never cycles.
constexpr double kRelTol = 1e-12;

class Chunk {
public:
  Chunk(const FeatureMatrix& f, std::size_t* p, std::size_t len, bool open_left, bool open_right,
        const TwoOptOptions& o)
      : f_(f), p_(p), n_(len), open_left_(open_left), open_right_(open_right), o_(o),
        len_(len > 0 ? len - 1 : 0) {
    for (std::size_t k = 0; k + 1 < n_; ++k) len_[k] = dist(k, k + 1);
  }

  std::size_t improve() {
    std::size_t moves = 0;
    for (int sweep = 0; sweep < 4; ++sweep) {
      std::size_t m = two_opt_sweep();
      if (o_.or_opt_length > 0) m += or_opt_sweep();
      moves += m;
      if (m == 0) break;
    }
    return moves;
  }

private:
  const double* x(std::size_t k) const { return f_.row(p_[k]); }
  double dist(std::size_t a, std::size_t b) const {
    return std::sqrt(squared_distance_fast(x(a), x(b), f_.cols));
  }
  // Distance if below `bound`, otherwise some value >= bound.
  double dist_below(std::size_t a, std::size_t b, double bound) const {
    if (!(bound > 0)) return bound;
    const double s = squared_distance_bounded_fast(x(a), x(b), f_.cols, bound * bound);
    return s >= bound * bound ? bound : std::sqrt(s);
  }

  // Reverse positions [a, b] and fix the edge lengths around them.
  void reverse(std::size_t a, std::size_t b) {
    std::reverse(p_ + a, p_ + b + 1);
    if (b > a)
      std::reverse(len_.begin() + static_cast<std::ptrdiff_t>(a),
                   len_.begin() + static_cast<std::ptrdiff_t>(b));
    if (a > 0) len_[a - 1] = dist(a - 1, a);
    if (b + 1 < n_) len_[b] = dist(b, b + 1);
  }

  std::size_t two_opt_sweep() {
    std::size_t moves = 0;
    const std::size_t W = static_cast<std::size_t>(std::max(o_.window, 2));
    if (n_ < 3) return 0;
    // Move (i, j): reverse positions i+1 .. j; i = -1 (path start) and
    // j = n-1 (path end) only where the chunk is an end of the whole path.
    const long long ilo = open_left_ ? -1 : 0;
    const std::size_t jmax = open_right_ ? n_ - 1 : n_ - 2;
    for (long long ii = ilo; ii + 2 <= static_cast<long long>(jmax); ++ii) {
      for (std::size_t j = static_cast<std::size_t>(ii + 2);
           j <= jmax && j <= static_cast<std::size_t>(ii) + W; ++j) {
        const double left = ii >= 0 ? len_[static_cast<std::size_t>(ii)] : 0.0;
        const double right = j + 1 < n_ ? len_[j] : 0.0;
        const double old = left + right;
        double gain;
        if (ii < 0) {
          if (j + 1 >= n_) continue; // reversing the whole path changes nothing
          gain = old - dist_below(0, j + 1, old);
        } else {
          const std::size_t i = static_cast<std::size_t>(ii);
          const double a = dist_below(i, j, old);
          if (a >= old) continue;
          gain = j + 1 < n_ ? old - a - dist_below(i + 1, j + 1, old - a) : old - a;
        }
        if (gain > kRelTol * old) {
          reverse(static_cast<std::size_t>(ii + 1), j);
          ++moves;
        }
      }
    }
    return moves;
  }

  // Move segment [s, s+L-1] (L <= or_opt_length) between positions t, t+1
  // (t outside the segment, within the window), in either orientation.
  // Uses only interior edges, so the chunk ends stay in place.
  std::size_t or_opt_sweep() {
    std::size_t moves = 0;
    const std::size_t W = static_cast<std::size_t>(std::max(o_.window, 2));
    // Only detours (segments whose removal saves more than twice the mean
    // edge) are worth the search: that is where greedy paths waste length.
    double mean = 0;
    for (double l : len_) mean += l;
    mean /= static_cast<double>(std::max<std::size_t>(len_.size(), 1));
    for (std::size_t L = 1; L <= static_cast<std::size_t>(o_.or_opt_length); ++L) {
      if (n_ < L + 3) break;
      for (std::size_t s = 1; s + L < n_; ++s) {
        const std::size_t e = s + L - 1; // segment s..e, neighbours s-1 and e+1 exist
        const double removed = len_[s - 1] + len_[e] - dist(s - 1, e + 1);
        if (!(removed > 2 * mean)) continue;
        bool done = false;
        // Insert between t and t+1 with t+1 < s - 1 + 1 (before) or t > e (after).
        const std::size_t tlo = s > W + 1 ? s - 1 - W : 0;
        const std::size_t thi = std::min(n_ - 2, e + W);
        for (std::size_t t = tlo; t <= thi && !done; ++t) {
          if (t + 1 >= s && t <= e) continue; // edge touches the segment
          const double base = len_[t];
          const double budget = removed + base;
          // Orientation kept: t - s ... e - t+1; reversed: t - e ... s - t+1.
          for (int rev = 0; rev < 2 && !done; ++rev) {
            const std::size_t near = rev ? e : s, far = rev ? s : e;
            const double a = dist_below(t, near, budget);
            if (a >= budget) continue;
            const double b = dist_below(far, t + 1, budget - a);
            const double gain = budget - a - b; // = removed - (a + b - base)
            if (gain > kRelTol * (budget + 1e-300)) {
              move_segment(s, e, t, rev != 0);
              ++moves;
              done = true;
            }
          }
        }
      }
    }
    return moves;
  }

  void move_segment(std::size_t s, std::size_t e, std::size_t t, bool rev) {
    // Rotations realise the move; then recompute the touched edge lengths.
    std::size_t lo, hi;
    if (t < s) { // segment goes to position t+1
      std::rotate(p_ + t + 1, p_ + s, p_ + e + 1);
      if (rev) std::reverse(p_ + t + 1, p_ + t + 1 + (e - s + 1));
      lo = t;
      hi = e + 1;
    } else { // t > e: segment goes after t
      std::rotate(p_ + s, p_ + e + 1, p_ + t + 1);
      const std::size_t ns = t - (e - s);
      if (rev) std::reverse(p_ + ns, p_ + t + 1);
      lo = s - 1;
      hi = t + 1;
    }
    for (std::size_t k = lo; k < hi && k + 1 < n_; ++k) len_[k] = dist(k, k + 1);
  }

  const FeatureMatrix& f_;
  std::size_t* p_;
  std::size_t n_;
  bool open_left_, open_right_;
  const TwoOptOptions& o_;
  std::vector<double> len_;
};

} // namespace

void orient_blocks(const FeatureMatrix& f, std::vector<std::size_t>& order,
                   const std::vector<std::size_t>& bounds) {
  const std::size_t nb = bounds.size() - 1;
  if (nb < 2) return;
  auto end = [&](std::size_t k, int rev, bool exit) { // first or last sample as oriented
    const bool last = (rev != 0) != exit;
    return order[last ? bounds[k + 1] - 1 : bounds[k]];
  };
  auto dist = [&](std::size_t a, std::size_t b) {
    return std::sqrt(squared_distance_fast(f.row(a), f.row(b), f.cols));
  };
  std::vector<double> cost{0.0, 0.0};
  std::vector<std::array<int, 2>> from(nb);
  for (std::size_t k = 1; k < nb; ++k) {
    std::vector<double> next(2);
    for (int r = 0; r < 2; ++r) {
      const double c0 = cost[0] + dist(end(k - 1, 0, true), end(k, r, false));
      const double c1 = cost[1] + dist(end(k - 1, 1, true), end(k, r, false));
      from[k][static_cast<std::size_t>(r)] = c1 < c0 ? 1 : 0;
      next[static_cast<std::size_t>(r)] = std::min(c0, c1);
    }
    cost = next;
  }
  int r = cost[1] < cost[0] ? 1 : 0;
  for (std::size_t k = nb; k-- > 0;) {
    if (r)
      std::reverse(order.begin() + static_cast<std::ptrdiff_t>(bounds[k]),
                   order.begin() + static_cast<std::ptrdiff_t>(bounds[k + 1]));
    r = k > 0 ? from[k][static_cast<std::size_t>(r)] : 0;
  }
}

std::size_t two_opt(const FeatureMatrix& features, std::vector<std::size_t>& order,
                    const TwoOptOptions& options) {
  const std::size_t n = order.size();
  if (n < 3) return 0;
  const std::size_t C = std::max<std::size_t>(options.chunk, 16);
  const int nt = thread_count(options.threads);
  std::size_t total = 0;
  for (int pass = 0; pass < options.passes; ++pass) {
    const std::size_t offset = (pass % 2) ? C / 2 : 0;
    // Chunk k covers [start(k), start(k+1)).
    const std::size_t nchunks = (n + offset + C - 1) / C;
    auto start = [&](std::size_t k) { return k == 0 ? 0 : std::min(n, k * C - offset); };
    std::size_t moves = 0;
#pragma omp parallel for num_threads(nt) schedule(dynamic, 1) reduction(+ : moves)
    for (long long k = 0; k < static_cast<long long>(nchunks); ++k) {
      const std::size_t a = start(static_cast<std::size_t>(k));
      const std::size_t b = start(static_cast<std::size_t>(k) + 1);
      if (b <= a) continue;
      Chunk c(features, order.data() + a, b - a, a == 0, b == n, options);
      moves += c.improve();
    }
    total += moves;
    if (moves == 0 && pass > 0) break;
  }
  return total;
}

} // namespace skr::sort
