#pragma once
// Out-of-line distance kernels compiled for AVX2 and for the baseline ISA,
// picked at load time (GCC target_clones). They compute exactly what the
// inline kernels in feature_matrix.hpp compute (same lanes, same order, no
// contraction into FMA), only faster.
#include <cstddef>

namespace skr::sort {

double squared_distance_fast(const double* a, const double* b, std::size_t d);
double squared_distance_bounded_fast(const double* a, const double* b, std::size_t d, double bound);

} // namespace skr::sort
