#include "sampling/chebyshev.hpp"

#include "util/error.hpp"

namespace skr {

double chebyshev_t(int n, double t) {
  double previous = 1, current = t; // T_0, T_1
  if (n == 0) return previous;
  for (int k = 1; k < n; ++k) {
    const double next = 2 * t * current - previous;
    previous = current;
    current = next;
  }
  return current;
}

double chebyshev_series_1d(const std::vector<double>& c, double s) {
  // Clenshaw: b_k = c_k + 2 t b_{k+1} - b_{k+2}, value = c_0 + t b_1 - b_2.
  const double t = 2 * s - 1;
  double b1 = 0, b2 = 0;
  for (std::size_t k = c.size(); k-- > 1;) {
    const double b0 = c[k] + 2 * t * b1 - b2;
    b2 = b1;
    b1 = b0;
  }
  return c.empty() ? 0.0 : c[0] + t * b1 - b2;
}

double chebyshev_series_2d(const std::vector<double>& c, int degree, double x, double y) {
  if (c.size() != chebyshev_terms_2d(degree))
    fail("Chebyshev series: {} coefficients for degree {}, expected {}", c.size(), degree,
         chebyshev_terms_2d(degree));
  std::vector<double> ty(degree + 1);
  for (int j = 0; j <= degree; ++j) ty[j] = chebyshev_t(j, 2 * y - 1);
  double sum = 0;
  std::size_t next = 0;
  for (int i = 0; i <= degree; ++i) {
    double row = 0;
    for (int j = 0; j + i <= degree; ++j) row += c[next++] * ty[j];
    sum += row * chebyshev_t(i, 2 * x - 1);
  }
  return sum;
}

std::vector<double> random_chebyshev_coefficients(std::size_t count, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  std::vector<double> c(count);
  for (double& v : c) v = uniform(rng);
  return c;
}

} // namespace skr
