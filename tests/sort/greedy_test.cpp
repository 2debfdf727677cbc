#include <doctest/doctest.h>

#include "sort/greedy.hpp"
#include "sort/sorter.hpp"
#include "sort_test_data.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <limits>

using namespace skr::sort;

namespace {

// Algorithm 1 written out plainly: O(N^2 d), ties to the lower index.
std::vector<std::size_t> brute_force_greedy(const FeatureMatrix& f) {
  const std::size_t n = f.rows;
  std::vector<std::size_t> order;
  if (n == 0) return order;
  std::vector<bool> used(n, false);
  std::size_t cur = 0;
  used[0] = true;
  order.push_back(0);
  for (std::size_t step = 1; step < n; ++step) {
    double best = std::numeric_limits<double>::infinity();
    std::size_t arg = n;
    for (std::size_t j = 0; j < n; ++j) {
      if (used[j]) continue;
      double s = 0;
      for (std::size_t k = 0; k < f.cols; ++k) {
        const double t = f(cur, k) - f(j, k);
        s += t * t;
      }
      if (s < best) best = s, arg = j;
    }
    used[arg] = true;
    order.push_back(arg);
    cur = arg;
  }
  return order;
}

} // namespace

TEST_CASE("sort: greedy reproduces the brute-force Algorithm 1 on random data") {
  for (std::uint64_t seed : {1u, 2u, 3u, 4u, 5u}) {
    for (std::size_t n : {3u, 17u, 64u, 200u}) {
      for (std::size_t d : {1u, 3u, 13u, 40u}) {
        const auto f = testing::random_features(n, d, seed * 1000 + n + d);
        CHECK(greedy_order(f) == brute_force_greedy(f));
      }
    }
  }
}

TEST_CASE("sort: greedy breaks ties by the lower index (duplicates, integer grid)") {
  for (std::uint64_t seed : {11u, 12u, 13u}) {
    for (std::size_t n : {5u, 50u, 200u}) {
      for (std::size_t d : {1u, 2u, 9u}) {
        const auto f = testing::integer_features(n, d, 3, seed + n * d);
        CHECK(greedy_order(f) == brute_force_greedy(f));
      }
    }
  }
  // All points equal: pure tie-breaking gives the identity.
  FeatureMatrix same(7, 4);
  CHECK(greedy_order(same) == std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6});
}

TEST_CASE("sort: greedy is identical for 1 and 2 threads") {
  // Wide enough (N * d >= 2^20) that the argmin really runs in parallel for
  // the first 100-200 steps.
  const auto f = testing::random_features(700, 2048, 99);
  CHECK(greedy_order(f, 0, 1) == greedy_order(f, 0, 2));
  // Exact duplicates of 20 points: every step has ties spread over both threads.
  const auto base = testing::random_features(20, 2048, 5);
  FeatureMatrix g(600, 2048);
  for (std::size_t i = 0; i < g.rows; ++i) std::copy_n(base.row((i * 7919) % 20), g.cols, g.row(i));
  const auto g1 = greedy_order(g, 0, 1);
  CHECK(g1 == greedy_order(g, 0, 2));
  CHECK(g1 == brute_force_greedy(g));
}

TEST_CASE("sort: greedy on a subset starts where asked and stays in the subset") {
  const auto f = testing::random_features(50, 5, 3);
  const std::vector<std::size_t> subset{4, 9, 17, 23, 31, 42};
  const auto order = greedy_order(f, subset, 23);
  REQUIRE(order.size() == subset.size());
  CHECK(order[0] == 23);
  auto sorted = order;
  std::sort(sorted.begin(), sorted.end());
  CHECK(sorted == subset);
  CHECK_THROWS_AS(greedy_order(f, subset, 5), skr::Error);
}
