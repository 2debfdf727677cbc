// --solver auto's memory: the cache file, and a pilot that starts from it.
#include "pipeline/auto_cache.hpp"
#include "pipeline/auto_solver.hpp"

#include "../problems/problem_fixture.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace {

// A fresh cache path in its own temporary directory (removed at the end).
struct TemporaryCache {
  std::filesystem::path dir;
  std::string path;
  TemporaryCache() {
    dir = std::filesystem::temp_directory_path() /
          ("skr-auto-cache-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    path = (dir / "skr-gen" / "auto.json").string();
  }
  ~TemporaryCache() {
    skr::AutoCache::wait_for_save(); // a pilot's save may still be writing here
    std::filesystem::remove_all(dir);
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
  std::string text() const {
    skr::AutoCache::wait_for_save();
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  void write(const std::string& text) const {
    std::ofstream(path) << text;
  }
};

// `text` with the string value of JSON key `key` replaced by `value`.
std::string with_value(std::string text, const std::string& key, const std::string& value) {
  const std::string opening = "\"" + key + "\": \"";
  const std::size_t start = text.find(opening) + opening.size();
  return text.replace(start, text.find('"', start) - start, value);
}

std::vector<skr::Sample> draw(const skr::Problem& problem, std::size_t n) {
  return skr::test::draw_samples(problem, n, 300);
}

} // namespace

TEST_CASE("auto cache: choices and cost coefficients survive a save, in plain JSON") {
  TemporaryCache tmp;
  {
    skr::AutoCache cache(tmp.path); // no file yet: empty
    CHECK_FALSE(cache.find("k"));
    cache.remember("darcy | grid = 64; | ranks 1", {"cg + hypre", 0.125});
    cache.set_coefficient("darcy", "cg + hypre", 1.5e-6);
    cache.save(); // creates the directory
  }
  const skr::AutoCache again(tmp.path);
  const auto choice = again.find("darcy | grid = 64; | ranks 1");
  REQUIRE(choice);
  CHECK(choice->method == "cg + hypre");
  CHECK(choice->seconds == 0.125);
  CHECK(again.coefficient("darcy", "cg + hypre") == 1.5e-6);
  CHECK_FALSE(again.coefficient("helmholtz", "cg + hypre"));
  CHECK(tmp.text().find("\"seconds_per_system\": 0.125") != std::string::npos);
}

TEST_CASE("auto cache: a save in the background is read back whole, in the order of the saves") {
  TemporaryCache tmp;
  for (int n = 1; n <= 3; ++n) { // each waits for the one before
    skr::AutoCache cache(tmp.path);
    if (n > 1) CHECK(cache.find("k")->seconds == n - 1);
    cache.remember("k", {"cg + icc", double(n)});
    cache.save_in_background();
  }
  const skr::AutoCache last(tmp.path); // waits for the third
  REQUIRE(last.find("k"));
  CHECK(last.find("k")->seconds == 3);
  CHECK_FALSE(std::filesystem::exists(tmp.path + "." + std::to_string(::getpid()) + ".tmp"));
}

TEST_CASE("auto cache: another machine's, another version's or a damaged file is ignored") {
  TemporaryCache tmp;
  {
    skr::AutoCache cache(tmp.path);
    cache.remember("k", {"direct (lu)", 1.0});
    cache.save();
  }
  const std::string good = tmp.text();
  tmp.write(with_value(good, "machine", "elsewhere"));
  CHECK_FALSE(skr::AutoCache(tmp.path).find("k"));
  tmp.write(with_value(good, "version", "0.0.1 (old)"));
  CHECK_FALSE(skr::AutoCache(tmp.path).find("k"));
  tmp.write(good.substr(0, good.size() / 2)); // cut short: a warning, no error
  CHECK_FALSE(skr::AutoCache(tmp.path).find("k"));
  tmp.write(good);
  CHECK(skr::AutoCache(tmp.path).find("k"));
}

TEST_CASE("auto pilot with a cache: explores once, then starts from the remembered winner") {
  TemporaryCache tmp;
  const auto problem = skr::test::make_problem("darcy", {"--grid", "16"});
  const auto pilot = draw(*problem, 4);
  skr::SolverSettings base;
  skr::AutoPolicy policy;
  policy.key = "darcy test";
  policy.cache_path = tmp.path;
  const std::size_t all = skr::auto_candidates(*problem, base).size();

  const auto first = skr::choose_solver(*problem, pilot, base, 1000000, nullptr, policy);
  CHECK(first.source == "pilot");
  CHECK(first.pilot.size() == all);
  const skr::AutoCache cache(tmp.path);
  REQUIRE(cache.find("darcy test | rtol 1e-08 max-it 10000 restart 40 recycle 20"));
  CHECK(cache.find("darcy test | rtol 1e-08 max-it 10000 restart 40 recycle 20")->method ==
        first.name);
  // Every candidate that finished taught the model its cost on this machine.
  for (const auto& r : first.pilot)
    if (r.converged) CHECK(cache.coefficient(skr::cost_class(*problem), r.name));

  // Same key: the remembered winner alone, when its time has not drifted
  // (a drift tolerance no time can exceed makes this independent of the machine's noise).
  policy.drift = 1e300;
  const auto second = skr::choose_solver(*problem, pilot, base, 1000000, nullptr, policy);
  CHECK(second.source == "cache");
  CHECK(second.name == first.name);
  CHECK(second.pilot.size() == 1);
  CHECK(second.exploration_seconds == 0);
  CHECK(second.report().find("remembered") != std::string::npos);

  // A remembered time far below today's (the winner got slower): explore
  // again. Far above it (faster today) says nothing against the winner.
  policy.drift = 0.2;
  const auto remember = [&](double seconds) {
    skr::AutoCache stale(tmp.path);
    stale.remember("darcy test | rtol 1e-08 max-it 10000 restart 40 recycle 20",
                   {first.name, seconds});
    stale.save();
  };
  remember(1e3);
  CHECK(skr::choose_solver(*problem, pilot, base, 1000000, nullptr, policy).source == "cache");
  remember(1e-12);
  const auto third = skr::choose_solver(*problem, pilot, base, 1000000, nullptr, policy);
  CHECK(third.source == "pilot");
  CHECK(third.pilot.size() == all);
  CHECK(third.pilot.front().name == first.name); // the remembered one was tried first

  // --explore never: the remembered winner without a check...
  policy.explore = skr::Explore::never;
  CHECK(skr::choose_solver(*problem, pilot, base, 1000000, nullptr, policy).source == "cache");
  // ...or, with nothing remembered, the predicted one alone.
  policy.key = "another key";
  const auto predicted = skr::choose_solver(*problem, pilot, base, 1000000, nullptr, policy);
  CHECK(predicted.source == "prediction");
  CHECK(predicted.pilot.size() == 1);
  const skr::AutoCache learned(tmp.path);
  CHECK(predicted.name == skr::ranked_candidates(*problem, base, false, &learned).front().name);

  // --explore always: a full pilot whatever is remembered.
  policy.explore = skr::Explore::always;
  policy.key = "darcy test";
  CHECK(skr::choose_solver(*problem, pilot, base, 1000000, nullptr, policy).pilot.size() == all);
}

// A coefficient learned at one size steers the ranking at that size only:
// darcy 64²'s fast Cholesky must not put Cholesky first at 421².
TEST_CASE("auto cache: a measured cost applies to its family's size class only") {
  TemporaryCache tmp;
  const auto small = skr::test::make_problem("darcy", {"--grid", "64"});
  const auto near = skr::test::make_problem("darcy", {"--grid", "80"});
  const auto large = skr::test::make_problem("darcy", {"--grid", "421"});
  CHECK(skr::cost_class(*small) == "darcy 4^6");
  CHECK(skr::cost_class(*near) == skr::cost_class(*small)); // 6400 unknowns: within 2x
  CHECK(skr::cost_class(*large) != skr::cost_class(*small));

  skr::AutoCache cache(tmp.path);
  cache.set_coefficient(skr::cost_class(*small), "direct (cholesky)", 1e-12);
  const skr::SolverSettings base;
  const auto predicted = [&](const skr::Problem& p, const skr::AutoCache* c) {
    for (const auto& candidate : skr::ranked_candidates(p, base, false, c))
      if (candidate.name == "direct (cholesky)") return candidate.predicted_seconds;
    return -1.0;
  };
  CHECK(predicted(*small, &cache) < predicted(*small, nullptr));
  CHECK(predicted(*near, &cache) < predicted(*near, nullptr));
  CHECK(predicted(*large, &cache) == predicted(*large, nullptr));
}
