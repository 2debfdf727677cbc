#pragma once
// SKR Algorithm 1: greedy nearest-neighbour ordering.
#include "sort/feature_matrix.hpp"

#include <cstddef>
#include <span>
#include <vector>

namespace skr::sort {

// Order of all rows: start at row `start`, repeatedly append the nearest
// unvisited row (Euclidean distance; ties go to the lower row index).
// O(N^2 d); each step's argmin runs in parallel over OpenMP threads and the
// result is identical for any thread count. threads <= 0: OpenMP default.
std::vector<std::size_t> greedy_order(const FeatureMatrix& features, std::size_t start = 0,
                                      int threads = 0);

// Same on a subset of rows: returns the rows of `subset` in greedy order,
// starting at `start` (a member of subset). Ties go to the lower row index.
std::vector<std::size_t> greedy_order(const FeatureMatrix& features,
                                      std::span<const std::size_t> subset, std::size_t start,
                                      int threads = 0);

} // namespace skr::sort
