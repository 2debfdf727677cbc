// TranslatedField: the translate of a cosine series is exact (a field of a
// few modes moves as its formula does), a zero shift gives the field back,
// and the motion is 2-periodic per axis.
#include <doctest/doctest.h>

#include "sampling/grf.hpp"
#include "sampling/translated_field.hpp"

#include <cmath>
#include <numbers>

using namespace skr;

namespace {
constexpr double pi = std::numbers::pi;

double modes(double x, double y) {
  return 0.7 + std::cos(pi * x) * std::cos(2 * pi * y) + 0.3 * std::cos(3 * pi * x) -
         0.2 * std::cos(5 * pi * y);
}

std::vector<double> sampled(int nx, int ny, double sx, double sy) {
  std::vector<double> v(std::size_t(nx) * ny);
  for (int i = 0; i < nx; ++i)
    for (int j = 0; j < ny; ++j)
      v[std::size_t(i) * ny + j] = modes((i + 0.5) / nx - sx, (j + 0.5) / ny - sy);
  return v;
}

double max_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
  return worst;
}
} // namespace

TEST_CASE("translated field: a cosine series moves exactly, any shift") {
  const int nx = 24, ny = 16;
  const TranslatedField field({nx, ny}, sampled(nx, ny, 0, 0));
  CHECK(max_difference(field.at(0, 0), sampled(nx, ny, 0, 0)) < 1e-12);
  for (auto [sx, sy] : {std::pair{0.013, 0.0}, {0.0, -0.37}, {0.61, 1.29}, {-2.4, 3.7}})
    CHECK(max_difference(field.at(sx, sy), sampled(nx, ny, sx, sy)) < 1e-12);
}

TEST_CASE("translated field: a GRF comes back after a shift of 2 and is smooth in the shift") {
  const int n = 32;
  GaussianRandomField grf({n, n}, {2.5, 3.0});
  std::mt19937_64 rng(4);
  const auto g = grf.sample(rng);
  const TranslatedField field({n, n}, g);
  CHECK(max_difference(field.at(0, 0), g) < 1e-12);
  CHECK(max_difference(field.at(2, -2), g) < 1e-11);
  // Moving by a small s changes the field by O(s): no jumps between cells.
  const double small = max_difference(field.at(1e-3, 0), g);
  CHECK(small > 0);
  CHECK(small < 1e-3 * 50);
  CHECK(max_difference(field.at(2e-3, 0), g) == doctest::Approx(2 * small).epsilon(0.05));
}
