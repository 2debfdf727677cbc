#include <doctest/doctest.h>

#include "sort/sorter.hpp"
#include "sort/two_opt.hpp"
#include "sort_test_data.hpp"

#include <algorithm>
#include <numeric>
#include <random>

using namespace skr::sort;

TEST_CASE("sort: 2-opt untangles a reversed stretch of points on a line") {
  // Points 0..99 on a line; the path visits 0..29, then 59..30, then 60..99
  // reversed twice over: one 2-opt move per defect restores the straight line.
  FeatureMatrix f(100, 1);
  for (std::size_t i = 0; i < 100; ++i) f(i, 0) = static_cast<double>(i);
  std::vector<std::size_t> order(100);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::reverse(order.begin() + 30, order.begin() + 40);
  std::reverse(order.begin() + 70, order.begin() + 75);
  CHECK(path_length(f, order) > 99.0 + 1.0);
  TwoOptOptions o;
  o.window = 16;
  const std::size_t moves = two_opt(f, order, o);
  CHECK(moves >= 2);
  CHECK(path_length(f, order) == doctest::Approx(99.0));
}

TEST_CASE("sort: 2-opt fixes the open ends of the path") {
  // 3 2 1 0 4 5 ... reversing the prefix is the only improving move.
  FeatureMatrix f(10, 1);
  for (std::size_t i = 0; i < 10; ++i) f(i, 0) = static_cast<double>(i);
  std::vector<std::size_t> order{3, 2, 1, 0, 4, 5, 6, 7, 8, 9};
  two_opt(f, order);
  CHECK(path_length(f, order) == doctest::Approx(9.0));
  std::vector<std::size_t> tail{0, 1, 2, 3, 4, 5, 9, 8, 7, 6};
  two_opt(f, tail);
  CHECK(path_length(f, tail) == doctest::Approx(9.0));
}

TEST_CASE("sort: 2-opt and Or-opt keep a permutation, shorten, and ignore thread count") {
  const auto f = testing::random_features(5000, 6, 17);
  std::vector<std::size_t> start(f.rows);
  std::iota(start.begin(), start.end(), std::size_t{0});
  const double before = path_length(f, start);
  for (int or_len : {0, 3}) {
    TwoOptOptions o;
    o.or_opt_length = or_len;
    o.chunk = 700; // several chunks, shifted between passes
    o.passes = 3;
    o.threads = 1;
    auto one = start;
    two_opt(f, one, o);
    o.threads = 2;
    auto two = start;
    two_opt(f, two, o);
    CHECK(one == two);
    REQUIRE(is_permutation_of_n(one, f.rows));
    CHECK(path_length(f, one) < 0.9 * before);
  }
}

TEST_CASE("sort: 2-opt with Or-opt moves a stray point back into place") {
  // Line 0..19 with point 5 visited late (between 14 and 15).
  FeatureMatrix f(20, 1);
  for (std::size_t i = 0; i < 20; ++i) f(i, 0) = static_cast<double>(i);
  std::vector<std::size_t> order{0,  1,  2,  3,  4, 6,  7,  8,  9,  10,
                                 11, 12, 13, 14, 5, 15, 16, 17, 18, 19};
  TwoOptOptions o;
  o.window = 12;
  o.or_opt_length = 1;
  two_opt(f, order, o);
  CHECK(path_length(f, order) == doctest::Approx(19.0));
}

TEST_CASE("sort: 2-opt leaves tiny paths alone") {
  FeatureMatrix f(3, 1);
  f(0, 0) = 0, f(1, 0) = 2, f(2, 0) = 1;
  for (std::size_t n : {0u, 1u, 2u}) {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    two_opt(f, order);
    CHECK(is_permutation_of_n(order, n));
  }
  std::vector<std::size_t> three{0, 1, 2};
  two_opt(f, three);
  CHECK(path_length(f, three) == doctest::Approx(2.0));
}

TEST_CASE("sort: orient_blocks reverses blocks for the shortest junctions") {
  // Line 0..11 in three blocks visited 0..3 | 7..4 | 11..8: the best
  // orientation flips the second and third blocks back to a straight line.
  FeatureMatrix f(12, 1);
  for (std::size_t i = 0; i < 12; ++i) f(i, 0) = static_cast<double>(i);
  std::vector<std::size_t> order{0, 1, 2, 3, 7, 6, 5, 4, 11, 10, 9, 8};
  orient_blocks(f, order, {0, 4, 8, 12});
  CHECK(order == std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  // First block reversed too: 3..0 | 4..7 is best as 0..3 | 4..7.
  std::vector<std::size_t> first{3, 2, 1, 0, 4, 5, 6, 7};
  orient_blocks(f, first, {0, 4, 8});
  CHECK(path_length(f, first) == doctest::Approx(7.0));
  std::vector<std::size_t> one{2, 0, 1};
  orient_blocks(f, one, {0, 3});
  CHECK(one == std::vector<std::size_t>{2, 0, 1});
}
