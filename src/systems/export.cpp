#include "systems/export.hpp"

#include "systems/h5_systems.hpp"
#include "systems/mtx.hpp"
#include "systems/petsc_binary.hpp"
#include "systems/petsc_convert.hpp"
#include "util/error.hpp"
#include "util/files.hpp"
#include "util/petsc_handle.hpp"

#include <filesystem>

namespace skr::systems {

namespace fs = std::filesystem;

namespace {

// A file is written under a hidden temporary name next to its own (which no
// `solve --systems` pattern matches) and renamed when whole: a full disk
// leaves no truncated A_16.mtx under its final name.
std::string temporary_name(const std::string& path) {
  const fs::path p(path);
  // fmt, not "." + name + ".tmp": GCC 12 warns (-Wrestrict) on that chain at -O2.
  return (p.parent_path() / fmt::format(".{}.tmp", p.filename().string())).string();
}

void remove_quietly(const std::string& path) {
  std::error_code ec;
  fs::remove(path, ec);
}

template <typename Write> void write_whole(const std::string& path, Write&& write) {
  const std::string tmp = temporary_name(path);
  try {
    write(tmp);
  } catch (...) {
    remove_quietly(tmp);
    throw;
  }
  try {
    move_into_place(tmp, path);
  } catch (...) {
    remove_quietly(tmp);
    throw;
  }
}

} // namespace

System assemble_system(const Problem& problem, const Sample& sample) {
  Handle<Mat> A;
  Handle<Vec> b;
  problem.create_system(PETSC_COMM_SELF, A.out(), b.out());
  problem.assemble(sample, A, b);
  return {to_csr(A), to_vector(b)};
}

void check_export_format(const std::string& format) {
  if (format != "mtx" && format != "petsc" && format != "petsc-seq" && format != "h5" &&
      format != "h5-groups")
    fail("--format: '{}' is not mtx, petsc, petsc-seq, h5 or h5-groups", format);
}

std::string export_systems(const Problem& problem, const std::vector<std::uint64_t>& seeds,
                           const std::string& dir, const std::string& format) {
  check_export_format(format);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) fail("cannot create directory '{}'", dir);
  const fs::path root(dir);
  std::vector<System> all; // h5 only: written at the end
  sort::FeatureMatrix features;
  const std::string sequence = (root / "systems.petsc").string();
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    const Sample sample = problem.draw(seeds[i]);
    System s = assemble_system(problem, sample);
    if (format == "mtx") {
      write_whole((root / fmt::format("A_{}.mtx", i)).string(),
                  [&](const std::string& tmp) { write_mtx_matrix(tmp, s.A); });
      write_whole((root / fmt::format("b_{}.mtx", i)).string(),
                  [&](const std::string& tmp) { write_mtx_vector(tmp, s.b); });
    } else if (format == "petsc") {
      write_whole((root / fmt::format("system_{}.petsc", i)).string(),
                  [&](const std::string& tmp) { write_petsc_system(tmp, s, false); });
    } else if (format == "petsc-seq") {
      // Appended to under its temporary name; renamed once it holds them all.
      try {
        write_petsc_system(temporary_name(sequence), s, i > 0);
      } catch (...) {
        remove_quietly(temporary_name(sequence));
        throw;
      }
    } else {
      const auto f = problem.features(sample);
      if (i == 0) features = sort::FeatureMatrix(seeds.size(), f.size());
      std::copy(f.begin(), f.end(), features.row(i));
      all.push_back(std::move(s));
    }
  }
  if (format == "mtx") return (root / "A_*.mtx").string();
  if (format == "petsc") return dir;
  if (format == "petsc-seq") {
    write_whole(sequence, [](const std::string&) {}); // just the rename
    return sequence;
  }
  const std::string path = (root / "systems.h5").string();
  write_whole(path, [&](const std::string& tmp) {
    write_h5_systems(tmp, all, format == "h5" ? H5Layout::compact : H5Layout::groups, &features);
  });
  return path;
}

} // namespace skr::systems
