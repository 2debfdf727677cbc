// advdiff family: manufactured-solution convergence for both schemes
// (Scharfetter-Gummel second order, upwind first order), the discrete
// divergence of the velocity, the Peclet scaling, non-symmetry, agreement of
// GMRES+ILU with LU, determinism by seed, option checks.
#include <doctest/doctest.h>

#include "discretize/convection_diffusion_fv.hpp"
#include "problems/problem_fixture.hpp"

#include <numbers>

using namespace skr;
using skr::test::make_problem;
using skr::test::relative_difference;

namespace {
constexpr double pi = std::numbers::pi;
constexpr double eps = 0.1, amplitude = 0.5;

// u = sin(pi x) sin(pi y), psi = A cos(pi x) cos(pi y) (zero normal derivative
// like the GRF), b = (psi_y, -psi_x): f = -eps Laplace(u) + b . grad(u).
double exact_u(const double* p) {
  return std::sin(pi * p[0]) * std::sin(pi * p[1]);
}
double stream(const double* p) {
  return amplitude * std::cos(pi * p[0]) * std::cos(pi * p[1]);
}
double source(const double* p) {
  const double sx = std::sin(pi * p[0]), cx = std::cos(pi * p[0]);
  const double sy = std::sin(pi * p[1]), cy = std::cos(pi * p[1]);
  const double bx = -amplitude * pi * cx * sy, by = amplitude * pi * sx * cy;
  return 2 * pi * pi * eps * sx * sy + bx * pi * cx * sy + by * pi * sx * cy;
}

std::vector<double> mms_errors(const char* scheme, std::vector<int> grids) {
  std::vector<double> errors;
  for (int n : grids) {
    auto problem =
        make_problem("advdiff", {"--grid", std::to_string(n), "--eps", "0.1", "--scheme", scheme});
    Sample sample;
    sample.fields["stream"] = test::cell_field(problem->grid(), stream);
    sample.fields["source"] = test::cell_field(problem->grid(), source);
    errors.push_back(
        test::l2_error(problem->grid(), test::solve_sample(*problem, sample), exact_u));
  }
  return errors;
}

} // namespace

TEST_CASE("advdiff: Scharfetter-Gummel converges at second order (manufactured solution)") {
  const auto errors = mms_errors("sg", {32, 64, 128});
  const auto orders = test::observed_orders(errors);
  MESSAGE("advdiff sg MMS errors " << errors[0] << " " << errors[1] << " " << errors[2]
                                   << " orders " << orders[0] << " " << orders[1]);
  for (double order : orders) CHECK(order == doctest::Approx(2.0).epsilon(0.075)); // 2 +- 0.15
}

TEST_CASE("advdiff: upwind converges at first order (manufactured solution)") {
  const auto errors = mms_errors("upwind", {64, 128, 256});
  const auto orders = test::observed_orders(errors);
  MESSAGE("advdiff upwind MMS errors " << errors[0] << " " << errors[1] << " " << errors[2]
                                       << " orders " << orders[0] << " " << orders[1]);
  for (double order : orders) CHECK(order == doctest::Approx(1.0).epsilon(0.15)); // 1 +- 0.15
}

TEST_CASE(
    "advdiff: drawn velocities are discretely divergence-free and scaled to the Peclet number") {
  auto problem = make_problem("advdiff", {"--grid", "40x24", "--eps", "0.02", "--peclet", "150"});
  const Grid& grid = problem->grid();
  const Sample sample = problem->draw(5);
  const FaceVelocities b = curl_of_stream_function(grid, sample.fields.at("stream"));
  CHECK(b.max_abs() == doctest::Approx(150 * 0.02));
  const int nx = grid.cells[0], ny = grid.cells[1];
  double worst = 0;
  for (int i = 0; i < nx; ++i)
    for (int j = 0; j < ny; ++j) {
      const double div = (b.x[(i + 1) * ny + j] - b.x[i * ny + j]) / grid.spacing(0) +
                         (b.y[i * (ny + 1) + j + 1] - b.y[i * (ny + 1) + j]) / grid.spacing(1);
      worst = std::max(worst, std::abs(div));
    }
  CHECK(worst < 1e-9 * b.max_abs() / grid.spacing(0));
  CHECK(sample.fields.at("velocity_x").size() == grid.points());
  CHECK_FALSE(problem->spd());
}

TEST_CASE("advdiff: the matrix is non-symmetric, and symmetric without convection") {
  auto problem = make_problem("advdiff", {"--grid", "16"});
  Handle<Mat> A;
  Handle<Vec> b;
  problem->create_system(PETSC_COMM_SELF, A.out(), b.out());
  problem->assemble(problem->draw(1), A, b);
  PetscBool symmetric = PETSC_TRUE;
  SKR_PETSC(MatIsSymmetric(A, 1e-12, &symmetric));
  CHECK(symmetric == PETSC_FALSE);
  auto still = make_problem("advdiff", {"--grid", "16", "--peclet", "0"});
  still->assemble(still->draw(1), A, b);
  SKR_PETSC(MatIsSymmetric(A, 1e-12, &symmetric));
  CHECK(symmetric == PETSC_TRUE);
  CHECK(bernoulli(0) == 1.0);
  CHECK(bernoulli(-800) == doctest::Approx(800));
  CHECK(bernoulli(800) == 0.0);
  CHECK(bernoulli(1e-12) == doctest::Approx(1.0));
}

TEST_CASE("advdiff: GMRES+ILU agrees with LU to 1e-6") {
  for (const char* scheme : {"sg", "upwind"}) {
    auto problem = make_problem("advdiff", {"--grid", "48", "--scheme", scheme, "--peclet", "500"});
    const Sample sample = problem->draw(12345);
    const auto direct = test::solve_sample(*problem, sample);
    const auto iterative = test::solve_sample(*problem, sample, KSPGMRES, PCILU, 1e-12);
    CHECK(relative_difference(direct, iterative) < 1e-6);
  }
}

TEST_CASE("advdiff: samples are determined by their seed alone") {
  auto problem = make_problem("advdiff", {"--grid", "24"});
  const Sample a = problem->draw(7), again = problem->draw(7), b = problem->draw(8);
  CHECK(a.fields == again.fields); // bit-identical
  CHECK(a.scalars == again.scalars);
  CHECK(a.fields.at("stream") != b.fields.at("stream"));
  CHECK(problem->features(a).size() == 2u * 24u * 24u);
}

TEST_CASE("advdiff: bad options are refused with the option's name") {
  CHECK_THROWS_WITH_AS(make_problem("advdiff", {"--eps", "0"}), doctest::Contains("--eps"),
                       skr::Error);
  CHECK_THROWS_WITH_AS(make_problem("advdiff", {"--eps", "-1"}), doctest::Contains("--eps"),
                       skr::Error);
  CHECK_THROWS_WITH_AS(make_problem("advdiff", {"--peclet", "-5"}), doctest::Contains("--peclet"),
                       skr::Error);
  CHECK_THROWS_WITH_AS(make_problem("advdiff", {"--scheme", "central"}),
                       doctest::Contains("--scheme"), skr::Error);
}
