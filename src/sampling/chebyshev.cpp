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

namespace {

void check_terms_2d(const std::vector<double>& c, int degree) {
  if (c.size() != chebyshev_terms_2d(degree))
    fail("Chebyshev series: {} coefficients for degree {}, expected {}", c.size(), degree,
         chebyshev_terms_2d(degree));
}

// T_0 .. T_degree at 2s - 1 for each s, degree + 1 values per point.
std::vector<double> chebyshev_table(int degree, const std::vector<double>& points) {
  std::vector<double> t;
  t.reserve(points.size() * std::size_t(degree + 1));
  for (double s : points)
    for (int k = 0; k <= degree; ++k) t.push_back(chebyshev_t(k, 2 * s - 1));
  return t;
}

// sum_j c_ij ty_j for one i, over its `count` coefficients: the inner sum
// both evaluations share, so that they add in one order.
double inner_sum(const double* c_i, std::size_t count, const double* ty) {
  double row = 0;
  for (std::size_t j = 0; j < count; ++j) row += c_i[j] * ty[j];
  return row;
}

// sum_i (sum_j c_ij ty_j) tx_i: the order chebyshev_series_2d_on_grid keeps.
double series_from_tables(const std::vector<double>& c, int degree, const double* tx,
                          const double* ty) {
  const std::size_t terms = std::size_t(degree) + 1;
  double sum = 0;
  std::size_t next = 0;
  for (std::size_t i = 0; i < terms; next += terms - i, ++i)
    sum += inner_sum(c.data() + next, terms - i, ty) * tx[i];
  return sum;
}

} // namespace

double chebyshev_series_2d(const std::vector<double>& c, int degree, double x, double y) {
  check_terms_2d(c, degree);
  return series_from_tables(c, degree, chebyshev_table(degree, {x}).data(),
                            chebyshev_table(degree, {y}).data());
}

std::vector<double> chebyshev_series_2d_on_grid(const std::vector<double>& c, int degree,
                                                const std::vector<double>& xs,
                                                const std::vector<double>& ys) {
  check_terms_2d(c, degree);
  const std::vector<double> tx = chebyshev_table(degree, xs), ty = chebyshev_table(degree, ys);
  const std::size_t terms = std::size_t(degree) + 1, ny = ys.size();
  // series_from_tables' inner sums depend on y alone: computed once per y
  // (rows[i * ny + y]), then summed over i in its order, so every value is
  // the pointwise one bit for bit, in O(n^2 d) instead of O(n^2 d^2).
  std::vector<double> rows(terms * ny);
  for (std::size_t y = 0; y < ny; ++y) {
    std::size_t next = 0;
    for (std::size_t i = 0; i < terms; next += terms - i, ++i)
      rows[i * ny + y] = inner_sum(c.data() + next, terms - i, ty.data() + y * terms);
  }
  std::vector<double> values(xs.size() * ny, 0.0);
  for (std::size_t x = 0; x < xs.size(); ++x) {
    double* out = values.data() + x * ny;
    for (std::size_t i = 0; i < terms; ++i) {
      const double t = tx[x * terms + i];
      const double* row = rows.data() + i * ny;
      for (std::size_t y = 0; y < ny; ++y) out[y] += row[y] * t;
    }
  }
  return values;
}

std::vector<double> random_chebyshev_coefficients(std::size_t count, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  std::vector<double> c(count);
  for (double& v : c) v = uniform(rng);
  return c;
}

} // namespace skr
