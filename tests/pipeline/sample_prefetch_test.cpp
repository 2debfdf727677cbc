// SamplePrefetch: whatever the guesses, take() gives the sample (and its
// system values) a direct draw gives, bit for bit; a worker's error comes
// back on the taking thread.
#include "pipeline/sample_prefetch.hpp"

#include "../problems/problem_fixture.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace {

void check_same(const skr::Problem& problem, const skr::PreparedSample& taken, std::uint64_t seed,
                const skr::OwnedBox& box) {
  const skr::Sample drawn = problem.draw(seed);
  CHECK(taken.sample.seed == seed);
  CHECK(taken.sample.fields == drawn.fields);
  CHECK(taken.sample.scalars == drawn.scalars);
  REQUIRE(taken.values);
  const auto values = problem.system_values(drawn, box, true);
  REQUIRE(values);
  CHECK(std::ranges::equal(taken.values->operator_entries(), values->operator_entries()));
  CHECK(std::ranges::equal(taken.values->owned_rhs(), values->owned_rhs()));
}

// darcy, but drawing seed `bad` fails.
class FailingDraw final : public skr::Problem {
public:
  FailingDraw(const skr::Problem& inner, std::uint64_t bad) : inner_(inner), bad_(bad) {}
  std::string_view name() const override { return "failing"; }
  const skr::Grid& grid() const override { return inner_.grid(); }
  skr::Sample draw(std::uint64_t seed) const override {
    if (seed == bad_) skr::fail("cannot draw seed {}", seed);
    return inner_.draw(seed);
  }
  void create_system(MPI_Comm comm, Mat* A, Vec* b) const override {
    inner_.create_system(comm, A, b);
  }

private:
  const skr::Problem& inner_;
  std::uint64_t bad_;
};

} // namespace

TEST_CASE("sample prefetch: guessed, wrongly guessed and unguessed samples are the drawn ones") {
  const auto problem = skr::test::make_problem("darcy", {"--grid", "12", "--coeff", "lognormal"});
  const skr::OwnedBox box{0, 12, 0, 12, 0, 1};
  std::vector<std::uint64_t> seeds;
  for (std::uint64_t i = 0; i < 12; ++i) seeds.push_back(1000 + 7 * i);
  for (const bool enabled : {true, false}) {
    CAPTURE(enabled);
    skr::SamplePrefetch prefetch(*problem, seeds, enabled, box);
    const std::vector<std::size_t> order{0, 1, 2, 3, 4, 5, 6, 7, 8};
    check_same(*problem, prefetch.take(0, std::span(order).subspan(1)), seeds[0], box);
    CHECK(prefetch.ahead() >= 1);
    check_same(*problem, prefetch.take(1, std::span(order).subspan(2)), seeds[1], box);
    // 2 and 3 were guessed but are skipped (another rank solved them).
    check_same(*problem, prefetch.take(4, std::span(order).subspan(5)), seeds[4], box);
    const std::vector<std::size_t> elsewhere{10, 9};
    check_same(*problem, prefetch.take(11, elsewhere), seeds[11], box); // never guessed
    check_same(*problem, prefetch.take(10, std::span(elsewhere).subspan(1)), seeds[10], box);
    check_same(*problem, prefetch.take(9, {}), seeds[9], box);
  }
}

TEST_CASE("sample prefetch: a draw that fails on the worker fails the take that follows") {
  const auto darcy = skr::test::make_problem("darcy", {"--grid", "8"});
  const std::vector<std::uint64_t> seeds{5, 6, 7, 8};
  const FailingDraw problem(*darcy, 7);
  skr::SamplePrefetch prefetch(problem, seeds, true);
  const std::vector<std::size_t> upcoming{1, 2, 3};
  CHECK(prefetch.take(0, upcoming).sample.seed == 5);
  CHECK(prefetch.take(1, std::span(upcoming).subspan(1)).sample.seed == 6);
  CHECK_THROWS_WITH(prefetch.take(2, std::span(upcoming).subspan(2)), "cannot draw seed 7");
  CHECK(prefetch.take(3, {}).sample.seed == 8); // the error came back once
}
