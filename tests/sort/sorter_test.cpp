#include <doctest/doctest.h>

#include "sort/sorter.hpp"
#include "sort_test_data.hpp"
#include "util/error.hpp"

#include <cmath>
#include <numbers>

using namespace skr::sort;

namespace {

const Method kMethods[] = {Method::none, Method::greedy, Method::fft_greedy, Method::hilbert,
                           Method::automatic};

SortOptions with(Method m) {
  SortOptions o;
  o.method = m;
  return o;
}

// 2-D fields: smooth random mixtures of a few low modes.
FeatureMatrix smooth_fields(std::size_t n, int nx, int ny, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0.0, 1.0);
  FeatureMatrix f(n, static_cast<std::size_t>(nx * ny));
  for (std::size_t r = 0; r < n; ++r) {
    const double a = g(rng), b = g(rng), c = g(rng);
    for (int i = 0; i < nx; ++i)
      for (int j = 0; j < ny; ++j)
        f(r, static_cast<std::size_t>(i * ny + j)) =
            a * std::cos(2 * std::numbers::pi * i / nx) +
            b * std::sin(2 * std::numbers::pi * j / ny) +
            c * std::cos(2 * std::numbers::pi * (i + 2 * j) / nx) + 0.01 * g(rng);
  }
  return f;
}

} // namespace

TEST_CASE("sort: every method returns a permutation, including N = 0, 1, 2") {
  for (Method m : kMethods) {
    for (std::size_t n : {0u, 1u, 2u, 3u, 4u, 10u, 257u}) {
      const auto f = testing::random_features(n, 6, n + 1);
      SortOptions o = with(m);
      o.block_size = 16;
      const auto order = sort(f, o);
      CHECK_MESSAGE(is_permutation_of_n(order, n), to_string(m) << " n=" << n);
    }
  }
  // Hilbert with several blocks, 2-opt and PCA on wide features.
  const auto wide = testing::random_features(3000, 100, 5);
  SortOptions o = with(Method::hilbert);
  o.block_size = 100;
  CHECK(is_permutation_of_n(sort(wide, o), 3000));
  o.two_opt = false;
  CHECK(is_permutation_of_n(sort(wide, o), 3000));
}

TEST_CASE("sort: methods on 2-D fields (FFT reduction) return permutations") {
  const auto f = smooth_fields(300, 16, 16, 3);
  for (Method m : kMethods) {
    SortOptions o = with(m);
    o.field_nx = 16;
    o.field_ny = 16;
    o.block_size = 50;
    const auto order = sort(f, o);
    REQUIRE(is_permutation_of_n(order, 300));
    if (m != Method::none) CHECK(path_length(f, order) < 0.5 * random_path_length(f, 1));
  }
}

TEST_CASE("sort: every method beats a random order on clustered data") {
  const auto f = testing::blobs(2000, 30, 8, 21);
  const double random = random_path_length(f, 7);
  for (Method m : {Method::greedy, Method::fft_greedy, Method::hilbert, Method::automatic}) {
    SortOptions o = with(m);
    o.block_size = 200;
    o.auto_threshold = 1000; // auto -> hilbert here
    const auto order = sort(f, o);
    REQUIRE(is_permutation_of_n(order, f.rows));
    const double len = path_length(f, order);
    CHECK_MESSAGE(len < 0.5 * random, to_string(m) << ": " << len << " vs random " << random);
  }
  // With PCA before fft-greedy, still far better than random.
  SortOptions o = with(Method::fft_greedy);
  o.pca_dims = 5;
  CHECK(path_length(f, sort(f, o)) < 0.5 * random);
  // And the identity is not (rows are shuffled across blobs).
  CHECK(path_length(f, sort(f, with(Method::none))) > 0.8 * random);
}

TEST_CASE("sort: 2-opt never makes the hilbert path longer") {
  const auto f = testing::blobs(3000, 20, 30, 4);
  SortOptions o = with(Method::hilbert);
  o.block_size = 100;
  o.two_opt = false;
  const double plain = path_length(f, sort(f, o));
  o.two_opt = true;
  const double refined = path_length(f, sort(f, o));
  CHECK(refined <= plain);
  CHECK(refined < 0.99 * plain);
}

TEST_CASE("sort: results are deterministic and independent of the thread count") {
  const auto f = testing::blobs(2500, 24, 10, 9);
  for (Method m : {Method::greedy, Method::fft_greedy, Method::hilbert}) {
    SortOptions o = with(m);
    o.block_size = 300;
    o.threads = 1;
    const auto a = sort(f, o);
    const auto b = sort(f, o);
    o.threads = 2;
    const auto c = sort(f, o);
    CHECK_MESSAGE(a == b, to_string(m));
    CHECK_MESSAGE(a == c, to_string(m));
  }
}

TEST_CASE("sort: method names parse and print") {
  for (Method m : kMethods) CHECK(parse_method(to_string(m)) == m);
  CHECK(parse_method("fft-greedy") == Method::fft_greedy);
  CHECK(parse_method("auto") == Method::automatic);
  CHECK_THROWS_WITH_AS(parse_method("fft_greedy"), doctest::Contains("unknown sort method"),
                       skr::Error);
  CHECK_THROWS_AS(parse_method(""), skr::Error);
}

TEST_CASE("sort: path lengths and the report") {
  FeatureMatrix f(3, 2);
  f(1, 0) = 3;
  f(1, 1) = 4;
  f(2, 0) = 3;
  CHECK(path_length(f, {0, 1, 2}) == doctest::Approx(9.0));
  CHECK(path_length(f, {0, 2, 1}) == doctest::Approx(7.0));
  CHECK(path_length(f, {1}) == 0.0);
  CHECK_THROWS_AS(path_length(f, {0, 3}), skr::Error);
  CHECK(random_path_length(f, 3) == random_path_length(f, 3));
  CHECK(is_permutation_of_n({2, 0, 1}, 3));
  CHECK_FALSE(is_permutation_of_n({2, 0, 0}, 3));
  CHECK_FALSE(is_permutation_of_n({0, 1}, 3));
  CHECK_FALSE(is_permutation_of_n({0, 1, 3}, 3));

  const auto g = testing::blobs(500, 10, 5, 1);
  const auto r = sort_with_report(g, with(Method::automatic), 1);
  CHECK(r.method == Method::fft_greedy);
  CHECK(is_permutation_of_n(r.order, 500));
  CHECK(r.path_length == doctest::Approx(path_length(g, r.order)));
  CHECK(r.path_length < r.random_path_length);
  CHECK(r.seconds >= 0);
}

TEST_CASE("fft-greedy weighs fields against trailing scalars as raw distances do") {
  // Two 8x8 fields and a scalar. From sample 0 (all zero), sample 1 differs by
  // a constant 1 in the first field (raw distance 8), sample 2 by 7 in the
  // scalar, sample 3 by a constant 1 in the second field (distance 8): the
  // nearest is sample 2, under greedy on raw values and under fft-greedy.
  const int nx = 8, ny = 8, cells = nx * ny;
  FeatureMatrix f(4, 2 * cells + 1);
  for (int c = 0; c < cells; ++c) {
    f(1, c) = 1.0;
    f(3, cells + c) = 1.0;
  }
  f(2, 2 * cells) = 7.0;
  SortOptions o = with(Method::fft_greedy);
  o.field_nx = nx;
  o.field_ny = ny;
  o.field_count = 2;
  o.fft_keep = 4;
  const auto raw = sort(f, with(Method::greedy));
  const auto reduced = sort(f, o);
  CHECK(raw[1] == 2);
  CHECK(reduced[1] == 2);
  CHECK(path_length(f, raw) == doctest::Approx(path_length(f, reduced)));
}
