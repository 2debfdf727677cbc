// darcy3d family: manufactured-solution convergence in 3-D, agreement of the
// iterative solve with LU, determinism by seed, option checks.
#include <doctest/doctest.h>

#include "problems/problem_fixture.hpp"

#include <numbers>

using namespace skr;
using skr::test::make_problem;
using skr::test::relative_difference;

namespace {
constexpr double pi = std::numbers::pi;

// u = sin(pi x) sin(pi y) sin(pi z), a = 1.5 + x y z + 0.5 sin(2 pi x) cos(pi z):
// f = -div(a grad u) = -(a Laplace(u) + grad(a) . grad(u)).
double exact_u(const double* p) {
  return std::sin(pi * p[0]) * std::sin(pi * p[1]) * std::sin(pi * p[2]);
}
double coefficient(const double* p) {
  return 1.5 + p[0] * p[1] * p[2] + 0.5 * std::sin(2 * pi * p[0]) * std::cos(pi * p[2]);
}
double source(const double* p) {
  const double x = p[0], y = p[1], z = p[2];
  const double sx = std::sin(pi * x), sy = std::sin(pi * y), sz = std::sin(pi * z);
  const double cx = std::cos(pi * x), cy = std::cos(pi * y), cz = std::cos(pi * z);
  const double ax = y * z + pi * std::cos(2 * pi * x) * cz;
  const double ay = x * z;
  const double az = x * y - 0.5 * pi * std::sin(2 * pi * x) * sz;
  const double ux = pi * cx * sy * sz, uy = pi * sx * cy * sz, uz = pi * sx * sy * cz;
  const double laplace = -3 * pi * pi * sx * sy * sz;
  return -(coefficient(p) * laplace + ax * ux + ay * uy + az * uz);
}

} // namespace

TEST_CASE("darcy3d: second-order convergence against a manufactured solution") {
  std::vector<double> errors;
  for (int n : {8, 16, 32}) {
    auto problem = make_problem("darcy3d", {"--grid", std::to_string(n)});
    REQUIRE(problem->grid().dims() == 3);
    Sample sample;
    sample.fields["coeff"] = test::cell_field(problem->grid(), coefficient);
    sample.fields["source"] = test::cell_field(problem->grid(), source);
    errors.push_back(
        test::l2_error(problem->grid(), test::solve_sample(*problem, sample), exact_u));
  }
  const auto orders = test::observed_orders(errors);
  MESSAGE("darcy3d MMS errors " << errors[0] << " " << errors[1] << " " << errors[2] << " orders "
                                << orders[0] << " " << orders[1]);
  for (double order : orders) CHECK(order == doctest::Approx(2.0).epsilon(0.075)); // 2 +- 0.15
}

TEST_CASE("darcy3d: default grid is 32^3 and anisotropic grids keep their axes") {
  auto problem = make_problem("darcy3d", {});
  CHECK(problem->grid().cells == std::vector<int>{32, 32, 32});
  CHECK(problem->name() == "darcy3d");
  CHECK(problem->spd());
  auto box = make_problem("darcy3d", {"--grid", "12x8x4"});
  CHECK(box->grid().cells == std::vector<int>{12, 8, 4});
  CHECK(box->draw(1).fields.at("coeff").size() == 12u * 8u * 4u);
}

TEST_CASE("darcy3d: iterative solve agrees with LU to 1e-6") {
  for (const char* coeff : {"piecewise", "lognormal"}) {
    auto problem = make_problem("darcy3d", {"--grid", "16", "--coeff", coeff});
    const Sample sample = problem->draw(12345);
    const auto direct = test::solve_sample(*problem, sample);
    const auto iterative = test::solve_sample(*problem, sample, KSPGMRES, PCILU, 1e-12);
    CHECK(relative_difference(direct, iterative) < 1e-6);
  }
}

TEST_CASE("darcy3d: samples are determined by their seed alone") {
  auto problem = make_problem("darcy3d", {"--grid", "12", "--coeff", "lognormal"});
  const auto a = problem->draw(7).fields.at("coeff");
  const auto b = problem->draw(8).fields.at("coeff");
  CHECK(a == problem->draw(7).fields.at("coeff")); // bit-identical
  CHECK(a != b);
}

TEST_CASE("darcy3d: bad options are refused with the option's name") {
  CHECK_THROWS_WITH_AS(make_problem("darcy3d", {"--grid", "16x16"}), doctest::Contains("--grid"),
                       skr::Error);
  // alpha must exceed d/2 = 1.5 in 3-D (1.2 would be fine in 2-D).
  CHECK_THROWS_WITH_AS(make_problem("darcy3d", {"--alpha", "1.2"}), doctest::Contains("--alpha"),
                       skr::Error);
  CHECK_NOTHROW(make_problem("darcy", {"--alpha", "1.2"}));
  CHECK_THROWS_WITH_AS(make_problem("darcy3d", {"--coeff", "bogus"}), doctest::Contains("--coeff"),
                       skr::Error);
}
