// Round trips of every system file format on systems from our Darcy
// generator: what `export_systems` writes, `open_systems` reads back exactly.
#include "systems/export.hpp"
#include "systems/mtx.hpp"
#include "systems/petsc_convert.hpp"
#include "systems/source.hpp"
#include "systems/systems_fixture.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace skr;
using namespace skr::systems;

namespace {

bool petsc_equal(const System& a, const System& b) {
  Handle<Mat> A, B;
  Handle<Vec> u, v;
  create_matrix(a.A, A.out());
  create_matrix(b.A, B.out());
  create_vector(a.b, u.out());
  create_vector(b.b, v.out());
  PetscBool mat_equal = PETSC_FALSE, vec_equal = PETSC_FALSE;
  SKR_PETSC(MatEqual(A, B, &mat_equal));
  SKR_PETSC(VecEqual(u, v, &vec_equal));
  return mat_equal && vec_equal;
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

} // namespace

TEST_CASE("systems: every export format reads back exactly") {
  const auto problem = test::make_problem("darcy", {"--grid", "8"});
  const auto seeds = test::test_seeds(11); // 11 files: natural order puts 10 after 9
  std::vector<System> expected;
  for (auto seed : seeds) expected.push_back(assemble_system(*problem, problem->draw(seed)));
  for (const char* format : {"mtx", "petsc", "petsc-seq", "h5", "h5-groups"}) {
    CAPTURE(format);
    test::ScratchDir dir;
    const std::string source = export_systems(*problem, seeds, dir.path.string(), format);
    const auto systems = open_systems(source);
    REQUIRE(systems->size() == seeds.size());
    for (std::size_t i = 0; i < seeds.size(); ++i) {
      const System s = load_system(*systems, i);
      CHECK(s.A == expected[i].A);
      CHECK(s.b == expected[i].b);
      CHECK(petsc_equal(s, expected[i]));
    }
    CHECK(bool(systems->features()) == (std::string(format).rfind("h5", 0) == 0));
  }
}

TEST_CASE("systems: PETSc binary files written by MatView/VecView match the matrix") {
  const auto problem = test::make_problem("darcy", {"--grid", "6"});
  test::ScratchDir dir;
  const auto source = export_systems(*problem, test::test_seeds(3), dir.path.string(), "petsc-seq");
  // Read back through PETSc's own MatLoad / VecLoad as well.
  PetscViewer viewer;
  SKR_PETSC(PetscViewerBinaryOpen(PETSC_COMM_SELF, source.c_str(), FILE_MODE_READ, &viewer));
  const auto ours = open_systems(source);
  for (std::size_t i = 0; i < 3; ++i) {
    Handle<Mat> A;
    Handle<Vec> b;
    SKR_PETSC(MatCreate(PETSC_COMM_SELF, A.out()));
    SKR_PETSC(MatLoad(A, viewer));
    SKR_PETSC(VecCreate(PETSC_COMM_SELF, b.out()));
    SKR_PETSC(VecLoad(b, viewer));
    const System s = load_system(*ours, i);
    CHECK(to_csr(A) == s.A);
    CHECK(to_vector(b) == s.b);
  }
  PetscViewerDestroy(&viewer);
}

TEST_CASE("systems: Matrix Market subset") {
  test::ScratchDir dir;
  write_text(dir / "A_1.mtx",
             "%%MatrixMarket matrix coordinate real symmetric\n% comment\n3 3 4\n1 1 4\n2 1 -1\n"
             "2 2 4\n3 3 2.5e0\n");
  write_text(dir / "b_1.mtx",
             "%%MatrixMarket matrix coordinate real general\n3 1 2\n1 1 1.5\n3 1 -2\n");
  write_text(
      dir / "A_2.mtx",
      "%%MatrixMarket matrix coordinate integer general\n3 3 4\n1 1 1\n1 1 1\n2 2 3\n3 3 1\n");
  write_text(dir / "b_2.mtx", "%%MatrixMarket matrix array real general\n3 1\n1\n2\n3\n");
  const auto systems = open_systems(dir / "A_*.mtx");
  REQUIRE(systems->size() == 2);
  const System s1 = load_system(*systems, 0);
  CHECK(s1.A.indptr == std::vector<std::int64_t>{0, 2, 4, 5}); // symmetric: both triangles
  CHECK(s1.A.indices == std::vector<std::int64_t>{0, 1, 0, 1, 2});
  CHECK(s1.A.values == std::vector<double>{4, -1, -1, 4, 2.5});
  CHECK(s1.b == std::vector<double>{1.5, 0, -2});
  const System s2 = load_system(*systems, 1);
  CHECK(s2.A.values == std::vector<double>{2, 3, 1}); // duplicates summed
  CHECK(s2.b == std::vector<double>{1, 2, 3});
  CHECK(systems->where(1).find("A_2.mtx") != std::string::npos);
}

TEST_CASE("systems: natural order of names") {
  CHECK(natural_less("A_2.mtx", "A_10.mtx"));
  CHECK_FALSE(natural_less("A_10.mtx", "A_2.mtx"));
  CHECK(natural_less("A_02.mtx", "A_3.mtx"));
  CHECK(natural_less("a", "b"));
  CHECK_FALSE(natural_less("x1", "x1"));
}

TEST_CASE("systems: bad input names the system and the file") {
  test::ScratchDir dir;
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  write_text(dir / "A_0.mtx",
             "%%MatrixMarket matrix coordinate real general\n2 3 2\n1 1 1\n2 2 1\n");
  write_text(dir / "b_0.mtx", "%%MatrixMarket matrix array real general\n2 1\n1\n2\n");
  write_text(dir / "A_1.mtx",
             "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 nan\n2 2 1\n");
  write_text(dir / "b_1.mtx", "%%MatrixMarket matrix array real general\n2 1\n1\n2\n");
  const auto systems = open_systems(dir / "A_*.mtx");
  const auto m0 = message([&] { load_system(*systems, 0); });
  CHECK(m0.find("system 0") != std::string::npos);
  CHECK(m0.find("not square") != std::string::npos);
  const auto m1 = message([&] { load_system(*systems, 1); });
  CHECK(m1.find("system 1") != std::string::npos);
  CHECK(m1.find("A_1.mtx") != std::string::npos);
  CHECK(m1.find("nan") != std::string::npos);
  CHECK(message([&] { open_systems(dir / "Z_*.mtx"); }).find("matches no files") !=
        std::string::npos);
  write_text(dir / "trunc.petsc", std::string("\x00\x12\x7b\x50\x00\x00", 6));
  CHECK(message([&] { open_systems(dir / "trunc.petsc"); }).find("truncated") != std::string::npos);
}
