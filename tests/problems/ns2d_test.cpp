// ns2d family: trajectory shape (frames, steps, subsampling of the solve
// grid), frame 0 = the drawn w0, bit-for-bit reproducibility, one-line
// refusals of bad options and of the linear-system tools.
#include <doctest/doctest.h>

#include "discretize/time_problem.hpp"
#include "problems/problem_fixture.hpp"
#include "spectral/periodic_grf.hpp"

using namespace skr;
using skr::test::make_problem;

namespace {
std::unique_ptr<Problem> tiny_ns2d(std::vector<std::string> extra = {}) {
  std::vector<std::string> words = {"--grid", "8", "--solve-grid", "16", "--dt", "1e-3",
                                    "--t-final", "0.01", "--record-every", "5"};
  words.insert(words.end(), extra.begin(), extra.end());
  return make_problem("ns2d", words);
}
} // namespace

TEST_CASE("ns2d: a trajectory holds T frames on the stored grid, frame 0 the drawn w0") {
  const auto problem = tiny_ns2d();
  const TimeProblem* ns2d = as_time_problem(*problem);
  REQUIRE(ns2d != nullptr);
  CHECK(ns2d->advances_itself());
  CHECK(ns2d->time().frames() == 3);
  const Sample sample = problem->draw(11);
  const auto& w0 = sample.fields.at("w0");
  REQUIRE(w0.size() == 64);
  // Every second point of the 16^2 solve grid's GRF draw.
  PeriodicGrf grf(16, 2.5, 7.0);
  std::mt19937_64 rng(11);
  const auto full = grf.sample(rng);
  CHECK(w0[8 + 3] == full[2 * 16 + 6]);

  const TrajectoryResult a = ns2d->advance(sample, PETSC_COMM_SELF, nullptr);
  REQUIRE(a.frames.size() == 3);
  CHECK(a.steps.size() == 10);
  CHECK(a.frames[0] == w0);
  CHECK(a.frames[2] != w0);
  const TrajectoryResult b = ns2d->advance(sample, PETSC_COMM_SELF, nullptr);
  CHECK(a.frames == b.frames); // reproducible bit for bit
  const Fields out = ns2d->trajectory_outputs(sample, a.frames);
  CHECK(out.at("vorticity").size() == 3 * 64);
}

TEST_CASE("ns2d: --record-every defaults to one time unit") {
  const auto problem = make_problem("ns2d", {"--grid", "4", "--solve-grid", "8", "--dt", "0.25",
                                             "--t-final", "2"});
  const TimeProblem* ns2d = as_time_problem(*problem);
  REQUIRE(ns2d != nullptr);
  CHECK(ns2d->time().record_every == 4);
  CHECK(ns2d->time().frames() == 3);
}

TEST_CASE("ns2d: bad options and linear-system tools are refused with one line") {
  CHECK_THROWS_AS(tiny_ns2d({"--time-scheme", "be"}), Error);
  CHECK_THROWS_AS(make_problem("ns2d", {"--grid", "12", "--solve-grid", "16"}), Error);
  CHECK_THROWS_AS(tiny_ns2d({"--viscosity", "-1"}), Error);
  CHECK_THROWS_AS(tiny_ns2d({"--fft-plan", "fast"}), Error);
  const auto problem = tiny_ns2d();
  Handle<Mat> A;
  Handle<Vec> b;
  problem->create_system(PETSC_COMM_SELF, A.out(), b.out());
  CHECK_THROWS_AS(problem->assemble(problem->draw(1), A, b), Error);
}

TEST_CASE("ns2d: a trajectory that blows up ends with failed steps, not an exception") {
  const auto problem = make_problem("ns2d", {"--grid", "8", "--solve-grid", "16", "--viscosity",
                                             "1e-5", "--dt", "1", "--t-final", "2000",
                                             "--record-every", "1000"});
  const TimeProblem* ns2d = as_time_problem(*problem);
  REQUIRE(ns2d != nullptr);
  const TrajectoryResult r = ns2d->advance(problem->draw(5), PETSC_COMM_SELF, nullptr);
  CHECK(r.frames.size() < 3);
  REQUIRE(!r.steps.empty());
  CHECK_FALSE(r.steps.back().converged);
}
