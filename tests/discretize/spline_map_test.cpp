// Not-a-knot cubic splines (src/discretize/spline_map.hpp): they reproduce
// every cubic polynomial (the defining property of the not-a-knot ends; a
// natural or clamped spline does not), also extrapolated past the end knots
// and in 2-D as a tensor product; the inverse map undoes a square one.
#include <doctest/doctest.h>

#include "discretize/spline_map.hpp"
#include "util/error.hpp"

#include <cmath>

using namespace skr;

namespace {

double cubic(double x, int line) {
  return 0.7 - 1.3 * x + (0.5 + line) * x * x - (2.0 - 0.5 * line) * x * x * x;
}

// Non-uniform increasing knots.
std::vector<double> knots(int n) {
  std::vector<double> x;
  for (int i = 0; i < n; ++i) x.push_back(0.1 * i + 0.03 * std::sin(3.0 * i));
  return x;
}

} // namespace

TEST_CASE("not-a-knot spline reproduces cubics, inside and past the end knots") {
  for (int n : {4, 5, 9, 33}) {
    const auto x = knots(n);
    std::vector<double> points;
    for (double p = x.front() - 0.15; p < x.back() + 0.15; p += 0.0137) points.push_back(p);
    points.push_back(x[2]); // a knot itself
    const NotAKnotSpline spline(x, points);
    CHECK(spline.inputs() == std::size_t(n));
    CHECK(spline.outputs() == points.size());
    const int lines = 3;
    std::vector<double> values;
    for (int line = 0; line < lines; ++line)
      for (double xi : x) values.push_back(cubic(xi, line));
    const auto out = spline.apply(values, lines);
    REQUIRE(out.size() == points.size() * lines);
    double worst = 0;
    for (int line = 0; line < lines; ++line)
      for (std::size_t p = 0; p < points.size(); ++p)
        worst = std::max(worst, std::abs(out[line * points.size() + p] - cubic(points[p], line)));
    INFO("n = " << n);
    CHECK(worst < 1e-12);
  }
}

TEST_CASE("not-a-knot spline interpolates arbitrary data at its knots") {
  const auto x = knots(8);
  const std::vector<double> y{1, -2, 0.5, 3, 3, -1, 0, 2};
  const NotAKnotSpline at_knots(x, x);
  const auto same = at_knots.apply(y, 1);
  for (std::size_t i = 0; i < y.size(); ++i) CHECK(same[i] == doctest::Approx(y[i]).epsilon(1e-13));
}

TEST_CASE("2-D spline from cell centres to vertices reproduces a bicubic") {
  const int nx = 7, ny = 5;
  std::vector<double> cx, cy, vx, vy;
  for (int i = 0; i < nx; ++i) cx.push_back((i + 0.5) / nx), vx.push_back(i / (nx - 1.0));
  for (int j = 0; j < ny; ++j) cy.push_back((j + 0.5) / ny), vy.push_back(j / (ny - 1.0));
  auto f = [](double x, double y) { return 1 + x * x * x * y * y - 2 * x * y * y * y + y - x * x; };
  std::vector<double> field;
  for (double x : cx)
    for (double y : cy) field.push_back(f(x, y));
  const auto out = apply_2d(NotAKnotSpline(cx, vx), NotAKnotSpline(cy, vy), field);
  REQUIRE(out.size() == std::size_t(nx * ny));
  for (int i = 0; i < nx; ++i)
    for (int j = 0; j < ny; ++j) CHECK(out[i * ny + j] == doctest::Approx(f(vx[i], vy[j])).epsilon(1e-12));
}

TEST_CASE("the inverse of a square spline map undoes it") {
  const int n = 17;
  std::vector<double> centres, vertices;
  for (int i = 0; i < n; ++i) centres.push_back((i + 0.5) / n), vertices.push_back(i / (n - 1.0));
  const NotAKnotSpline to_centres(vertices, centres);
  const InverseLineMap back(to_centres);
  std::vector<double> v;
  for (int k = 0; k < 2 * n; ++k) v.push_back(std::cos(0.7 * k) + (k % 3));
  const auto round_trip = back.apply(to_centres.apply(v, 2), 2);
  for (std::size_t k = 0; k < v.size(); ++k) CHECK(round_trip[k] == doctest::Approx(v[k]).epsilon(1e-11));
}

TEST_CASE("spline maps refuse too few or unordered knots and mismatched sizes") {
  CHECK_THROWS_WITH_AS(NotAKnotSpline({0, 1, 2}, {0.5}), doctest::Contains("at least 4 knots"), Error);
  CHECK_THROWS_WITH_AS(NotAKnotSpline({0, 1, 1, 2}, {0.5}), doctest::Contains("increase"), Error);
  const NotAKnotSpline s({0, 1, 2, 3}, {0.5, 1.5});
  CHECK_THROWS_WITH_AS(s.apply({1, 2, 3}, 1), doctest::Contains("3 values"), Error);
  CHECK_THROWS_WITH_AS(InverseLineMap{s}, doctest::Contains("not square"), Error);
}
