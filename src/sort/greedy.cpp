#include "sort/greedy.hpp"

#include "util/error.hpp"
#include "util/threads.hpp"

#include <omp.h>

#include <algorithm>
#include <limits>
#include <numeric>

namespace skr::sort {

namespace {

struct Candidate {
  double dist;
  std::size_t id;
  std::size_t slot;
};

bool better(const Candidate& a, const Candidate& b) {
  return a.dist < b.dist || (a.dist == b.dist && a.id < b.id);
}

// Work below this many feature values per step is not worth a fork/join.
// Measured on 2 cores, poisson's sort (the same order either way): at 2^20
// 0.09-0.11 s for 1000 samples and 0.56-0.60 s for 3000; at 2^16 0.05-0.06
// and 0.44-0.46 s (2^14 and 2^18 no better).
constexpr std::size_t kParallelWork = 1u << 16;

// Nearest of pool rows [lo, hi) to cur (ties to the lower id), starting from
// the candidate b. Compiled for AVX2 and baseline; same result either way.
__attribute__((target_clones("avx2", "default"))) Candidate
scan(const double* cur, const double* pool, const std::size_t* ids, std::size_t lo, std::size_t hi,
     std::size_t d, Candidate b) {
  for (std::size_t s = lo; s < hi; ++s) {
    const double dist = squared_distance_bounded(cur, pool + s * d, d, b.dist);
    if (dist < b.dist || (dist == b.dist && ids[s] < b.id)) b = Candidate{dist, ids[s], s};
  }
  return b;
}

} // namespace

std::vector<std::size_t> greedy_order(const FeatureMatrix& features,
                                      std::span<const std::size_t> subset, std::size_t start,
                                      int threads) {
  const std::size_t m = subset.size(), d = features.cols;
  std::vector<std::size_t> order;
  if (m == 0) return order;
  order.reserve(m);

  // Unvisited rows, packed contiguously; removal moves the last one into the
  // hole (ties are broken by row index, so their position does not matter).
  std::vector<double> pool(m * d);
  std::vector<std::size_t> ids(subset.begin(), subset.end());
  std::size_t first = m;
  for (std::size_t s = 0; s < m; ++s) {
    if (ids[s] >= features.rows)
      fail("greedy sort: row {} out of range ({} rows)", ids[s], features.rows);
    std::copy_n(features.row(ids[s]), d, pool.data() + s * d);
    if (ids[s] == start && first == m) first = s;
  }
  if (first == m) fail("greedy sort: start row {} is not in the subset", start);

  std::vector<double> cur(d);
  auto take = [&](std::size_t slot, std::size_t& live) {
    order.push_back(ids[slot]);
    std::copy_n(pool.data() + slot * d, d, cur.data());
    --live;
    if (slot != live) {
      std::copy_n(pool.data() + live * d, d, pool.data() + slot * d);
      ids[slot] = ids[live];
    }
  };

  std::size_t live = m;
  take(first, live);
  const int nt = thread_count(threads);
  std::vector<Candidate> best_of(static_cast<std::size_t>(std::max(nt, 1)));
  const double inf = std::numeric_limits<double>::infinity();

  while (live > 0) {
    const bool par = nt > 1 && live * std::max<std::size_t>(d, 1) >= kParallelWork;
    int used = 1;
#pragma omp parallel num_threads(nt) if (par)
    {
      const int t = omp_get_thread_num(), T = omp_get_num_threads();
      if (t == 0) used = T;
      const std::size_t lo = live * static_cast<std::size_t>(t) / static_cast<std::size_t>(T);
      const std::size_t hi = live * static_cast<std::size_t>(t + 1) / static_cast<std::size_t>(T);
      const Candidate none{inf, std::numeric_limits<std::size_t>::max(), 0};
      const Candidate b = scan(cur.data(), pool.data(), ids.data(), lo, hi, d, none);
      best_of[static_cast<std::size_t>(t)] = b;
    }
    Candidate b = best_of[0];
    for (int t = 1; t < used; ++t)
      if (better(best_of[static_cast<std::size_t>(t)], b)) b = best_of[static_cast<std::size_t>(t)];
    take(b.slot, live);
  }
  return order;
}

std::vector<std::size_t> greedy_order(const FeatureMatrix& features, std::size_t start,
                                      int threads) {
  if (features.rows == 0) return {};
  std::vector<std::size_t> all(features.rows);
  std::iota(all.begin(), all.end(), std::size_t{0});
  return greedy_order(features, all, start, threads);
}

} // namespace skr::sort
