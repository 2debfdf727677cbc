// SystemGroups on one rank (the unit tests' world): R = 1 is every rank on
// its own, a larger R is refused alike on every rank. Groups of several
// ranks are tested end to end in tests/cli/test_mpi_groups.sh.
#include "pipeline/system_groups.hpp"
#include "util/mpi.hpp"

#include <doctest/doctest.h>
#include <petscsys.h>

#include <vector>

using namespace skr;

TEST_CASE("system groups: one rank per system visits every queued position once, in order") {
  const SystemGroups groups(PETSC_COMM_WORLD, 1);
  CHECK(groups.comm() == PETSC_COMM_SELF);
  CHECK(groups.leader());
  CHECK(groups.size() == 1);
  CHECK(groups.count() == comm_size(PETSC_COMM_WORLD));
  WorkQueue queue(PETSC_COMM_WORLD, 5, 2);
  std::vector<std::size_t> seen;
  groups.for_each_position(queue, [&](std::size_t position) { seen.push_back(position); });
  CHECK(seen == std::vector<std::size_t>{0, 1, 2, 3, 4});
  int recorded = 0, mirrored = 0;
  groups.record([&] { ++recorded; }, [&] { ++mirrored; });
  CHECK(recorded == 1);
  CHECK(mirrored == 0);
}

TEST_CASE("system groups: a group size that does not divide the ranks is a collective error") {
  const int ranks = comm_size(PETSC_COMM_WORLD);
  CHECK_THROWS_WITH_AS(SystemGroups(PETSC_COMM_WORLD, ranks + 1),
                       doctest::Contains("does not divide the"), CollectiveError);
  CHECK_THROWS_WITH_AS(SystemGroups(PETSC_COMM_WORLD, 0), doctest::Contains("at least 1"),
                       CollectiveError);
}
