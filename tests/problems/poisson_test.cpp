// poisson family: Chebyshev helpers, manufactured-solution convergence with
// Chebyshev boundary data, one matrix for all samples, agreement of GMRES+ILU
// with LU, determinism by seed, option checks.
#include <doctest/doctest.h>

#include "problems/problem_fixture.hpp"
#include "sampling/chebyshev.hpp"
#include "util/error.hpp"

#include <petscmat.h>

#include <random>

using namespace skr;
using skr::test::make_problem;
using skr::test::relative_difference;

namespace {
// u = T_3(X) T_4(Y) + T_5(X), X = 2x - 1, Y = 2y - 1: on each edge a Chebyshev
// series of degree <= 5 (set below), and f = -Laplace(u) = -4 (u_XX + u_YY).
double t3(double t) {
  return 4 * t * t * t - 3 * t;
}
double t4(double t) {
  return 8 * t * t * t * t - 8 * t * t + 1;
}
double t5(double t) {
  return 16 * std::pow(t, 5) - 20 * t * t * t + 5 * t;
}
double exact_u(const double* p) {
  const double X = 2 * p[0] - 1, Y = 2 * p[1] - 1;
  return t3(X) * t4(Y) + t5(X);
}
double source(const double* p) {
  const double X = 2 * p[0] - 1, Y = 2 * p[1] - 1;
  const double uXX = 24 * X * t4(Y) + 320 * X * X * X - 120 * X;
  const double uYY = t3(X) * (96 * Y * Y - 16);
  return -4 * (uXX + uYY);
}
// Edge series of u: left (X = -1) -T_4 - 1, right T_4 + 1, bottom/top T_3 + T_5.
void set_boundary(Sample& s) {
  for (const char* edge : {"left", "right", "bottom", "top"})
    for (int i = 0; i <= 5; ++i) s.scalars[fmt::format("bc_{}_c{}", edge, i)] = 0.0;
  s.scalars["bc_left_c0"] = s.scalars["bc_left_c4"] = -1;
  s.scalars["bc_right_c0"] = s.scalars["bc_right_c4"] = 1;
  s.scalars["bc_bottom_c3"] = s.scalars["bc_bottom_c5"] = 1;
  s.scalars["bc_top_c3"] = s.scalars["bc_top_c5"] = 1;
}

} // namespace

TEST_CASE("chebyshev: T_n(cos t) = cos(n t), and the series helpers agree with it") {
  for (int n = 0; n <= 7; ++n)
    for (double t : {0.0, 0.3, 1.1, 2.9})
      CHECK(chebyshev_t(n, std::cos(t)) == doctest::Approx(std::cos(n * t)).epsilon(1e-12));
  const std::vector<double> c{0.5, -1, 0.25, 2};
  for (double s : {0.0, 0.2, 0.75, 1.0}) {
    double expected = 0;
    for (int i = 0; i < 4; ++i) expected += c[i] * chebyshev_t(i, 2 * s - 1);
    CHECK(chebyshev_series_1d(c, s) == doctest::Approx(expected).epsilon(1e-12));
  }
  // Degree 2 total: (0,0) (0,1) (0,2) (1,0) (1,1) (2,0).
  const std::vector<double> c2{1, 2, 3, 4, 5, 6};
  const double x = 0.3, y = 0.8, X = 2 * x - 1, Y = 2 * y - 1;
  const double expected = 1 + 2 * Y + 3 * (2 * Y * Y - 1) + 4 * X + 5 * X * Y + 6 * (2 * X * X - 1);
  CHECK(chebyshev_series_2d(c2, 2, x, y) == doctest::Approx(expected).epsilon(1e-12));
  CHECK(chebyshev_terms_2d(5) == 21u);
  // On a grid: each point's value bit for bit (the data's promise).
  std::mt19937_64 rng(4);
  const auto c5 = random_chebyshev_coefficients(chebyshev_terms_2d(5), rng);
  const std::vector<double> xs{0.01, 0.3, 0.77}, ys{0.0, 0.5, 0.9, 1.0};
  const auto grid = chebyshev_series_2d_on_grid(c5, 5, xs, ys);
  REQUIRE(grid.size() == 12u);
  for (std::size_t i = 0; i < xs.size(); ++i)
    for (std::size_t j = 0; j < ys.size(); ++j)
      CHECK(grid[i * ys.size() + j] == chebyshev_series_2d(c5, 5, xs[i], ys[j]));
  CHECK_THROWS_AS(chebyshev_series_2d_on_grid(c5, 4, xs, ys), skr::Error);
}

TEST_CASE("poisson: second-order convergence against a manufactured solution") {
  std::vector<double> errors;
  for (int n : {16, 32, 64}) {
    auto problem = make_problem("poisson", {"--grid", std::to_string(n)});
    Sample sample;
    sample.fields["source"] = test::cell_field(problem->grid(), source);
    set_boundary(sample);
    errors.push_back(
        test::l2_error(problem->grid(), test::solve_sample(*problem, sample), exact_u));
  }
  const auto orders = test::observed_orders(errors);
  MESSAGE("poisson MMS errors " << errors[0] << " " << errors[1] << " " << errors[2] << " orders "
                                << orders[0] << " " << orders[1]);
  for (double order : orders) CHECK(order == doctest::Approx(2.0).epsilon(0.075)); // 2 +- 0.15
}

TEST_CASE("poisson: every sample has the same matrix, only b changes") {
  auto problem = make_problem("poisson", {"--grid", "20"});
  Handle<Mat> A1, A2;
  Handle<Vec> b1, b2;
  problem->create_system(PETSC_COMM_SELF, A1.out(), b1.out());
  problem->create_system(PETSC_COMM_SELF, A2.out(), b2.out());
  problem->assemble(problem->draw(1), A1, b1);
  problem->assemble(problem->draw(2), A2, b2);
  PetscBool same = PETSC_FALSE;
  SKR_PETSC(MatEqual(A1, A2, &same));
  CHECK(same == PETSC_TRUE);
  SKR_PETSC(VecEqual(b1, b2, &same));
  CHECK(same == PETSC_FALSE);
  CHECK(problem->spd());
}

TEST_CASE("poisson: GMRES+ILU agrees with LU to 1e-6") {
  auto problem = make_problem("poisson", {"--grid", "48"});
  const Sample sample = problem->draw(12345);
  const auto direct = test::solve_sample(*problem, sample);
  const auto iterative = test::solve_sample(*problem, sample, KSPGMRES, PCILU, 1e-12);
  CHECK(relative_difference(direct, iterative) < 1e-6);
}

TEST_CASE("poisson: samples are determined by their seed alone; inputs rebuild the data") {
  auto problem = make_problem("poisson", {"--grid", "24", "--degree", "3"});
  const Sample a = problem->draw(7), again = problem->draw(7), b = problem->draw(8);
  CHECK(a.fields == again.fields); // bit-identical
  CHECK(a.scalars == again.scalars);
  CHECK(a.fields.at("source") != b.fields.at("source"));
  CHECK(a.scalars != b.scalars);
  CHECK(a.scalars.size() == 4u * 4u); // 4 edges x (degree + 1) coefficients
  for (const auto& [name, value] : a.scalars) {
    CHECK(value >= -1);
    CHECK(value <= 1);
  }
  CHECK(problem->features(a).size() == 24u * 24u + 4u * 24u);
}

TEST_CASE("poisson: bad options are refused with the option's name") {
  CHECK_THROWS_WITH_AS(make_problem("poisson", {"--degree", "-1"}), doctest::Contains("--degree"),
                       skr::Error);
  CHECK_THROWS_WITH_AS(make_problem("poisson", {"--degree", "two"}), doctest::Contains("--degree"),
                       skr::Error);
  CHECK_THROWS_WITH_AS(make_problem("poisson", {"--grid", "8x8x8"}), doctest::Contains("--grid"),
                       skr::Error);
}
