// burgers2d family: the hand-written Jacobian against central differences of
// the residual, orders in space (central 2, upwind 1) and time (backward
// Euler 1, BDF2 2) against manufactured solutions, every step's Newton
// converged through the run's (recycling) KSP, and one-line refusals.
#include <doctest/doctest.h>

#include "discretize/burgers_fd.hpp"
#include "discretize/time_problem.hpp"
#include "pipeline/trajectory.hpp"
#include "problems/problem_fixture.hpp"

#include <numbers>
#include <random>

using namespace skr;
using skr::test::make_problem;

namespace {
constexpr double pi = std::numbers::pi;

SolverSettings gmres_ilu() {
  SolverSettings s;
  s.ksp_type = "gmres";
  s.pc_type = "ilu";
  s.rtol = 1e-10;
  return s;
}

// The trajectory of burgers2d with `words`, its Newton steps solved by `settings`' KSP.
TrajectoryResult run_burgers(std::vector<std::string> words, const SolverSettings& settings,
                             const Sample* given = nullptr) {
  const auto problem = make_problem("burgers2d", std::move(words));
  const TimeProblem* burgers = as_time_problem(*problem);
  REQUIRE(burgers != nullptr);
  SequenceSolver solver(PETSC_COMM_SELF, settings);
  const Sample sample = given ? *given : problem->draw(3);
  TrajectoryResult r = burgers->advance(sample, PETSC_COMM_SELF, solver.ksp());
  REQUIRE(r.steps.size() == std::size_t(burgers->time().steps));
  for (const StepRecord& step : r.steps) REQUIRE(step.converged);
  return r;
}

// Largest difference between a frame (u, v interleaved) and the manufactured
// u = s sin(pi x) sin(2 pi y), v = s sin(2 pi x) sin(pi y) on an n^2 grid.
double error_against(const std::vector<double>& frame, int n, double s) {
  double error = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double x = (i + 0.5) / n, y = (j + 0.5) / n;
      const std::size_t m = std::size_t(i) * n + j;
      error = std::max({error, std::abs(frame[2 * m] - s * std::sin(pi * x) * std::sin(2 * pi * y)),
                        std::abs(frame[2 * m + 1] - s * std::sin(2 * pi * x) * std::sin(pi * y))});
    }
  return error;
}

double max_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double d = 0;
  for (std::size_t i = 0; i < a.size(); ++i) d = std::max(d, std::abs(a[i] - b[i]));
  return d;
}

double space_error(int n, const std::string& convection) {
  const TrajectoryResult r = run_burgers({"--grid", std::to_string(n), "--manufactured", "space",
                                          "--convection", convection, "--viscosity", "0.05", "--dt",
                                          "0.1", "--t-final", "0.5", "--record-every", "5"},
                                         gmres_ilu());
  return error_against(r.frames.back(), n, 1.5);
}

// The last frame at step dt (grid 12, t = 1).
std::vector<double> time_frame(const std::string& scheme, double dt) {
  const int steps = int(std::lround(1.0 / dt));
  return run_burgers({"--grid", "12", "--manufactured", "time", "--time-scheme", scheme,
                      "--viscosity", "0.05", "--dt", fmt::format("{}", dt), "--t-final", "1",
                      "--record-every", std::to_string(steps)},
                     gmres_ilu())
      .frames.back();
}
} // namespace

TEST_CASE("burgers2d: the hand-written Jacobian matches central differences of the residual") {
  const Grid grid = unit_box({6, 5}); // not square: the axes cannot be swapped unnoticed
  for (const BurgersConvection convection :
       {BurgersConvection::upwind, BurgersConvection::central}) {
    Handle<Mat> J;
    Handle<Vec> U, F1, F2, w, Jw, rhs, local;
    create_dmda_system(PETSC_COMM_SELF, grid, J.out(), U.out(), 2, true);
    for (Vec* v : {F1.out(), F2.out(), w.out(), Jw.out(), rhs.out()}) SKR_PETSC(VecDuplicate(U, v));
    BurgersStep step;
    step.grid = &grid;
    step.viscosity = 0.05;
    step.convection = convection;
    SKR_PETSC(MatGetDM(J, &step.dm));
    SKR_PETSC(DMCreateLocalVector(step.dm, local.out()));
    step.local = local;
    step.rhs = rhs;
    step.a0 = 10;
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> magnitude(0.2, 1.0), any(-1.0, 1.0);
    std::bernoulli_distribution sign(0.5);
    PetscInt size = 0;
    SKR_PETSC(VecGetSize(U, &size));
    for (PetscInt k = 0; k < size; ++k) { // velocities away from 0: upwinding does not switch
      SKR_PETSC(VecSetValue(U, k, (sign(rng) ? 1 : -1) * magnitude(rng), INSERT_VALUES));
      SKR_PETSC(VecSetValue(rhs, k, any(rng), INSERT_VALUES));
    }
    for (Vec v : {U.get(), rhs.get()}) {
      SKR_PETSC(VecAssemblyBegin(v));
      SKR_PETSC(VecAssemblyEnd(v));
    }
    SKR_PETSC(burgers_jacobian(nullptr, U, J, J, &step));
    for (int trial = 0; trial < 3; ++trial) {
      for (PetscInt k = 0; k < size; ++k) SKR_PETSC(VecSetValue(w, k, any(rng), INSERT_VALUES));
      SKR_PETSC(VecAssemblyBegin(w));
      SKR_PETSC(VecAssemblyEnd(w));
      const double eps = 1e-6;
      SKR_PETSC(VecAXPY(U, eps, w));
      SKR_PETSC(burgers_residual(nullptr, U, F1, &step));
      SKR_PETSC(VecAXPY(U, -2 * eps, w));
      SKR_PETSC(burgers_residual(nullptr, U, F2, &step));
      SKR_PETSC(VecAXPY(U, eps, w));
      SKR_PETSC(VecAXPBY(F1, -0.5 / eps, 0.5 / eps, F2)); // (F(U + eps w) - F(U - eps w)) / (2 eps)
      SKR_PETSC(MatMult(J, w, Jw));
      PetscReal reference = 0, gap = 0;
      SKR_PETSC(VecNorm(Jw, NORM_2, &reference));
      SKR_PETSC(VecAXPY(F1, -1.0, Jw));
      SKR_PETSC(VecNorm(F1, NORM_2, &gap));
      CHECK(gap / reference < 1e-7);
    }
  }
}

TEST_CASE("burgers2d: spatial orders against a manufactured solution (central 2, upwind 1)") {
  // s = 1 + t: both schemes are exact in time, the error is the grid's.
  const double central = std::log2(space_error(16, "central") / space_error(32, "central"));
  const double upwind = std::log2(space_error(48, "upwind") / space_error(96, "upwind"));
  MESSAGE("spatial orders: central " << central << ", upwind " << upwind);
  CHECK(std::abs(central - 2.0) < 0.15);
  CHECK(std::abs(upwind - 1.0) < 0.15);
}

TEST_CASE("burgers2d: temporal orders (backward Euler 1, BDF2 2), Newton converged every step") {
  // Differences of successive halvings on one grid: the spatial error cancels.
  for (const auto& [scheme, expected] :
       {std::pair{std::string("be"), 1.0}, std::pair{std::string("bdf2"), 2.0}}) {
    const auto a = time_frame(scheme, 0.0125), b = time_frame(scheme, 0.00625),
               c = time_frame(scheme, 0.003125);
    const double order = std::log2(max_difference(a, b) / max_difference(b, c));
    MESSAGE(scheme << " temporal order " << order);
    CHECK(std::abs(order - expected) < 0.15);
  }
}

TEST_CASE("burgers2d: a GRF trajectory through recycling GCRO-DR, every step's Newton converged") {
  SolverSettings gcrodr = gmres_ilu();
  gcrodr.ksp_type = "gcrodr";
  gcrodr.restart = 20;
  gcrodr.recycle = 5;
  const auto problem = make_problem("burgers2d", {"--grid", "16"});
  const Sample sample = problem->draw(3);
  const TrajectoryResult r = run_burgers({"--grid", "16", "--dt", "0.02", "--t-final", "0.2",
                                          "--record-every", "5", "--time-scheme", "bdf2"},
                                         gcrodr, &sample);
  REQUIRE(r.frames.size() == 3);
  const Fields out = problem->outputs(sample, r.frames[0]);
  CHECK(out.at("u") == sample.fields.at("u0"));
  CHECK(out.at("v") == sample.fields.at("v0"));
  for (const StepRecord& step : r.steps) {
    CHECK(step.iterations > 0);
    CHECK(step.rel_residual < 1e-6);
  }
  CHECK(max_difference(r.frames[2], r.frames[0]) > 1e-3); // it moved
}

TEST_CASE("burgers2d: bad options and single-system tools are refused with one line") {
  CHECK_THROWS_AS(make_problem("burgers2d", {"--time-scheme", "cn"}), Error);
  CHECK_THROWS_AS(make_problem("burgers2d", {"--convection", "weno"}), Error);
  CHECK_THROWS_AS(make_problem("burgers2d", {"--manufactured", "yes"}), Error);
  CHECK_THROWS_AS(make_problem("burgers2d", {"--viscosity", "0"}), Error);
  const auto problem = make_problem("burgers2d", {"--grid", "4"});
  Handle<Mat> A;
  Handle<Vec> b;
  problem->create_system(PETSC_COMM_SELF, A.out(), b.out());
  CHECK_THROWS_AS(problem->assemble(problem->draw(1), A, b), Error);
  CHECK_THROWS_AS(as_time_problem(*problem)->advance(problem->draw(1), PETSC_COMM_SELF, nullptr),
                  Error);
}
