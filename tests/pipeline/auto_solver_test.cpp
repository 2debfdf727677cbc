// --solver auto: candidate order per dimension and the pilot's exploration budget.
#include "pipeline/auto_cost_model.hpp"
#include "pipeline/auto_solver.hpp"
#include "pipeline/sequence_system.hpp"

#include "../problems/problem_fixture.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

std::vector<std::string> candidate_names(const skr::Problem& problem, bool fixed = false) {
  std::vector<std::string> names;
  for (const auto& c : skr::ranked_candidates(problem, skr::SolverSettings{}, fixed))
    names.push_back(c.name);
  return names;
}

std::size_t rank_of(const std::vector<std::string>& names, const std::string& name) {
  return std::size_t(std::find(names.begin(), names.end(), name) - names.begin());
}

std::vector<skr::Sample> draw(const skr::Problem& problem, std::size_t n) {
  return skr::test::draw_samples(problem, n, 100);
}

} // namespace

TEST_CASE("auto candidates: ranked by predicted time (direct at 64², AMG at 421², CG + ICC in 3-D)") {
  const auto small = candidate_names(*skr::test::make_problem("darcy", {"--grid", "64"}));
  CHECK(small.front() == "direct (cholesky)");
  // FNO's size: a factorization costs n^1.3, BoomerAMG n, an ILU method n^1.5.
  const auto fno = candidate_names(*skr::test::make_problem("darcy", {"--grid", "421"}));
  CHECK(fno.front() == "cg + hypre");
  CHECK(rank_of(fno, "direct (cholesky)") < rank_of(fno, "gcrodr+warm + ilu"));
  CHECK(rank_of(fno, "cg + gamg") < rank_of(fno, "gmres + ilu"));
  // A fixed operator keeps its factorization: direct first again.
  CHECK(candidate_names(*skr::test::make_problem("darcy", {"--grid", "421"}), true).front() ==
        "direct (cholesky)");
  const auto cube = candidate_names(*skr::test::make_problem("darcy3d", {"--grid", "32"}));
  CHECK(cube.front() == "cg + icc");
  CHECK(rank_of(cube, "direct (cholesky)") > rank_of(cube, "gcrodr+warm + ilu"));
  // Non-symmetric families also get warm-started GMRES and BiCGStab.
  const auto advdiff = candidate_names(*skr::test::make_problem("advdiff", {"--grid", "16"}));
  CHECK(rank_of(advdiff, "bicgstab+warm + ilu") < advdiff.size());
  CHECK(rank_of(advdiff, "gmres+warm + ilu") < advdiff.size());
  CHECK(rank_of(advdiff, "cg + hypre") == advdiff.size());
}

TEST_CASE("auto cost model: a measured coefficient reproduces the measurement") {
  for (const bool fixed : {false, true})
    for (const char* method : {"direct (lu)", "cg + hypre", "gcrodr+warm + ilu"}) {
      const double c = skr::measured_coefficient(method, 2, 10000, fixed, 0.25);
      CHECK(skr::predict_seconds(method, 2, 10000, fixed, c) == doctest::Approx(0.25));
      // ...and scales with the method's law at another size.
      const auto law = skr::default_cost_law(method, 2);
      CHECK(skr::predict_seconds(method, 2, 40000, fixed, c) ==
            doctest::Approx(0.25 * std::pow(4.0, law.exponent)));
    }
}

TEST_CASE("auto pilot pace: first systems compared apart, then the time on the same systems") {
  using skr::kPace;
  using skr::pace_limit;
  const double inf = std::numeric_limits<double>::infinity();
  // The fastest so far: a 9 s first system (its set-up), then 2 s each.
  const std::vector<double> best{9, 11, 13, 15};
  CHECK(pace_limit(best, {}, 0) == doctest::Approx(kPace * 9));
  // A candidate whose first system took 12 s may take kPace x 2 s per later one...
  CHECK(pace_limit(best, {12}, 1) == doctest::Approx(12 + kPace * 2));
  CHECK(pace_limit(best, {12, 17}, 3) == doctest::Approx(12 + kPace * 6));
  // ...whatever the leader's set-up cost: a cheap first system does not buy time.
  CHECK(pace_limit({1, 3, 5, 7}, {12}, 1) == doctest::Approx(12 + kPace * 2));
  // Before any candidate has finished the pilot there is no pace to keep.
  CHECK(pace_limit(std::vector<double>(4, inf), {}, 0) == inf);
  CHECK(pace_limit(std::vector<double>(4, inf), {12}, 2) == inf);
}

TEST_CASE("auto pilot: a system that would end past the limit is not started") {
  using skr::next_system_past;
  // Systems of 2 s each, operator changing: after two (4 s), a third would end at 6 s.
  CHECK(next_system_past({2, 4}, 2, false, 5.9));
  CHECK_FALSE(next_system_past({2, 4}, 2, false, 6.1));
  // After one: the first system is the estimate when every system builds its own operator...
  CHECK(next_system_past({2}, 1, false, 3.9));
  // ...but not when it built a factorization the later ones keep.
  CHECK_FALSE(next_system_past({9}, 1, true, 10));
  CHECK(next_system_past({9, 10}, 2, true, 10.9));
  CHECK_FALSE(next_system_past({9, 10}, 2, true, 11.1));
  CHECK_FALSE(next_system_past({}, 0, false, 0));
}

TEST_CASE("auto candidates: a fixed operator's first system costs its set-up") {
  const auto problem = skr::test::make_problem("darcy", {"--grid", "64"});
  for (const bool fixed : {false, true})
    for (const auto& c : skr::ranked_candidates(*problem, skr::SolverSettings{}, fixed))
      CHECK(c.predicted_first_seconds ==
            doctest::Approx(c.predicted_seconds /
                            (fixed ? skr::fixed_operator_share(c.name) : 1.0)));
}

TEST_CASE("auto pilot: a short run skips the alternatives, a long one tries them all") {
  const auto problem = skr::test::make_problem("darcy", {"--grid", "24"});
  const auto pilot = draw(*problem, 4);
  skr::SolverSettings base;
  base.rtol = 1e-8;

  // 4 systems in all, the pilot's: the leader has solved them all, so no
  // other method could speed anything up, and none is tried.
  const auto short_run = skr::choose_solver(*problem, pilot, base, 4);
  REQUIRE(short_run.pilot.size() == skr::auto_candidates(*problem, base).size());
  CHECK(short_run.pilot.front().converged);
  const auto skipped = std::count_if(short_run.pilot.begin(), short_run.pilot.end(),
                                     [](const auto& r) { return r.skipped; });
  CHECK(skipped + 1 == static_cast<long>(short_run.pilot.size()));
  CHECK(short_run.exploration_seconds == 0);
  CHECK(short_run.name == "direct (cholesky)");
  // 8 systems: kExplorationShare of the 4 after the pilot, a small part of
  // one of the leader's systems, is all the alternatives may spend (one solve may overrun the
  // time limit it was given, by up to about a system), and the last ones are
  // skipped. Which alternatives get a trial depends on measured times, so a
  // loaded machine may give the budget to a second one: the bound is on time.
  const auto eight = skr::choose_solver(*problem, pilot, base, 8);
  const double leader = eight.pilot.front().mean_seconds;
  CHECK(eight.exploration_seconds <= skr::kExplorationShare * 4 * leader + 2 * leader);
  CHECK(std::count_if(eight.pilot.begin() + 1, eight.pilot.end(),
                      [](const auto& r) { return r.skipped; }) >= 3);
  CHECK(eight.pilot.back().skipped);

  // A million systems: every candidate gets its trial, and the winner is the
  // fastest of those that converged.
  const auto long_run = skr::choose_solver(*problem, pilot, base, 1000000);
  double fastest = 1e300;
  for (const auto& r : long_run.pilot) {
    CHECK_FALSE(r.skipped);
    if (r.converged) fastest = std::min(fastest, r.mean_seconds);
  }
  const auto winner = std::find_if(long_run.pilot.begin(), long_run.pilot.end(),
                                   [&](const auto& r) { return r.name == long_run.name; });
  REQUIRE(winner != long_run.pilot.end());
  CHECK(winner->mean_seconds == fastest);
  // What the losers cost is reported.
  CHECK(long_run.exploration_seconds > 0);
  CHECK(long_run.report().find(fmt::format("the others took {:.3f} s",
                                           long_run.exploration_seconds)) != std::string::npos);
}

TEST_CASE("auto pilot on the run's system: the winner goes on, its pilot solutions are exact") {
  const auto problem = skr::test::make_problem("darcy", {"--grid", "16", "--coeff", "lognormal"});
  const auto pilot = draw(*problem, 4);
  skr::SolverSettings base;
  base.rtol = 1e-8;
  skr::SequenceSystem system(*problem, PETSC_COMM_SELF);
  auto choice = skr::choose_solver(*problem, pilot, base, 1000000, &system);
  auto& go_on = choice.continuation;
  REQUIRE(go_on.solver);
  CHECK(go_on.solver->settings().max_it == base.max_it); // the pilot's caps are lifted
  CHECK(go_on.solver->settings().fallback == base.fallback);
  REQUIRE(go_on.stats.size() == pilot.size());
  REQUIRE(go_on.solutions.size() == pilot.size());
  for (std::size_t k = 0; k < pilot.size(); ++k) {
    CHECK(go_on.stats[k].converged);
    const auto exact = skr::test::solve_sample(*problem, pilot[k]);
    double diff = 0, norm = 0;
    for (std::size_t i = 0; i < exact.size(); ++i) {
      diff = std::max(diff, std::abs(go_on.solutions[k][i] - exact[i]));
      norm = std::max(norm, std::abs(exact[i]));
    }
    CHECK(diff <= 1e-6 * norm);
  }
  // The run's next system, solved by the handed-over solver.
  const auto next = problem->draw(200);
  system.assemble(next);
  skr::Handle<Vec> x;
  SKR_PETSC(VecDuplicate(go_on.last, x.out()));
  SKR_PETSC(VecCopy(go_on.last, x));
  const auto stats = go_on.solver->solve(system.A(), system.b(), x);
  CHECK(stats.converged);
  CHECK(stats.rel_residual <= 1e-8);

  // Without the run's system there is nothing to go on with.
  CHECK_FALSE(skr::choose_solver(*problem, pilot, base, 1000000).continuation.solver);
}

TEST_CASE("auto pilot on a run's system that already holds the pilot's operator") {
  // Thermal's operator never changes: a second pilot on the same system finds
  // it in place from the first sample on (bench runs auto after other methods).
  const auto problem = skr::test::make_problem("thermal", {"--grid", "20"});
  const auto pilot = draw(*problem, 4);
  skr::SolverSettings base;
  base.rtol = 1e-8;
  skr::SequenceSystem system(*problem, PETSC_COMM_SELF);
  system.assemble(problem->draw(7));
  const auto choice = skr::choose_solver(*problem, pilot, base, 1000000, &system);
  REQUIRE(choice.continuation.solver);
  REQUIRE(choice.continuation.stats.size() == pilot.size());
  for (const auto& stats : choice.continuation.stats) {
    CHECK(stats.converged);
    CHECK(stats.rel_residual <= 1e-8);
  }
}
