// System files whose headers claim more than the file holds, whose entry
// counts disagree with their size lines, or that are no regular files: each
// gives one skr::Error naming the file, before anything large is allocated.
#include "io/h5.hpp"
#include "io/h5_attributes_storage.hpp"
#include "systems/mtx.hpp"
#include "systems/source.hpp"
#include "systems/systems_fixture.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <cstring>
#include <fstream>
#include <functional>

using namespace skr;
using namespace skr::systems;

namespace {

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

std::string message(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

const std::string kGeneral = "%%MatrixMarket matrix coordinate real general\n";

std::string mtx_error(const test::ScratchDir& dir, const std::string& text) {
  write_text(dir / "m.mtx", text);
  return message([&] { read_mtx_matrix(dir / "m.mtx"); });
}

// PETSc binary: big-endian int32 words.
void write_words(const std::string& path, const std::vector<std::int32_t>& words) {
  std::ofstream out(path, std::ios::binary);
  for (std::int32_t w : words) {
    const auto u = static_cast<std::uint32_t>(w);
    const char bytes[4] = {char(u >> 24), char(u >> 16), char(u >> 8), char(u)};
    out.write(bytes, 4);
  }
}

// The error message m names the problem as `text`.
void has(const std::string& m, const std::string& text) {
  INFO(m);
  CHECK(m.find(text) != std::string::npos);
}

} // namespace

TEST_CASE("systems: Matrix Market size lines are checked before allocating") {
  test::ScratchDir dir;
  // Sizes beyond PETSc's 32-bit indices / skr-gen's 1e8 limit.
  has(mtx_error(dir, kGeneral + "3000000000 3000000000 3\n1 1 1\n2 2 1\n3 3 1\n"),
      "line 2: a 3000000000 x 3000000000 matrix is too large");
  has(mtx_error(dir, kGeneral + "3 100000001 3\n1 1 1\n2 2 1\n3 3 1\n"), "too large");
  // More entries than a 3 x 3 matrix has, and more than the file can hold.
  has(mtx_error(dir, kGeneral + "3 3 99999999999\n1 1 1\n2 2 1\n3 3 1\n"),
      "99999999999 entries do not fit a 3 x 3 matrix");
  has(mtx_error(dir, kGeneral + "10000 10000 90000000\n1 1 1\n"),
      "the size line declares 90000000 entries but the 6 bytes after it hold at most 1");
  has(mtx_error(dir, kGeneral + "0 0 0\n"), "at least one row and column");
  has(mtx_error(dir, kGeneral + "-3 3 1\n1 1 1\n"), "at least one row and column");
  has(mtx_error(dir, kGeneral + "3 3 -1\n"), "-1 entries do not fit");
  has(mtx_error(dir, kGeneral + "3 3 3 3\n1 1 1\n2 2 1\n3 3 1\n"), "line 2: bad size line");
  has(mtx_error(dir, kGeneral + "99999999999999999999 3 3\n1 1 1\n2 2 1\n3 3 1\n"),
      "bad size line");
  // A huge matrix with a single entry: refused before its row offsets exist.
  has(mtx_error(dir, kGeneral + "100000000 100000000 1\n1 1 1\n"),
      "1 entries cannot give each of the 100000000 rows one");
  // Vectors: the length is checked against the file and the matrix.
  write_text(dir / "b.mtx", "%%MatrixMarket matrix array real general\n100000000 1\n1\n");
  has(message([&] { read_mtx_vector(dir / "b.mtx"); }),
      "declares 100000000 entries but the 2 bytes after it hold at most 1");
  write_text(dir / "b.mtx", "%%MatrixMarket matrix coordinate real general\n100000000 1 0\n");
  has(message([&] { read_mtx_vector(dir / "b.mtx", 3); }),
      "has 100000000 entries but the matrix has 3 rows");
  write_text(dir / "b.mtx", "%%MatrixMarket matrix array real general\n3000000000 1\n1\n");
  has(message([&] { read_mtx_vector(dir / "b.mtx"); }), "too large");
}

TEST_CASE("systems: Matrix Market entry counts and columns must match the size line") {
  test::ScratchDir dir;
  has(mtx_error(dir, kGeneral + "3 3 2\n1 1 1\n2 2 1\n3 3 1\n"),
      "m.mtx' line 5: more entries than the 2 its size line declares");
  has(mtx_error(dir, kGeneral + "3 3 3\n1 1 1\n2 2 1\n% a comment long enough to hold one\n"),
      "m.mtx': the file ends at line 5 after 2 of the 3 entries its size line declares");
  has(mtx_error(dir, kGeneral + "3 3 3\n1 1 2 9\n2 2 1\n3 3 1\n"),
      "m.mtx' line 3: expected 3 numbers (row column value), found 4 in '1 1 2 9'");
  has(mtx_error(dir, kGeneral + "3 3 3\n1 1\n2 2 1\n3 3 1\n% padding\n"),
      "line 3: expected 3 numbers");
  has(mtx_error(dir, kGeneral + "3 3 3\n1.5 1 1\n2 2 1\n3 3 1\n"), "line 3: expected an index");
  has(mtx_error(dir, kGeneral + "3 3 3\n1 1 1x\n2 2 1\n3 3 1\n"), "line 3: expected a number");
  // Comments and blank lines after the last entry are fine.
  CHECK(read_mtx_matrix((write_text(dir / "ok.mtx", kGeneral + "2 2 2\n1 1 1\n2 2 1\n% end\n\n"),
                         dir / "ok.mtx"))
            .nnz() == 2);
  write_text(dir / "b.mtx", "%%MatrixMarket matrix array real general\n3 1\n1\n2\n3\n4\n");
  has(message([&] { read_mtx_vector(dir / "b.mtx"); }),
      "b.mtx' line 6: more entries than the 3 its size line declares");
  write_text(dir / "b.mtx", "%%MatrixMarket matrix array real general\n3 1\n1\n2 2\n3\n");
  has(message([&] { read_mtx_vector(dir / "b.mtx"); }),
      "b.mtx' line 4: expected 1 numbers (one value), found 2");
}

TEST_CASE("systems: PETSc binary headers must fit the file") {
  test::ScratchDir dir;
  const std::int32_t mat = 1211216, vec = 1211214;
  write_words(dir / "huge.petsc", {mat, 2000000000, 2000000000, 3, 0, 0, 0});
  CHECK(message([&] { open_systems(dir / "huge.petsc"); }).find("is too large") !=
        std::string::npos);
  write_words(dir / "nnz.petsc", {mat, 2, 2, 5, 1, 1, 0, 1, vec, 2});
  CHECK(message([&] { open_systems(dir / "nnz.petsc"); }).find("5 entries do not fit a 2 x 2") !=
        std::string::npos);
  write_words(dir / "short.petsc", {mat, 1000, 1000, 1000, 1, 1});
  const auto m = message([&] { open_systems(dir / "short.petsc"); });
  INFO(m);
  CHECK(m.find("the Mat at byte 0 needs 16016 bytes, the file has 24") != std::string::npos);
}

TEST_CASE("systems: HDF5 datasets must be stored, not only declared") {
  test::ScratchDir dir;
  h5::silence_errors();
  auto make = [&](const std::string& name, hsize_t n) {
    h5::Id file =
        h5::checked(H5Fcreate((dir / name).c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                    H5Fclose, "create");
    auto systems = h5::create_group(file, "systems");
    auto g = h5::create_group(systems, "0");
    // Chunked and never written: the file holds none of its values.
    h5::create_dataset(g, "indptr", H5T_STD_I64LE, {n}, {1024}, h5::Storage{0, false});
  };
  make("unbacked.h5", 10'000'000);
  auto m = message([&] { load_system(*open_systems(dir / "unbacked.h5"), 0); });
  INFO(m);
  CHECK(m.find("dataset 'indptr' declares 10000000 values but the file stores only 0 bytes") !=
        std::string::npos);
  make("huge.h5", hsize_t(1) << 62);
  m = message([&] { load_system(*open_systems(dir / "huge.h5"), 0); });
  CHECK(m.find("dataset 'indptr' is too large") != std::string::npos);
}

TEST_CASE("systems: inputs that are not regular files are refused before opening") {
  test::ScratchDir dir;
  REQUIRE(::mkfifo((dir / "fifo.petsc").c_str(), 0600) == 0);
  REQUIRE(::mkfifo((dir / "fifo.h5").c_str(), 0600) == 0);
  REQUIRE(::mkfifo((dir / "fifo.mtx").c_str(), 0600) == 0);
  // Each would block forever if it were opened.
  CHECK(message([&] { open_systems(dir / "fifo.petsc"); }).find("is a fifo, not a regular file") !=
        std::string::npos);
  CHECK(message([&] { open_systems(dir / "fifo.h5"); }).find("is a fifo") != std::string::npos);
  CHECK(message([&] { read_mtx_matrix(dir / "fifo.mtx"); }).find("is a fifo") != std::string::npos);
  CHECK(message([&] { read_mtx_vector(dir / "fifo.mtx"); }).find("is a fifo") != std::string::npos);
  CHECK(message([&] { open_systems("/dev/null", "petsc"); }).find("is a device") !=
        std::string::npos);
  CHECK(message([&] { open_systems(dir / "fifo.*"); }).find("(matched by") != std::string::npos);
  std::filesystem::create_directory(dir / "petsc");
  REQUIRE(::mkfifo((dir / "petsc/system_0.petsc").c_str(), 0600) == 0);
  CHECK(message([&] { open_systems(dir / "petsc"); }).find("is a fifo") != std::string::npos);
  std::filesystem::create_directory(dir / "A_0.mtx.d");
  CHECK(message([&] { open_systems(dir / "A_0.mtx*"); }).find("is a directory") !=
        std::string::npos);
}
