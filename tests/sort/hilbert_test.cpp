#include <doctest/doctest.h>

#include "sort/hilbert.hpp"
#include "util/error.hpp"

#include <cstdlib>
#include <vector>

using namespace skr::sort;

namespace {

// Walks every cell of a 2^bits grid in dims dimensions and checks that the
// Hilbert index is a bijection whose consecutive cells are adjacent.
void check_curve(std::size_t dims, int bits) {
  const std::size_t side = std::size_t{1} << bits;
  std::size_t cells = 1;
  for (std::size_t k = 0; k < dims; ++k) cells *= side;
  std::vector<std::vector<std::uint32_t>> at(cells);
  std::vector<std::uint32_t> c(dims, 0);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    std::size_t r = cell;
    for (std::size_t k = 0; k < dims; ++k, r /= side) c[k] = static_cast<std::uint32_t>(r % side);
    const std::uint64_t h = hilbert_index(c, bits);
    REQUIRE(h < cells);
    REQUIRE(at[h].empty()); // injective, hence bijective on the grid
    at[h] = c;
  }
  for (std::size_t h = 0; h + 1 < cells; ++h) {
    long dist = 0;
    for (std::size_t k = 0; k < dims; ++k)
      dist += std::labs(static_cast<long>(at[h][k]) - static_cast<long>(at[h + 1][k]));
    REQUIRE(dist == 1);
  }
}

} // namespace

TEST_CASE("sort: Hilbert curve visits a 2-D grid cell by adjacent cell") {
  check_curve(2, 1);
  check_curve(2, 4);
  check_curve(2, 6);
}

TEST_CASE("sort: Hilbert curve visits 3-D and 4-D grids cell by adjacent cell") {
  check_curve(3, 3);
  check_curve(4, 2);
  check_curve(1, 5);
}

TEST_CASE("sort: Hilbert index rejects more than 64 bits") {
  std::vector<std::uint32_t> c(9, 0);
  CHECK_THROWS_AS(hilbert_index(c, 8), skr::Error);
  CHECK_NOTHROW(hilbert_index(std::vector<std::uint32_t>(8, 255), 8));
}

TEST_CASE("sort: hilbert_order of grid points follows the curve") {
  // Points on a 8 x 8 grid given in row order, quantised to exactly one
  // point per cell: the curve order must walk them with unit steps.
  FeatureMatrix f(64, 2);
  for (std::size_t i = 0; i < 64; ++i) f(i, 0) = static_cast<double>(i / 8), f(i, 1) = i % 8;
  const auto order = hilbert_order(f, 3);
  REQUIRE(order.size() == 64);
  for (std::size_t k = 0; k + 1 < 64; ++k) {
    const double dx = f(order[k], 0) - f(order[k + 1], 0);
    const double dy = f(order[k], 1) - f(order[k + 1], 1);
    CHECK(std::abs(dx) + std::abs(dy) == doctest::Approx(1.0));
  }
}
