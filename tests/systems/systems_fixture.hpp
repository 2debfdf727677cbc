#pragma once
// Test helpers for system files: a scratch directory and small Darcy /
// Poisson families to export from.
#include "problems/problem_fixture.hpp"

#include <filesystem>
#include <random>
#include <string>

namespace skr::test {

struct ScratchDir {
  std::filesystem::path path;
  ScratchDir() {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() /
           ("skr-systems-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

inline std::vector<std::uint64_t> test_seeds(std::size_t n) {
  std::vector<std::uint64_t> seeds;
  for (std::size_t i = 0; i < n; ++i) seeds.push_back(1000 + 7 * i);
  return seeds;
}

} // namespace skr::test
