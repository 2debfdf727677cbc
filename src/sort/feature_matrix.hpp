#pragma once
// The input of every sorting method: one row of d features per sample,
// stored row-major, plus the distance kernel all methods share.
#include <cstddef>
#include <vector>

namespace skr::sort {

struct FeatureMatrix {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<double> data; // rows * cols, row-major

  FeatureMatrix() = default;
  FeatureMatrix(std::size_t r, std::size_t c) : rows(r), cols(c), data(r * c, 0.0) {}

  double* row(std::size_t i) { return data.data() + i * cols; }
  const double* row(std::size_t i) const { return data.data() + i * cols; }
  double& operator()(std::size_t i, std::size_t j) { return data[i * cols + j]; }
  double operator()(std::size_t i, std::size_t j) const { return data[i * cols + j]; }
};

// Squared Euclidean distance with a fixed summation order (eight lanes), so
// the same pair always gives the same bits whatever thread computes it.
inline double squared_distance(const double* a, const double* b, std::size_t d) {
  double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::size_t k = 0;
  for (; k + 8 <= d; k += 8)
    for (int l = 0; l < 8; ++l) {
      const double t = a[k + l] - b[k + l];
      s[l] += t * t;
    }
  for (int l = 0; k < d; ++k, ++l) {
    const double t = a[k] - b[k];
    s[l] += t * t;
  }
  return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

// Same value as squared_distance when the result is <= bound; otherwise some
// value > bound (the scan stops early). Partial sums of squares only grow and
// rounded addition is monotone, so a partial sum above the bound proves the
// full sum is above it too.
inline double squared_distance_bounded(const double* a, const double* b, std::size_t d,
                                       double bound) {
  double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::size_t k = 0;
  for (; k + 8 <= d; k += 8) {
    for (int l = 0; l < 8; ++l) {
      const double t = a[k + l] - b[k + l];
      s[l] += t * t;
    }
    if ((k & 31) == 24 && ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7])) > bound)
      return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
  }
  for (int l = 0; k < d; ++k, ++l) {
    const double t = a[k] - b[k];
    s[l] += t * t;
  }
  return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

} // namespace skr::sort
