#include <doctest/doctest.h>

#include "util/error.hpp"
#include "util/files.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace fs = std::filesystem;

namespace {

std::string contents(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

} // namespace

TEST_CASE("move_into_place: to a free name, over an old file, one-line errors") {
  const fs::path dir = fs::temp_directory_path() / ("skr_files_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path out = dir / "out.h5", partial = dir / "out.h5.partial";

  write(partial, "first");
  skr::move_into_place(partial.string(), out.string());
  CHECK(contents(out) == "first");
  CHECK_FALSE(fs::exists(partial));

  write(partial, "second");
  skr::move_into_place(partial.string(), out.string()); // replaces the old file
  CHECK(contents(out) == "second");
  CHECK_FALSE(fs::exists(partial));

  // A missing source names itself and leaves the old file in place.
  CHECK_THROWS_WITH_AS(skr::move_into_place(partial.string(), out.string()),
                       doctest::Contains("cannot move"), skr::Error);
  CHECK(contents(out) == "second");
  fs::remove_all(dir);
}
