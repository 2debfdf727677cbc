// heat family and the time layer beneath it: temporal convergence orders of
// backward Euler, Crank-Nicolson and BDF2 against a manufactured space-time
// solution, conservation with zero-flux walls, true residuals of every step,
// A left untouched between steps, and the time options' checks.
#include <doctest/doctest.h>

#include "discretize/time_stepper.hpp"
#include "pipeline/trajectory.hpp"
#include "problems/problem_fixture.hpp"

#include <numbers>

using namespace skr;
using skr::test::make_problem;

namespace {
constexpr double pi = std::numbers::pi;

const TimeProblem& as_time(const std::unique_ptr<Problem>& p) {
  const TimeProblem* t = as_time_problem(*p);
  REQUIRE(t != nullptr);
  return *t;
}

// The last recorded frame of a trajectory.
std::vector<double> last_frame(const TrajectoryRun& run, std::size_t points) {
  const auto& all = run.outputs.at("solution");
  return std::vector<double>(all.end() - std::ptrdiff_t(points), all.end());
}

TrajectoryRun solve_trajectory(const TimeProblem& problem, const Sample& sample,
                               SolverSettings settings) {
  TrajectorySolver trajectories(problem, PETSC_COMM_SELF);
  SequenceSolver solver(PETSC_COMM_SELF, settings);
  Handle<Vec> x;
  SKR_PETSC(VecDuplicate(trajectories.state_shape(), x.out()));
  return trajectories.solve(sample, solver, x);
}

SolverSettings tight_cg() {
  SolverSettings s;
  s.ksp_type = "cg";
  s.pc_type = "icc";
  s.rtol = 1e-12;
  s.warm_start = WarmStart::on;
  return s;
}

// Zero-flux walls and constant kappa: phi = cos(pi x) cos(pi y) at the cell
// centres is an exact eigenvector of the FV operator (the DCT-II basis),
// L phi = lambda phi with lambda = 2 kappa (4 / h^2) sin^2(pi h / 2), and the
// constant mode has lambda = 0. With u0 = A phi + c and a constant source s,
// u(t) = A e^{-lambda t} phi + c + s t solves the semi-discrete system
// exactly: the error left is the scheme's alone.
double temporal_error(const std::string& scheme, double dt) {
  const int n = 8;
  const double kappa = 0.1, t_final = 0.5, amplitude = 1.0, offset = 0.3, source = 0.7;
  auto problem = make_problem(
      "heat", {"--grid", std::to_string(n), "--walls", "zero-flux", "--coeff", "piecewise",
               "--kappa-high", "0.1", "--kappa-low", "0.1", "--source", "0.7", "--time-scheme",
               scheme, "--dt", std::to_string(dt), "--t-final", "0.5", "--record-every",
               std::to_string(int(std::lround(t_final / dt)))});
  const Grid& grid = problem->grid();
  Sample sample = problem->draw(1);
  sample.fields["coeff"].assign(grid.points(), kappa);
  const auto phi = test::cell_field(grid, [](const double* p) {
    return std::cos(pi * p[0]) * std::cos(pi * p[1]);
  });
  std::vector<double> u0(phi.size());
  for (std::size_t i = 0; i < phi.size(); ++i) u0[i] = amplitude * phi[i] + offset;
  sample.fields["u0"] = u0;
  const TrajectoryRun run = solve_trajectory(as_time(problem), sample, tight_cg());
  REQUIRE(run.total.converged);
  const double h = 1.0 / n;
  const double lambda = 2 * kappa * 4 / (h * h) * std::pow(std::sin(pi * h / 2), 2);
  const auto u = last_frame(run, grid.points());
  double error = 0;
  for (std::size_t i = 0; i < u.size(); ++i) {
    const double exact = amplitude * std::exp(-lambda * t_final) * phi[i] + offset + source * t_final;
    error = std::max(error, std::abs(u[i] - exact));
  }
  return error;
}

void check_order(const std::string& scheme, double expected) {
  std::vector<double> errors;
  for (double dt : {0.05, 0.025, 0.0125}) errors.push_back(temporal_error(scheme, dt));
  const auto orders = test::observed_orders(errors);
  MESSAGE(scheme << " errors " << errors[0] << " " << errors[1] << " " << errors[2] << " orders "
                 << orders[0] << " " << orders[1]);
  for (double order : orders) CHECK(std::abs(order - expected) <= 0.15);
}

} // namespace

TEST_CASE("heat: backward Euler converges in time with order 1") { check_order("be", 1.0); }
TEST_CASE("heat: Crank-Nicolson converges in time with order 2") { check_order("cn", 2.0); }
TEST_CASE("heat: BDF2 (first step by backward Euler) converges in time with order 2") {
  check_order("bdf2", 2.0);
}

TEST_CASE("heat: zero-flux walls conserve heat up to the source's input; every step meets rtol") {
  for (const char* scheme : {"be", "cn", "bdf2"}) {
    auto problem = make_problem("heat", {"--grid", "12", "--walls", "zero-flux", "--source", "0.5",
                                         "--time-scheme", scheme, "--dt", "0.02", "--t-final",
                                         "0.2", "--record-every", "5"});
    const Sample sample = problem->draw(7);
    SolverSettings settings; // the default: GCRO-DR + ILU, rtol 1e-8, extrapolated warm start
    settings.warm_start = WarmStart::on;
    const TrajectoryRun run = solve_trajectory(as_time(problem), sample, settings);
    REQUIRE(run.steps.size() == 10);
    for (const SolveStats& step : run.steps) CHECK(step.rel_residual <= settings.rtol);
    const std::size_t points = problem->grid().points();
    const auto& frames = run.outputs.at("solution");
    REQUIRE(frames.size() == 3 * points); // frames at t = 0, 0.1, 0.2
    double heat0 = 0, scale = 0;
    for (double v : sample.fields.at("u0")) {
      heat0 += v;
      scale += std::abs(v);
    }
    for (int frame = 1; frame < 3; ++frame) {
      double heat = 0;
      for (std::size_t i = 0; i < points; ++i) heat += frames[frame * points + i];
      const double expected = heat0 + 0.5 * 0.1 * frame * double(points);
      CHECK(std::abs(heat - expected) <= 1e-6 * (scale + std::abs(expected)));
    }
  }
}

TEST_CASE("time stepper: A stays untouched between steps of a fixed operator") {
  for (const char* scheme : {"be", "cn", "bdf2"}) {
    auto problem = make_problem("heat", {"--grid", "8", "--time-scheme", scheme, "--dt", "0.1",
                                         "--t-final", "0.4"});
    TimeStepper stepper(as_time(problem), PETSC_COMM_SELF);
    const Sample sample = problem->draw(3);
    stepper.start(sample);
    int rewrites = 0;
    for (int n = 0; n < 4; ++n) {
      rewrites += stepper.form_next() ? 1 : 0;
      stepper.accept(stepper.b()); // any state will do: A must not depend on it
    }
    CHECK(rewrites == (std::string(scheme) == "bdf2" ? 2 : 1)); // BDF2: its BE start, then BDF2
  }
}

TEST_CASE("time settings: whole steps, record-every divides them, frames and times") {
  const TimeSettings s = make_time_settings(TimeScheme::cn, 0.01, 0.5, 5);
  CHECK(s.steps == 50);
  CHECK(s.frames() == 11);
  CHECK(s.frame_time(10) == doctest::Approx(0.5));
  CHECK_THROWS_AS(make_time_settings(TimeScheme::be, 0.03, 0.1, 1), Error);  // 3.33 steps
  CHECK_THROWS_AS(make_time_settings(TimeScheme::be, 0.01, 0.5, 3), Error);  // 50 % 3
  CHECK_THROWS_AS(make_time_settings(TimeScheme::be, -0.01, 0.5, 1), Error); // dt <= 0
  CHECK_THROWS_AS(make_time_settings(TimeScheme::be, 0.01, 0.5, 0), Error);  // K < 1
  CHECK_THROWS_AS(parse_time_scheme("rk4"), Error);
  CHECK_THROWS_AS(make_problem("heat", {"--t-final", "0.105"}), Error);
  CHECK_THROWS_AS(make_problem("heat", {"--walls", "open"}), Error);
}

TEST_CASE("time settings: /stats/steps per step, or per recorded interval for long trajectories") {
  TimeSettings s = make_time_settings(TimeScheme::be, 0.01, 0.5, 5);
  CHECK(s.stat_columns() == 50);
  s.stats_per_step = false;
  CHECK(s.stat_columns() == 10);
  CHECK(s.steps_per_stat_column() == 5);
  CHECK(stats_per_step("auto", kMaxStepStatColumns));
  CHECK_FALSE(stats_per_step("auto", kMaxStepStatColumns + 1)); // FNO's ns2d: 5e5 steps
  CHECK(stats_per_step("step", 1 << 30));
  CHECK_FALSE(stats_per_step("frame", 2));
  CHECK_THROWS_AS(stats_per_step("every", 2), Error);
}
