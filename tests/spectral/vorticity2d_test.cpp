// The pseudo-spectral vorticity solver against exact solutions: the
// Taylor-Green vortex (its non-linear term vanishes, so it decays at exactly
// exp(-2 nu |k|^2 t)), spectral in space and order 2 in time; the forced
// steady state f / (nu 8 pi^2); the periodic GRF's pointwise variance.
#include <doctest/doctest.h>

#include "spectral/periodic_grf.hpp"
#include "spectral/vorticity2d.hpp"
#include "util/error.hpp"
#include "util/seed.hpp"

#include <cmath>
#include <numbers>

using namespace skr;

namespace {

constexpr double pi = std::numbers::pi;

// A strong Taylor-Green vortex: amplitude 5, so a wrong velocity sign (which
// makes u . grad w non-zero) shows.
std::vector<double> taylor_green(int n) {
  std::vector<double> w(std::size_t(n) * n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      w[std::size_t(i) * n + j] = 5.0 * std::sin(2 * pi * i / n) * std::sin(2 * pi * j / n);
  return w;
}

// Max-norm error relative to the max of `exact_scale` * w0.
double relative_error(const std::vector<double>& w, const std::vector<double>& w0, double factor) {
  double error = 0, scale = 0;
  for (std::size_t p = 0; p < w.size(); ++p) {
    error = std::max(error, std::abs(w[p] - factor * w0[p]));
    scale = std::max(scale, std::abs(factor * w0[p]));
  }
  return error / scale;
}

double taylor_green_error(int n, double nu, double dt, long steps, double reference_factor) {
  VorticitySolver2d solver({n, nu, dt, false, 1});
  const auto w0 = taylor_green(n);
  solver.set_vorticity(w0);
  solver.advance(steps);
  return relative_error(solver.vorticity(), w0, reference_factor);
}

} // namespace

TEST_CASE("ns2d: Taylor-Green is exact in space: only Crank-Nicolson's amplification remains") {
  const double nu = 0.01, dt = 0.01, lambda = 8 * pi * pi;
  const long steps = 50;
  const double c = 0.5 * dt * nu * lambda;
  const double discrete = std::pow((1 - c) / (1 + c), double(steps));
  for (int n : {8, 16, 32}) {
    CAPTURE(n);
    CHECK(taylor_green_error(n, nu, dt, steps, discrete) < 1e-12);
  }
}

TEST_CASE("ns2d: Taylor-Green decays at exp(-2 nu |k|^2 t) with order 2 in time") {
  const double nu = 0.01, t = 1.0, lambda = 8 * pi * pi;
  const double exact = std::exp(-nu * lambda * t);
  double errors[3];
  for (int level = 0; level < 3; ++level) {
    const long steps = 10L << level;
    errors[level] = taylor_green_error(16, nu, t / steps, steps, exact);
  }
  MESSAGE("Taylor-Green errors at dt 0.1, 0.05, 0.025: ", errors[0], " ", errors[1], " ", errors[2]);
  CHECK(errors[0] < 1e-3);
  for (int level = 0; level < 2; ++level) {
    const double order = std::log2(errors[level] / errors[level + 1]);
    CAPTURE(order);
    CHECK(order == doctest::Approx(2.0).epsilon(0.03));
  }
}

TEST_CASE("ns2d: the forced flow settles on f / (8 pi^2 nu)") {
  const int n = 16;
  const double nu = 0.05;
  VorticitySolver2d solver({n, nu, 0.01, true, 1});
  solver.advance(1000); // nu 8 pi^2 t = 39.5: the transient is gone
  const auto w = solver.vorticity();
  double error = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double steady = fno_forcing(double(i) / n, double(j) / n) / (8 * pi * pi * nu);
      error = std::max(error, std::abs(w[std::size_t(i) * n + j] - steady));
    }
  CHECK(error < 1e-10);
}

TEST_CASE("ns2d: two threads give the one-thread trajectory") {
  PeriodicGrf grf(32, 2.5, 7.0);
  std::mt19937_64 rng(3);
  const auto w0 = grf.sample(rng);
  std::vector<double> results[2];
  for (int threads : {1, 2}) {
    VorticitySolver2d solver({32, 1e-3, 1e-3, true, threads});
    solver.set_vorticity(w0);
    solver.advance(50);
    results[threads - 1] = solver.vorticity();
  }
  double difference = 0;
  for (std::size_t p = 0; p < w0.size(); ++p)
    difference = std::max(difference, std::abs(results[0][p] - results[1][p]));
  CHECK(difference < 1e-12);
}

TEST_CASE("ns2d: FNO's periodic GRF has mean 0 and the covariance's pointwise variance") {
  const int n = 32, draws = 500;
  PeriodicGrf grf(n, 2.5, 7.0);
  double sum = 0, squares = 0;
  for (int d = 0; d < draws; ++d) {
    std::mt19937_64 rng(derive_seed(7, d));
    const auto w = grf.sample(rng);
    for (double v : w) {
      sum += v;
      squares += v * v;
    }
  }
  const double count = double(draws) * n * n;
  const double variance = grf.pointwise_variance();
  MESSAGE("GRF variance measured ", squares / count, ", expected ", variance);
  CHECK(std::abs(sum / count) < 0.05 * std::sqrt(variance));
  CHECK(squares / count == doctest::Approx(variance).epsilon(0.05));
}

TEST_CASE("ns2d: subsampling keeps every stride-th point and refuses a stride that does not divide") {
  std::vector<double> field(64);
  for (std::size_t p = 0; p < field.size(); ++p) field[p] = double(p);
  const auto coarse = subsample(field, 8, 4);
  REQUIRE(coarse.size() == 4);
  CHECK(coarse[0] == 0);
  CHECK(coarse[1] == 4);
  CHECK(coarse[2] == 32);
  CHECK(coarse[3] == 36);
  CHECK_THROWS_AS(subsample(field, 8, 3), Error);
  CHECK_THROWS_AS(VorticitySolver2d({7, 1e-3, 1e-4, true, 1}), Error);
}
