// The distributed solve order (issue 28): rank shares of the features equal
// the whole run's rows bit for bit, and the distributed blocked Hilbert code
// on one rank gives sort::sort's order (several blocks, with and without 2-opt).
#include "pipeline/distributed_sort.hpp"

#include "sort/sorter.hpp"

#include "../problems/problem_fixture.hpp"

#include <doctest/doctest.h>

#include <initializer_list>
#include <string>

namespace {

std::vector<std::uint64_t> seeds_of(std::size_t n) {
  return skr::sample_seeds(11, n);
}

} // namespace

TEST_CASE("distributed sort: rank shares partition the samples") {
  for (std::size_t n : {0, 1, 5, 97})
    for (int ranks : {1, 2, 3, 8}) {
      std::size_t next = 0;
      for (int r = 0; r < ranks; ++r) {
        const auto [first, last] = skr::rank_share(n, r, ranks);
        CHECK(first == next);
        CHECK(last >= first);
        next = last;
      }
      CHECK(next == n);
    }
}

TEST_CASE("sort options: a 3-D family's field is reduced by a 3-D transform") {
  const auto problem = skr::test::make_problem("darcy3d", {"--grid", "10"});
  const auto seeds = seeds_of(5);
  const std::size_t columns = skr::feature_columns(*problem, seeds);
  const auto options = skr::sort_options_for(*problem, columns, "fft-greedy");
  CHECK(options.field_nx == 10);
  CHECK(options.field_ny == 10);
  CHECK(options.field_nz == 10);
  CHECK(options.fft_keep == 10); // 12, capped by the grid
  const auto features = skr::sample_features(*problem, seeds);
  CHECK(skr::sort::reduce_for_sort(features, options).cols == 2 * 10 * 10 * 10);
}

TEST_CASE("distributed sort: each rank's reduced features are the single process's rows") {
  const auto problem = skr::test::make_problem("darcy", {"--grid", "16", "--coeff", "lognormal"});
  const auto seeds = seeds_of(23);
  const std::size_t columns = skr::feature_columns(*problem, seeds);
  const auto options = skr::sort::resolve_automatic(
      skr::sort_options_for(*problem, columns, "hilbert"), seeds.size());
  REQUIRE(options.field_nx == 16); // the FFT reduction runs
  const auto whole = skr::share_features(*problem, seeds, 0, seeds.size(), options);
  CHECK(whole.cols == 2 * 12 * 12);
  for (int ranks : {2, 3, 5}) {
    std::vector<double> joined;
    for (int r = 0; r < ranks; ++r) {
      const auto [first, last] = skr::rank_share(seeds.size(), r, ranks);
      const auto part = skr::share_features(*problem, seeds, first, last, options);
      CHECK(part.rows == last - first);
      joined.insert(joined.end(), part.data.begin(), part.data.end());
    }
    CHECK(joined == whole.data); // bit for bit
  }
}

TEST_CASE("distributed sort: on one rank, the order of sort::sort") {
  const auto problem = skr::test::make_problem("darcy", {"--grid", "12", "--coeff", "lognormal"});
  const auto seeds = seeds_of(300);
  const std::size_t columns = skr::feature_columns(*problem, seeds);
  for (const char* method : {"hilbert", "fft-greedy", "none"}) {
    const auto expected = skr::solve_order(*problem, seeds, method, nullptr);
    skr::GenerateSummary summary;
    CHECK(skr::distributed_solve_order(*problem, seeds, method, MPI_COMM_SELF, &summary, nullptr) ==
          expected);
    CHECK(summary.sort_method == method);
    if (std::string(method) != "none") CHECK(summary.sort_path_length < summary.random_path_length);
  }
  // Several blocks, oriented by their end rows, with and without 2-opt.
  auto options = skr::sort_options_for(*problem, columns, "hilbert");
  options.block_size = 40;
  const auto rows = skr::sort::reduce_for_sort(skr::sample_features(*problem, seeds), options);
  for (bool two_opt : {false, true}) {
    options.two_opt = two_opt;
    CHECK(skr::distributed_hilbert_order(rows, seeds.size(), skr::sort::without_fields(options),
                                         MPI_COMM_SELF) ==
          skr::sort::sort(rows, skr::sort::without_fields(options)));
  }
}

TEST_CASE("sort rows: the memory check counts the reduced rows the sort holds") {
  const auto problem = skr::test::make_problem("darcy", {"--grid", "32"});
  const auto seeds = seeds_of(9);
  CHECK(skr::sort_row_columns(*problem, seeds, "auto") == 2 * 12 * 12); // fft-greedy
  CHECK(skr::sort_row_columns(*problem, seeds, "hilbert") == 2 * 12 * 12);
  CHECK(skr::sort_row_columns(*problem, seeds, "greedy") == 32 * 32); // raw rows
  CHECK(skr::sort_row_columns(*problem, seeds, "none") == 0);
  const auto options = skr::sort::resolve_automatic(
      skr::sort_options_for(*problem, skr::feature_columns(*problem, seeds), "auto"), 9);
  CHECK(skr::share_features(*problem, seeds, 0, 9, options).cols ==
        skr::sort_row_columns(*problem, seeds, "auto"));
}
