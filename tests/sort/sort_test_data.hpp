#pragma once
// Synthetic inputs shared by the sort tests.
#include "sort/feature_matrix.hpp"

#include <cstdint>
#include <random>

namespace skr::sort::testing {

inline FeatureMatrix random_features(std::size_t n, std::size_t d, std::uint64_t seed) {
  FeatureMatrix f(n, d);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0.0, 1.0);
  for (double& v : f.data) v = g(rng);
  return f;
}

// Small integer coordinates: many exact ties and duplicate points, and every
// distance is computed without rounding.
inline FeatureMatrix integer_features(std::size_t n, std::size_t d, int range, std::uint64_t seed) {
  FeatureMatrix f(n, d);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> u(0, range);
  for (double& v : f.data) v = u(rng);
  return f;
}

// k well-separated Gaussian blobs (centres 100 apart, unit spread), rows shuffled.
inline FeatureMatrix blobs(std::size_t n, std::size_t d, std::size_t k, std::uint64_t seed) {
  FeatureMatrix f(n, d);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0.0, 1.0);
  std::vector<double> centres(k * d);
  for (double& c : centres) c = 100.0 * g(rng);
  std::uniform_int_distribution<std::size_t> pick(0, k - 1);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t c = pick(rng);
    for (std::size_t j = 0; j < d; ++j) f(i, j) = centres[c * d + j] + g(rng);
  }
  return f;
}

} // namespace skr::sort::testing
