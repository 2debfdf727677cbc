// --solver auto on time-dependent families: the candidates (every iterative
// one warm-started from the extrapolated guess), the pilot's systems (the
// consecutive steps of the first trajectory, each with its guess, replayed
// identically for every candidate) and a whole pilot on a tiny advdiff-t.
#include "discretize/dmda_grid.hpp"
#include "pipeline/auto_cost_model.hpp"
#include "pipeline/auto_solver.hpp"
#include "pipeline/pilot_systems.hpp"
#include "pipeline/trajectory.hpp"
#include "solve/gcrodr.hpp"

#include "../problems/problem_fixture.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include <unistd.h>

namespace {

std::vector<std::string> names(const skr::Problem& problem) {
  std::vector<std::string> out;
  for (const auto& c : skr::auto_candidates(problem, skr::SolverSettings{})) {
    out.push_back(c.name);
    if (c.settings.ksp_type != KSPPREONLY) CHECK(c.settings.warm_start == skr::WarmStart::on);
  }
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& name) {
  return std::find(v.begin(), v.end(), name) != v.end();
}

double difference(Vec a, Vec b) {
  skr::Handle<Vec> d;
  SKR_PETSC(VecDuplicate(a, d.out()));
  SKR_PETSC(VecWAXPY(d, -1.0, b, a));
  double n = 0;
  SKR_PETSC(VecNorm(d, NORM_INFINITY, &n));
  return n;
}

} // namespace

TEST_CASE("auto candidates, time-dependent: warm starts, direct, PC kept over steps when it moves") {
  const auto advdiff = names(*skr::test::make_problem("advdiff-t", {"--grid", "16"}));
  for (const char* m : {"direct (lu)", "gmres+warm + ilu", "bicgstab+warm + ilu",
                        "gcrodr+warm + ilu", "gcrodr+warm+reusepc + ilu"})
    CHECK(has(advdiff, m));
  CHECK_FALSE(has(advdiff, "cg+warm + icc"));
  const auto darcy = names(*skr::test::make_problem("darcy-t", {"--grid", "16"}));
  for (const char* m : {"direct (cholesky)", "cg+warm + icc", "cg+warm + hypre",
                        "cg+warm+reusepc + hypre", "rcg+warm + icc"})
    CHECK(has(darcy, m));
  // diffreact's operator is fixed in time: the PC is kept anyway, no reusepc variants.
  const auto diffreact = names(*skr::test::make_problem("diffreact", {"--grid", "8"}));
  CHECK(has(diffreact, "cg+warm + icc"));
  CHECK_FALSE(has(diffreact, "cg+warm+reusepc + hypre"));
  for (const auto& c : skr::auto_candidates(*skr::test::make_problem("advdiff-t", {"--grid", "8"}),
                                            skr::SolverSettings{}))
    if (c.settings.ksp_type == KSPGCRODR) CHECK(c.settings.adaptive_recycling);
}

TEST_CASE("auto pilot systems, time-dependent: consecutive steps with their guesses, replayed") {
  auto problem = skr::test::make_problem(
      "advdiff-t", {"--grid", "12", "--dt", "0.05", "--t-final", "0.15", "--time-scheme", "bdf2"});
  const skr::TimeProblem& tp = *skr::as_time_problem(*problem);
  skr::SequenceSystem work(*problem, PETSC_COMM_SELF);
  const auto samples = skr::test::draw_samples(*problem, 2, 40);
  skr::PilotSystems systems(work, tp, samples, 5); // 3 steps of trajectory 1, 2 of trajectory 2
  REQUIRE(systems.size() == 5);
  CHECK_FALSE(systems.operator_fixed());
  // The reference: the stepper with LU solves.
  skr::TimeStepper stepper(tp, PETSC_COMM_SELF);
  skr::Handle<KSP> ksp;
  SKR_PETSC(KSPCreate(PETSC_COMM_SELF, ksp.out()));
  SKR_PETSC(KSPSetType(ksp, KSPPREONLY));
  PC pc;
  SKR_PETSC(KSPGetPC(ksp, &pc));
  SKR_PETSC(PCSetType(pc, PCLU));
  skr::Handle<Vec> x, guess, solution;
  SKR_PETSC(VecDuplicate(work.b(), x.out()));
  SKR_PETSC(VecDuplicate(work.b(), guess.out()));
  SKR_PETSC(VecDuplicate(work.b(), solution.out()));
  for (std::size_t k = 0; k < 5; ++k) {
    if (k == 0 || k == 3) stepper.start(samples[k / 3]);
    stepper.form_next();
    stepper.predict(guess);
    systems.load(k, x);
    CHECK(difference(x, guess) < 1e-12);
    CHECK(difference(work.b(), stepper.b()) < 1e-12);
    PetscBool same = PETSC_FALSE;
    SKR_PETSC(MatEqual(work.A(), stepper.A(), &same));
    CHECK(same);
    SKR_PETSC(KSPSetOperators(ksp, stepper.A(), stepper.A()));
    SKR_PETSC(KSPSolve(ksp, stepper.b(), solution));
    systems.solved(k, solution, true);
    stepper.accept(solution);
  }
  // A second candidate sees the same systems and guesses.
  systems.load(1, x);
  SKR_PETSC(VecScale(x, 0.0));
  systems.load(2, x);
  CHECK(difference(work.b(), stepper.b()) > 0); // step 2 of 3 is not the last one formed
  systems.load(4, x);
  CHECK(difference(work.b(), stepper.b()) < 1e-12);
}

TEST_CASE("auto pilot, time-dependent: a few steps per candidate, no continuation") {
  auto problem = skr::test::make_problem(
      "advdiff-t", {"--grid", "16", "--dt", "0.02", "--t-final", "0.2", "--peclet", "50"});
  const auto samples = skr::test::draw_samples(*problem, 3, 7); // 30 steps >= the pilot's 24
  skr::SolverSettings base;
  skr::SequenceSystem system(*problem, PETSC_COMM_SELF);
  const auto choice = skr::choose_solver(*problem, samples, base, 1000, &system);
  CHECK(choice.pilot_unit == "time steps");
  CHECK(choice.pilot_samples == skr::pilot_steps(1000 * 10));
  CHECK_FALSE(choice.continuation.solver);
  CHECK(choice.exploration_seconds > 0);
  std::size_t converged = 0;
  for (const auto& r : choice.pilot) converged += r.converged;
  CHECK(converged >= 1);
  CHECK(choice.report().find("time steps") != std::string::npos);
}

TEST_CASE("auto, time-dependent: a run too short for a pilot to pay takes the leader untried") {
  auto problem = skr::test::make_problem(
      "advdiff-t", {"--grid", "8", "--dt", "0.05", "--t-final", "0.5", "--peclet", "50"});
  const auto samples = skr::test::draw_samples(*problem, 2, 3); // 20 steps: 8 would be the pilot's
  skr::SolverSettings base;
  const std::string cache_dir =
      (std::filesystem::temp_directory_path() / ("skr-auto-time-" + std::to_string(::getpid())))
          .string();
  skr::AutoPolicy policy;
  policy.key = "advdiff-t short";
  policy.cache_path = cache_dir + "/auto.json";

  // No cache entry: the predicted leader, no system solved.
  const auto predicted = skr::choose_solver(*problem, samples, base, 2, nullptr, policy);
  CHECK(predicted.source == "prediction");
  CHECK(predicted.pilot_samples == 0);
  REQUIRE(predicted.step_stiffness);
  CHECK(predicted.name ==
        skr::ranked_candidates(*problem, base, false, nullptr, predicted.step_stiffness)
            .front()
            .name);
  REQUIRE(predicted.pilot.size() == 1);
  CHECK(predicted.pilot.front().skipped);
  CHECK(predicted.report().find("no pilot") != std::string::npos);

  // --explore always pilots anyway, and remembers its winner...
  policy.explore = skr::Explore::always;
  const auto explored = skr::choose_solver(*problem, samples, base, 2, nullptr, policy);
  CHECK(explored.source == "pilot");
  CHECK(explored.pilot_samples == skr::pilot_steps(20));
  // ... which the next short run takes untried.
  policy.explore = skr::Explore::cached;
  const auto remembered = skr::choose_solver(*problem, samples, base, 2, nullptr, policy);
  CHECK(remembered.source == "cache");
  CHECK(remembered.pilot_samples == 0);
  CHECK(remembered.name == explored.name);
  skr::AutoCache::wait_for_save(); // the last pilot's save may still be writing there
  std::filesystem::remove_all(cache_dir);
}

TEST_CASE("auto, time-dependent: a step's stiffness is c dt max L_ii, and ranks the methods") {
  // advdiff-t 16², eps 0.01, backward Euler: the diffusion alone puts
  // dt eps 4 / h² = 0.05 * 0.01 * 4 * 256 = 0.512 on the diagonal, convection more.
  auto problem = skr::test::make_problem(
      "advdiff-t", {"--grid", "16", "--dt", "0.05", "--t-final", "0.5", "--peclet", "50"});
  const auto samples = skr::test::draw_samples(*problem, 1, 3);
  const auto choice = skr::choose_solver(*problem, samples, skr::SolverSettings{}, 1);
  REQUIRE(choice.step_stiffness);
  CHECK(*choice.step_stiffness > 0.512);
  CHECK(*choice.step_stiffness < 0.512 * 4);
  auto cn = skr::test::make_problem("advdiff-t", {"--grid", "16", "--dt", "0.05", "--t-final",
                                                  "0.5", "--peclet", "50", "--time-scheme", "cn"});
  const auto half = skr::choose_solver(*cn, samples, skr::SolverSettings{}, 1);
  REQUIRE(half.step_stiffness);
  CHECK(*half.step_stiffness == doctest::Approx(*choice.step_stiffness / 2));
  // The run's own trajectory solver, lent to the choice, gives the same value
  // from its stepper (and still solves a trajectory afterwards).
  skr::TrajectorySolver own(*skr::as_time_problem(*problem), PETSC_COMM_SELF);
  const auto lent =
      skr::choose_solver(*problem, samples, skr::SolverSettings{}, 1, nullptr, {}, &own);
  REQUIRE(lent.step_stiffness);
  CHECK(*lent.step_stiffness == *choice.step_stiffness);
  skr::SequenceSolver solver(PETSC_COMM_SELF, lent.settings);
  skr::Handle<Vec> x;
  SKR_PETSC(VecDuplicate(own.state_shape(), x.out()));
  SKR_PETSC(VecZeroEntries(x));
  CHECK(own.solve(samples.front(), solver, x).total.converged);

  // Iterations per step grow with the stiffness, faster for a non-symmetric operator.
  CHECK(skr::step_iterations({0.1, true}) < 3);
  CHECK(skr::step_iterations({180, true}) == doctest::Approx(21.8).epsilon(0.15));
  CHECK(skr::step_iterations({98, false}) == doctest::Approx(41.7).epsilon(0.15));
  CHECK(skr::step_iterations({100, false}) > skr::step_iterations({100, true}));

  // Heat's operator is fixed: a factor-once Cholesky wins stiff steps, CG +
  // ICC mild ones (diffreact at dt 0.01: ~3 iterations a step).
  auto heat = skr::test::make_problem("heat", {"--grid", "128"});
  const skr::SolverSettings base;
  CHECK(skr::ranked_candidates(*heat, base, true, nullptr, 180.0).front().name ==
        "direct (cholesky)");
  CHECK(skr::ranked_candidates(*heat, base, true, nullptr, 0.8).front().name == "cg+warm + icc");
}
