#include <doctest/doctest.h>

#include "sort/features.hpp"
#include "sort/sorter.hpp"
#include "util/error.hpp"

#include <array>
#include <cmath>
#include <numbers>
#include <random>

using namespace skr::sort;

namespace {

// Column of coefficient (fx, fy), real or imaginary part, in fft_reduce's layout.
std::size_t column(int keep, int fx, int fy, int part) {
  const int lo = -(keep / 2);
  return static_cast<std::size_t>(2 * ((fx - lo) * keep + (fy - lo)) + part);
}

FeatureMatrix cosine_field(int nx, int ny, int kx, int ky, double phase = 0) {
  FeatureMatrix f(1, static_cast<std::size_t>(nx * ny));
  for (int i = 0; i < nx; ++i)
    for (int j = 0; j < ny; ++j)
      f(0, static_cast<std::size_t>(i * ny + j)) =
          std::cos(2 * std::numbers::pi * (double(kx * i) / nx + double(ky * j) / ny) + phase);
  return f;
}

} // namespace

TEST_CASE("sort: fft_reduce puts a low-frequency cosine in its two coefficients only") {
  const int nx = 32, ny = 24, keep = 12;
  for (auto [kx, ky] : {std::pair{2, 3}, std::pair{0, 1}, std::pair{-4, 5}, std::pair{3, -2}}) {
    const auto feat = fft_reduce(cosine_field(nx, ny, kx, ky), nx, ny, keep);
    REQUIRE(feat.rows == 1);
    REQUIRE(feat.cols == 2u * keep * keep);
    for (std::size_t c = 0; c < feat.cols; ++c) {
      const bool plus = c == column(keep, kx, ky, 0);
      const bool minus = c == column(keep, -kx, -ky, 0);
      CHECK(feat(0, c) == doctest::Approx(plus || minus ? 0.5 : 0.0).epsilon(1e-12).scale(1.0));
    }
  }
  // A sine shows up in the imaginary parts, with opposite signs at +-k.
  const auto s = fft_reduce(cosine_field(nx, ny, 2, 1, -std::numbers::pi / 2), nx, ny, keep);
  CHECK(s(0, column(keep, 2, 1, 1)) == doctest::Approx(-0.5));
  CHECK(s(0, column(keep, -2, -1, 1)) == doctest::Approx(0.5));
  CHECK(s(0, column(keep, 2, 1, 0)) == doctest::Approx(0.0).scale(1.0));
}

TEST_CASE("sort: fft_reduce in 3-D puts a low-frequency cosine in its two coefficients only") {
  const std::vector<int> shape{12, 10, 8};
  const int keep = 6, lo = -(keep / 2); // frequencies -3 .. 2 kept on each axis
  // Column of coefficient (fx, fy, fz), real or imaginary part.
  auto column3 = [&](int fx, int fy, int fz, int part) {
    return static_cast<std::size_t>(2 * (((fx - lo) * keep + (fy - lo)) * keep + (fz - lo)) + part);
  };
  for (auto [kx, ky, kz] :
       {std::array{1, 2, 2}, std::array{0, 0, 1}, std::array{-2, 1, -1}, std::array{2, -2, 0}}) {
    for (double phase : {0.0, -std::numbers::pi / 2}) { // a cosine, then a sine
      FeatureMatrix f(1, 12 * 10 * 8);
      for (int i = 0; i < 12; ++i)
        for (int j = 0; j < 10; ++j)
          for (int k = 0; k < 8; ++k)
            f(0, static_cast<std::size_t>((i * 10 + j) * 8 + k)) = std::cos(
                2 * std::numbers::pi * (kx * i / 12.0 + ky * j / 10.0 + kz * k / 8.0) + phase);
      const auto feat = fft_reduce(f, shape, keep);
      REQUIRE(feat.cols == 2u * keep * keep * keep);
      const int part = phase == 0.0 ? 0 : 1; // a sine shows in the imaginary parts, -+ at +-k
      for (std::size_t c = 0; c < feat.cols; ++c) {
        double expected = 0;
        if (c == column3(kx, ky, kz, part)) expected = part == 0 ? 0.5 : -0.5;
        if (c == column3(-kx, -ky, -kz, part)) expected = 0.5;
        CHECK(feat(0, c) == doctest::Approx(expected).epsilon(1e-12).scale(1.0));
      }
    }
  }
  CHECK_THROWS_AS(fft_reduce(FeatureMatrix(1, 12 * 10 * 8), shape, 9), skr::Error);
  CHECK_THROWS_AS(fft_reduce(FeatureMatrix(1, 100), shape, 4), skr::Error);
  CHECK_THROWS_AS(fft_reduce(FeatureMatrix(1, 12), std::vector<int>{12}, 4), skr::Error);
}

TEST_CASE("sort: fft_reduce features of nearby fields are close, of distinct fields far") {
  const int nx = 40, ny = 40;
  std::mt19937_64 rng(5);
  std::normal_distribution<double> g(0.0, 1.0);
  FeatureMatrix f(3, nx * ny);
  for (std::size_t j = 0; j < f.cols; ++j) {
    f(0, j) = g(rng);
    f(1, j) = f(0, j) + 1e-3 * g(rng);
    f(2, j) = g(rng);
  }
  const auto feat = fft_reduce(f, nx, ny);
  const double near = std::sqrt(squared_distance(feat.row(0), feat.row(1), feat.cols));
  const double far = std::sqrt(squared_distance(feat.row(0), feat.row(2), feat.cols));
  CHECK(near < 1e-3);
  CHECK(far > 100 * near);
}

TEST_CASE("sort: fft_reduce passes trailing scalars through and checks its arguments") {
  const int nx = 16, ny = 16;
  FeatureMatrix f = cosine_field(nx, ny, 1, 0);
  FeatureMatrix k(1, 1);
  k(0, 0) = 0.25;
  append_scaled_columns(f, k, 4.0);
  REQUIRE(f.cols == 257);
  const auto feat = fft_reduce(f, nx, ny, 8);
  REQUIRE(feat.cols == 2 * 64 + 1);
  CHECK(feat(0, 128) == doctest::Approx(1.0));
  CHECK(feat(0, column(8, 1, 0, 0)) == doctest::Approx(0.5));
  CHECK_THROWS_AS(fft_reduce(f, nx, ny, 17), skr::Error);
  CHECK_THROWS_AS(fft_reduce(f, 32, 32), skr::Error);
  CHECK(fft_reduce(FeatureMatrix(0, 256), nx, ny).rows == 0);
}

TEST_CASE("sort: fft_reduce does not depend on the thread count") {
  std::mt19937_64 rng(8);
  std::normal_distribution<double> g(0.0, 1.0);
  FeatureMatrix f(37, 20 * 30);
  for (double& v : f.data) v = g(rng);
  CHECK(fft_reduce(f, 20, 30, 12, 1).data == fft_reduce(f, 20, 30, 12, 2).data);
}
