// The scan before solving: same-matrix detection, shared patterns, and the
// random-projection features that sorting uses.
#include "systems/export.hpp"
#include "systems/scan.hpp"
#include "systems/system_problem.hpp"
#include "systems/systems_fixture.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace skr;
using namespace skr::systems;

TEST_CASE("systems: poisson sequences share one matrix, darcy sequences one pattern") {
  test::ScratchDir dir;
  const auto poisson = test::make_problem("poisson", {"--grid", "8"});
  const auto p =
      open_systems(export_systems(*poisson, test::test_seeds(5), (dir / "p"), "h5-groups"));
  const auto scan_p = scan_systems(*p);
  CHECK(scan_p.identical_matrices);
  CHECK(scan_p.shared_pattern);
  CHECK_FALSE(scan_p.identical_rhs);
  CHECK(choose_features("auto", scan_p, *p).name == "provided");
  CHECK(choose_features("values", scan_p, *p).name == "values");

  const auto darcy = test::make_problem("darcy", {"--grid", "8"});
  const auto d = open_systems(export_systems(*darcy, test::test_seeds(5), (dir / "d"), "mtx"));
  const auto scan_d = scan_systems(*d);
  CHECK_FALSE(scan_d.identical_matrices);
  CHECK(scan_d.shared_pattern);
  CHECK(scan_d.identical_rhs); // constant source
  CHECK(scan_d.rows == 64);
  CHECK(choose_features("auto", scan_d, *d).name == "values");
  CHECK_THROWS_AS(choose_features("provided", scan_d, *d), Error);
  CHECK(looks_spd(load_system(*d, 0).A));
}

TEST_CASE("systems: the random projection roughly preserves distances") {
  // Two vectors differing in 500 coordinates by 1: distance sqrt(500).
  const std::size_t dims = 256;
  std::vector<double> fa(dims, 0.0), fb(dims, 0.0);
  for (std::uint64_t key = 0; key < 1000; ++key) {
    project_add(7, key, 1.0, fa.data(), dims);
    project_add(7, key, key < 500 ? 2.0 : 1.0, fb.data(), dims);
  }
  double d2 = 0;
  for (std::size_t k = 0; k < dims; ++k) d2 += (fa[k] - fb[k]) * (fa[k] - fb[k]);
  CHECK(std::sqrt(d2) == doctest::Approx(std::sqrt(500.0)).epsilon(0.2));
}
