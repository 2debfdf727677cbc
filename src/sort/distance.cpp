#include "sort/distance.hpp"

#include "sort/feature_matrix.hpp"

namespace skr::sort {

__attribute__((target_clones("avx2", "default"))) double
squared_distance_fast(const double* a, const double* b, std::size_t d) {
  return squared_distance(a, b, d);
}

__attribute__((target_clones("avx2", "default"))) double
squared_distance_bounded_fast(const double* a, const double* b, std::size_t d, double bound) {
  return squared_distance_bounded(a, b, d, bound);
}

} // namespace skr::sort
