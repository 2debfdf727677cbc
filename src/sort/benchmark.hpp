#pragma once
// Sorting benchmark on synthetic features (not a test): time and path length
// of each method against a random order and a blocked-greedy reference.
#include "sort/feature_matrix.hpp"

#include <cstdint>
#include <iosfwd>
#include <vector>

namespace skr::sort {

// n points in dim dimensions along `curves` random smooth curves (a few
// Fourier modes with decaying random 288-D coefficients) plus isotropic
// Gaussian noise of standard deviation `noise`; rows in random order.
FeatureMatrix synthetic_curve_features(std::size_t n, std::size_t dim, std::size_t curves,
                                       double noise, std::uint64_t seed);

struct BenchmarkOptions {
  std::size_t greedy_max_n = 20000; // full O(N^2) greedy only up to this N
  std::size_t reference_block =
      10000; // blocked-greedy reference: hilbert curve + greedy in blocks of this size
  std::size_t block_size = 1000; // the hilbert method's blocks
  std::size_t curves = 8;
  double noise = 0.02;
  std::uint64_t seed = 1;
  int threads = 0;
};

// One table row per (N, method): N, method, wall seconds, CPU seconds (all
// threads), path length, length / blocked-greedy reference, length / random
// order. reference_block = 0 skips the reference (ratio printed as nan).
void run_benchmark(std::ostream& out, const std::vector<std::size_t>& sizes, int dim = 288,
                   const BenchmarkOptions& options = {});

} // namespace skr::sort
