#pragma once
// Truncated Chebyshev series on [0, 1] (and [0, 1]^2), the random functions
// of the SKR paper's Poisson family: each coefficient is drawn U(-1, 1).
//   1-D: g(s)    = sum_{i <= d}      c_i  T_i(2s - 1)
//   2-D: f(x, y) = sum_{i + j <= d}  c_ij T_i(2x - 1) T_j(2y - 1)   (total degree d)
// 2-D coefficients are stored in the order (0,0), (0,1), ..., (0,d), (1,0),
// ..., (1,d-1), ..., (d,0): i slowest, (d+1)(d+2)/2 of them.
#include <cstddef>
#include <random>
#include <vector>

namespace skr {

// T_n(t) for t in [-1, 1].
double chebyshev_t(int n, double t);

// Number of coefficients of a 1-D (d + 1) or total-degree 2-D ((d+1)(d+2)/2) series.
inline std::size_t chebyshev_terms_1d(int degree) {
  return std::size_t(degree) + 1;
}
inline std::size_t chebyshev_terms_2d(int degree) {
  return std::size_t(degree + 1) * (degree + 2) / 2;
}

// The series at s in [0, 1] (Clenshaw); the degree is c.size() - 1.
double chebyshev_series_1d(const std::vector<double>& c, double s);
// The total-degree series at (x, y) in [0, 1]^2.
double chebyshev_series_2d(const std::vector<double>& c, int degree, double x, double y);
// The same at every (xs[i], ys[j]), value i * ys.size() + j: each T_k on each
// axis evaluated once, bit for bit the values chebyshev_series_2d gives.
std::vector<double> chebyshev_series_2d_on_grid(const std::vector<double>& c, int degree,
                                                const std::vector<double>& xs,
                                                const std::vector<double>& ys);

// `count` coefficients drawn U(-1, 1) from rng, in order.
std::vector<double> random_chebyshev_coefficients(std::size_t count, std::mt19937_64& rng);

} // namespace skr
