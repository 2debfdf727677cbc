// thermal family: manufactured-solution convergence on the slotted plate
// (a solution satisfying every insulated wall, source injected), the mask and
// NaN outputs, agreement of GMRES+ILU with LU, determinism, option checks.
#include <doctest/doctest.h>

#include "problems/problem_fixture.hpp"

#include <numbers>

using namespace skr;
using skr::test::make_problem;
using skr::test::relative_difference;

namespace {
constexpr double pi = std::numbers::pi;
constexpr double a0 = 10, b0 = 1000, c0 = 20;

// T = a + b p(x) + c sin(10 pi x) cos(2.5 pi (y + 0.8)), p = x^3/3 - x/400:
// p'(+-0.05) = 0 and cos(10 pi x) = 0 at x = +-0.05 (slot sides insulated),
// sin(2.5 pi (y + 0.8)) = 0 at y = +-0.4, +-0.8 (slot ends, top and bottom),
// sin(10 pi x) = 0 at x = +-0.5 (constant Dirichlet values on left and right).
double p(double x) {
  return x * x * x / 3 - x / 400;
}
double exact_t(const double* q) {
  return a0 + b0 * p(q[0]) + c0 * std::sin(10 * pi * q[0]) * std::cos(2.5 * pi * (q[1] + 0.8));
}
double source(const double* q) { // -Laplace(T)
  const double waves = (100 + 6.25) * pi * pi;
  return -b0 * 2 * q[0] + c0 * waves * std::sin(10 * pi * q[0]) * std::cos(2.5 * pi * (q[1] + 0.8));
}

} // namespace

TEST_CASE("thermal: second-order convergence against a manufactured solution") {
  std::vector<double> errors;
  for (int n : {40, 80, 160}) {
    auto problem = make_problem("thermal", {"--grid", std::to_string(n)});
    REQUIRE(problem->grid().cells == std::vector<int>{n, n * 8 / 5});
    Sample sample = problem->draw(1);
    sample.scalars["t_left"] = a0 + b0 * p(-0.5);
    sample.scalars["t_right"] = a0 + b0 * p(0.5);
    sample.fields["source"] = test::cell_field(problem->grid(), source);
    const auto x = test::solve_sample(*problem, sample);
    // outputs() puts NaN in the slot, which l2_error skips.
    errors.push_back(
        test::l2_error(problem->grid(), problem->outputs(sample, x).at("solution"), exact_t));
  }
  const auto orders = test::observed_orders(errors);
  MESSAGE("thermal MMS errors " << errors[0] << " " << errors[1] << " " << errors[2] << " orders "
                                << orders[0] << " " << orders[1]);
  for (double order : orders) CHECK(order == doctest::Approx(2.0).epsilon(0.075)); // 2 +- 0.15
}

TEST_CASE("thermal: the slot is masked, its outputs are NaN, the plate solution is bounded") {
  auto problem = make_problem("thermal", {}); // default grid 100 -> 100x160
  const Grid& grid = problem->grid();
  REQUIRE(grid.cells == std::vector<int>{100, 160});
  CHECK(grid.lower == std::vector<double>{-0.5, -0.8});
  const Sample sample = problem->draw(3);
  const auto& mask = sample.fields.at("mask");
  double outside = 0;
  for (double m : mask) outside += 1 - m;
  CHECK(outside == 10 * 80); // the slot is 0.1 x 0.8 = 10 x 80 cells of 0.01
  const auto t = problem->outputs(sample, test::solve_sample(*problem, sample)).at("solution");
  const double lo = sample.scalars.at("t_left"), hi = sample.scalars.at("t_right");
  CHECK(lo <= 0);
  CHECK(hi >= 0);
  int nan = 0;
  for (std::size_t c = 0; c < t.size(); ++c) {
    if (mask[c] == 0) {
      nan += std::isnan(t[c]);
      continue;
    }
    CHECK_MESSAGE((t[c] >= lo - 1e-9 && t[c] <= hi + 1e-9), "maximum principle at cell " << c);
  }
  CHECK(nan == 800);
  // Insulated top/bottom and slot: with kappa = 1 the solution is symmetric in y.
  CHECK(t[grid.index(30, 5)] == doctest::Approx(t[grid.index(30, 154)]).epsilon(1e-9));
  CHECK(problem->spd());
}

TEST_CASE("thermal: GMRES+ILU agrees with LU to 1e-6") {
  for (const char* kappa : {"constant", "lognormal"}) {
    auto problem = make_problem("thermal", {"--grid", "40", "--kappa", kappa});
    const Sample sample = problem->draw(12345);
    const auto direct = test::solve_sample(*problem, sample);
    const auto iterative = test::solve_sample(*problem, sample, KSPGMRES, PCILU, 1e-12);
    CHECK(relative_difference(direct, iterative) < 1e-6);
  }
}

TEST_CASE("thermal: samples are determined by their seed alone") {
  auto problem = make_problem("thermal", {"--grid", "20", "--kappa", "lognormal"});
  const Sample a = problem->draw(7), again = problem->draw(7), b = problem->draw(8);
  CHECK(a.fields == again.fields); // bit-identical
  CHECK(a.scalars == again.scalars);
  CHECK(a.fields.at("kappa") != b.fields.at("kappa"));
  CHECK(a.scalars.at("t_left") != b.scalars.at("t_left"));
  CHECK(a.scalars.at("t_right") != b.scalars.at("t_right"));
  auto plain = make_problem("thermal", {"--grid", "20"});
  CHECK(plain->draw(7).fields.count("kappa") == 0);
  CHECK(plain->features(plain->draw(7)).size() == 2u);
}

TEST_CASE("thermal: bad options are refused with the option's name") {
  CHECK_THROWS_WITH_AS(make_problem("thermal", {"--grid", "30"}), doctest::Contains("--grid"),
                       skr::Error);
  CHECK_THROWS_WITH_AS(make_problem("thermal", {"--grid", "40x30"}), doctest::Contains("--grid"),
                       skr::Error);
  CHECK_THROWS_WITH_AS(make_problem("thermal", {"--t-left-min", "5", "--t-left-max", "1"}),
                       doctest::Contains("--t-left-min"), skr::Error);
  CHECK_THROWS_WITH_AS(make_problem("thermal", {"--kappa", "bogus"}), doctest::Contains("--kappa"),
                       skr::Error);
}
