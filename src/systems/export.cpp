#include "systems/export.hpp"

#include "systems/h5_systems.hpp"
#include "systems/mtx.hpp"
#include "systems/petsc_binary.hpp"
#include "systems/petsc_convert.hpp"
#include "util/error.hpp"
#include "util/petsc_handle.hpp"

#include <filesystem>

namespace skr::systems {

namespace fs = std::filesystem;

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
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    const Sample sample = problem.draw(seeds[i]);
    System s = assemble_system(problem, sample);
    if (format == "mtx") {
      write_mtx_matrix((root / fmt::format("A_{}.mtx", i)).string(), s.A);
      write_mtx_vector((root / fmt::format("b_{}.mtx", i)).string(), s.b);
    } else if (format == "petsc") {
      write_petsc_system((root / fmt::format("system_{}.petsc", i)).string(), s, false);
    } else if (format == "petsc-seq") {
      write_petsc_system((root / "systems.petsc").string(), s, i > 0);
    } else {
      const auto f = problem.features(sample);
      if (i == 0) features = sort::FeatureMatrix(seeds.size(), f.size());
      std::copy(f.begin(), f.end(), features.row(i));
      all.push_back(std::move(s));
    }
  }
  if (format == "mtx") return (root / "A_*.mtx").string();
  if (format == "petsc") return dir;
  if (format == "petsc-seq") return (root / "systems.petsc").string();
  const std::string path = (root / "systems.h5").string();
  write_h5_systems(path, all, format == "h5" ? H5Layout::compact : H5Layout::groups, &features);
  return path;
}

} // namespace skr::systems
