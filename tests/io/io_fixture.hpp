#pragma once
// Test helper: a small native dataset written with DatasetWriter, its
// solutions from LU, so that reader / validate / layout tests have data.
#include "io/dataset_writer.hpp"
#include "problems/problem_fixture.hpp"
#include "util/seed.hpp"

#include <filesystem>
#include <string>

namespace skr::test {

struct SmallDataset {
  std::string path;
  std::unique_ptr<Problem> problem;
  std::vector<Sample> samples;
  std::vector<Fields> outputs;
};

// Writes `n` darcy samples on a `grid` grid to a fresh file in /tmp; with
// finish = false the file stays PATH.partial (incomplete).
inline SmallDataset write_small_dataset(const std::string& name, std::size_t n, int grid = 8,
                                        std::uint64_t base_seed = 7, bool finish = true,
                                        bool double_precision = false) {
  SmallDataset d;
  const auto dir = std::filesystem::temp_directory_path() / "skr_io_tests";
  std::filesystem::create_directories(dir);
  d.path = (dir / name).string();
  std::filesystem::remove(d.path);
  std::filesystem::remove_all(d.path + ".partial");
  d.problem = make_problem("darcy", {"--grid", std::to_string(grid), "--coeff", "lognormal"});
  for (std::size_t i = 0; i < n; ++i)
    d.samples.push_back(d.problem->draw(derive_seed(base_seed, i)));
  DatasetSchema schema = schema_for(*d.problem, d.samples.front(), n);
  schema.double_precision = double_precision;
  schema.config = "alpha = 2\ncoeff = lognormal\ngrid = " + std::to_string(grid) +
                  "\nout = x.h5\nsolver = cg\ntau = 3\npetsc_options = -ksp_monitor\n";
  schema.base_seed = base_seed;
  schema.rtol = 1e-8;
  DatasetWriter writer(d.path, schema, true);
  for (std::size_t i = 0; i < n; ++i) {
    d.outputs.push_back(d.problem->outputs(d.samples[i], solve_sample(*d.problem, d.samples[i])));
    SolveStats stats;
    stats.iterations = int(10 + i);
    stats.rel_residual = 1e-9 * double(i + 1);
    stats.solve_seconds = 0.5;
    stats.converged = true;
    stats.solve_position = (long long)(n - 1 - i);
    writer.write(i, d.samples[i], d.outputs[i], stats);
  }
  if (finish) writer.finish();
  return d;
}

} // namespace skr::test
