#include <doctest/doctest.h>

#include "sort/pca.hpp"
#include "util/error.hpp"

#include <cmath>
#include <random>

using namespace skr::sort;

TEST_CASE("sort: PCA reconstructs data on a 2-D plane in 10-D exactly at p = 2") {
  const std::size_t n = 500, d = 10;
  std::mt19937_64 rng(3);
  std::normal_distribution<double> g(0.0, 1.0);
  std::vector<double> origin(d), u(d), v(d);
  for (std::size_t j = 0; j < d; ++j) origin[j] = 5 * g(rng), u[j] = g(rng), v[j] = g(rng);
  FeatureMatrix x(n, d);
  for (std::size_t i = 0; i < n; ++i) {
    const double a = 3 * g(rng), b = g(rng);
    for (std::size_t j = 0; j < d; ++j) x(i, j) = origin[j] + a * u[j] + b * v[j];
  }
  const Pca pca = fit_pca(x, 2);
  REQUIRE(pca.components.rows == 2);
  const auto y = pca_project(pca, x);
  const auto back = pca_reconstruct(pca, y);
  double err = 0, scale = 0;
  for (std::size_t k = 0; k < x.data.size(); ++k) {
    err = std::max(err, std::abs(back.data[k] - x.data[k]));
    scale = std::max(scale, std::abs(x.data[k]));
  }
  CHECK(err < 1e-9 * scale);
  // Orthonormal components, decreasing variances, sign convention.
  for (std::size_t a = 0; a < 2; ++a) {
    for (std::size_t b = 0; b < 2; ++b) {
      double dot = 0;
      for (std::size_t j = 0; j < d; ++j) dot += pca.components(a, j) * pca.components(b, j);
      CHECK(dot == doctest::Approx(a == b ? 1.0 : 0.0).scale(1.0));
    }
    std::size_t big = 0;
    for (std::size_t j = 1; j < d; ++j)
      if (std::abs(pca.components(a, j)) > std::abs(pca.components(a, big))) big = j;
    CHECK(pca.components(a, big) > 0);
  }
  CHECK(pca.variances[0] >= pca.variances[1]);
  CHECK(pca.variances[1] > 0.1);
  // One component is not enough for a plane.
  const Pca one = fit_pca(x, 1);
  const auto back1 = pca_reconstruct(one, pca_project(one, x));
  double err1 = 0;
  for (std::size_t k = 0; k < x.data.size(); ++k)
    err1 = std::max(err1, std::abs(back1.data[k] - x.data[k]));
  CHECK(err1 > 0.1);
}

TEST_CASE("sort: PCA is deterministic across thread counts and clamps p") {
  std::mt19937_64 rng(4);
  std::normal_distribution<double> g(0.0, 1.0);
  FeatureMatrix x(3000, 20);
  for (double& v : x.data) v = g(rng);
  CHECK(pca_reduce(x, 5, 1).data == pca_reduce(x, 5, 2).data);
  CHECK(fit_pca(x, 50).components.rows == 20);
  CHECK_THROWS_AS(fit_pca(x, 0), skr::Error);
  CHECK_THROWS_AS(fit_pca(FeatureMatrix(0, 3), 2), skr::Error);
}
