// helmholtz family: manufactured-solution convergence at a resolved
// wavenumber, indefiniteness of the defaults, agreement of GMRES+ILU with
// LU, determinism by seed, sorting features, option checks.
#include <doctest/doctest.h>

#include "problems/problem_fixture.hpp"

#include <numbers>

using namespace skr;
using skr::test::make_problem;
using skr::test::relative_difference;

namespace {
constexpr double pi = std::numbers::pi;
constexpr double mms_k = 8.0;

// u = sin(pi x) sin(2 pi y), a = 1.5 + 0.5 x + 0.25 sin(pi y):
// f = -div(a grad u) - k^2 u = -(a Laplace(u) + grad(a) . grad(u)) - k^2 u.
double exact_u(const double* p) {
  return std::sin(pi * p[0]) * std::sin(2 * pi * p[1]);
}
double coefficient(const double* p) {
  return 1.5 + 0.5 * p[0] + 0.25 * std::sin(pi * p[1]);
}
double source(const double* p) {
  const double x = p[0], y = p[1];
  const double ax = 0.5, ay = 0.25 * pi * std::cos(pi * y);
  const double ux = pi * std::cos(pi * x) * std::sin(2 * pi * y);
  const double uy = 2 * pi * std::sin(pi * x) * std::cos(2 * pi * y);
  const double laplace = -5 * pi * pi * exact_u(p);
  return -(coefficient(p) * laplace + ax * ux + ay * uy) - mms_k * mms_k * exact_u(p);
}

} // namespace

TEST_CASE("helmholtz: second-order convergence against a manufactured solution") {
  std::vector<double> errors;
  for (int n : {32, 64, 128}) {
    auto problem = make_problem("helmholtz", {"--grid", std::to_string(n)});
    Sample sample;
    sample.fields["coeff"] = test::cell_field(problem->grid(), coefficient);
    sample.fields["source"] = test::cell_field(problem->grid(), source);
    sample.scalars["wavenumber"] = mms_k; // k^2 = 64 > 2 pi^2 a_min: already indefinite
    errors.push_back(
        test::l2_error(problem->grid(), test::solve_sample(*problem, sample), exact_u));
  }
  const auto orders = test::observed_orders(errors);
  MESSAGE("helmholtz MMS errors " << errors[0] << " " << errors[1] << " " << errors[2] << " orders "
                                  << orders[0] << " " << orders[1]);
  for (double order : orders) CHECK(order == doctest::Approx(2.0).epsilon(0.075)); // 2 +- 0.15
}

TEST_CASE("helmholtz: defaults are resolved (k h <= 0.5) and genuinely indefinite") {
  auto problem = make_problem("helmholtz", {}); // no --grid: the family default
  REQUIRE(problem->grid().cells == std::vector<int>{128, 128});
  CHECK_FALSE(problem->spd());
  const Sample sample = problem->draw(3);
  const double k = sample.scalars.at("wavenumber");
  CHECK(k >= 20);
  CHECK(k <= 40);
  CHECK(k * problem->grid().spacing(0) <= 0.5);
  // k^2 exceeds the smallest eigenvalue of -div(a grad) (<= 2 pi^2 max a).
  double a_max = 0;
  for (double a : sample.fields.at("coeff")) a_max = std::max(a_max, a);
  CHECK(k * k > 2 * pi * pi * a_max);
}

TEST_CASE("helmholtz: GMRES+ILU agrees with LU to 1e-6") {
  for (const char* source : {"constant", "grf", "point"}) {
    auto problem = make_problem(
        "helmholtz", {"--grid", "48", "--k-min", "10", "--k-max", "14", "--source", source});
    const Sample sample = problem->draw(12345);
    const auto direct = test::solve_sample(*problem, sample);
    const auto iterative = test::solve_sample(*problem, sample, KSPGMRES, PCILU, 1e-12);
    CHECK(relative_difference(direct, iterative) < 1e-6);
  }
}

TEST_CASE("helmholtz: samples are determined by their seed alone") {
  for (const char* source : {"constant", "grf", "point"}) {
    auto problem = make_problem("helmholtz", {"--grid", "24", "--source", source});
    const Sample a = problem->draw(7), again = problem->draw(7), b = problem->draw(8);
    CHECK(a.fields == again.fields); // bit-identical
    CHECK(a.scalars == again.scalars);
    CHECK(a.fields.at("coeff") != b.fields.at("coeff"));
    CHECK(a.scalars.at("wavenumber") != b.scalars.at("wavenumber"));
    CHECK(a.fields.count("source") == (std::string(source) == "constant" ? 0u : 1u));
  }
}

TEST_CASE("helmholtz: the wavenumber matters in the sorting features") {
  auto problem = make_problem("helmholtz", {"--grid", "32"});
  Sample a = problem->draw(1);
  Sample b = a;
  b.scalars["wavenumber"] = a.scalars["wavenumber"] + 10; // half the default k range
  const auto fa = problem->features(a), fb = problem->features(b);
  REQUIRE(fa.size() == 32u * 32u + 1u);
  CHECK(fa.front() == doctest::Approx(std::log(a.fields.at("coeff").front())));
  // A k change of 10 (of k_max = 40) moves the features by 0.1 sqrt(cells) / 4
  // = 0.8, like an O(1/40) change of log(a) on every cell.
  CHECK(std::abs(fb.back() - fa.back()) == doctest::Approx(0.8));
}

TEST_CASE("helmholtz: bad options are refused with the option's name") {
  CHECK_THROWS_WITH_AS(make_problem("helmholtz", {"--k-min", "50", "--k-max", "40"}),
                       doctest::Contains("--k-min"), skr::Error);
  CHECK_THROWS_WITH_AS(make_problem("helmholtz", {"--k-min", "-1"}), doctest::Contains("--k-min"),
                       skr::Error);
  CHECK_THROWS_WITH_AS(make_problem("helmholtz", {"--source", "bogus"}),
                       doctest::Contains("--source"), skr::Error);
  CHECK_THROWS_WITH_AS(make_problem("helmholtz", {"--tau", "0"}), doctest::Contains("--tau"),
                       skr::Error);
}
