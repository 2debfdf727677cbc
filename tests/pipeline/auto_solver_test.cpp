// --solver auto: candidate order per dimension and the pilot's exploration budget.
#include "pipeline/auto_solver.hpp"

#include "../problems/problem_fixture.hpp"

#include <doctest/doctest.h>

#include <algorithm>

namespace {

std::vector<std::string> candidate_names(const skr::Problem& problem) {
  std::vector<std::string> names;
  for (const auto& [name, settings] : skr::auto_candidates(problem, skr::SolverSettings{}))
    names.push_back(name);
  return names;
}

std::vector<skr::Sample> draw(const skr::Problem& problem, std::size_t n) {
  std::vector<skr::Sample> samples;
  for (std::size_t i = 0; i < n; ++i) samples.push_back(problem.draw(100 + i));
  return samples;
}

} // namespace

TEST_CASE("auto candidates: direct leads in 2-D; CG + ICC leads in 3-D, direct last or absent") {
  const auto flat = candidate_names(*skr::test::make_problem("darcy", {"--grid", "16"}));
  CHECK(flat.front() == "direct (cholesky)");
  const auto small3d = candidate_names(*skr::test::make_problem("darcy3d", {"--grid", "12"}));
  CHECK(small3d.front() == "cg + icc");
  CHECK(small3d.back() == "direct (cholesky)");
  const auto big3d = candidate_names(*skr::test::make_problem("darcy3d", {"--grid", "24"}));
  CHECK(big3d.front() == "cg + icc");
  CHECK(std::count(big3d.begin(), big3d.end(), "direct (cholesky)") == 0);
  CHECK(big3d.size() + 1 == small3d.size());
}

TEST_CASE("auto pilot: a short run skips the alternatives, a long one tries them all") {
  const auto problem = skr::test::make_problem("darcy", {"--grid", "24"});
  const auto pilot = draw(*problem, 4);
  skr::SolverSettings base;
  base.rtol = 1e-8;

  // 4 systems in all: 5% of the run at the leader's pace cannot pay for trying others.
  const auto short_run = skr::choose_solver(*problem, pilot, base, 4);
  REQUIRE(short_run.pilot.size() == candidate_names(*problem).size());
  CHECK(short_run.pilot.front().converged);
  const auto skipped = std::count_if(short_run.pilot.begin(), short_run.pilot.end(),
                                     [](const auto& r) { return r.skipped; });
  CHECK(skipped >= 1);
  CHECK(short_run.name == "direct (cholesky)");

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
}
