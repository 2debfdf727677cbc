// Time-dependent datasets (trajectories, TIME_SPEC.md) through the reader and
// the exports, on a small DatasetWriter file turned into trajectories here:
// its outputs replaced by [N, T, X, Y] frames (frame f = (f + 1) x the
// steady solution), the time attributes, /grid/t and /stats/steps added.
#include <doctest/doctest.h>

#include "io/dataset_reader.hpp"
#include "io/export_impl.hpp"
#include "io/h5_attributes_storage.hpp"
#include "io/io_fixture.hpp"
#include "io/layouts.hpp"

#include <filesystem>

using namespace skr;

namespace {

std::string tmp(const std::string& name) {
  return (std::filesystem::temp_directory_path() / "skr_io_tests" / name).string();
}

constexpr std::size_t kSteps = 6, kFrames = 7;

// n trajectories of kFrames frames on grid x grid.
test::SmallDataset write_trajectories(const std::string& name, std::size_t n, int grid) {
  auto d = test::write_small_dataset(name, n, grid);
  h5::Id file = h5::open_file(d.path, H5F_ACC_RDWR);
  h5::check(H5Ldelete(file, "outputs/solution", H5P_DEFAULT), "cannot delete");
  const hsize_t g = hsize_t(grid), points = g * g;
  h5::Id u = h5::create_dataset(file, "outputs/solution", H5T_IEEE_F32LE, {n, kFrames, g, g},
                                {1, 1, g, g}, h5::Storage{});
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<double> row;
    for (std::size_t f = 0; f < kFrames; ++f)
      for (double v : d.outputs[i].at("solution")) row.push_back(double(f + 1) * v);
    h5::write_slab(u, {hsize_t(i), 0, 0, 0}, {1, kFrames, g, g}, H5T_NATIVE_DOUBLE, row.data());
  }
  CHECK(points == hsize_t(grid * grid));
  std::vector<double> t;
  for (std::size_t f = 0; f < kFrames; ++f) t.push_back(0.05 * double(f));
  h5::Id grid_group = h5::open_group(file, "grid");
  h5::write_vector(grid_group, "t", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, t.data(), t.size());
  h5::write_attribute(file, "time_dependent", 1LL);
  h5::write_attribute(file, "time_scheme", std::string("cn"));
  h5::write_attribute(file, "dt", 0.05);
  h5::write_attribute(file, "t_final", 0.3);
  h5::write_attribute(file, "steps", (long long)kSteps);
  h5::write_attribute(file, "record_every", 1LL);
  h5::write_attribute(file, "frames", (long long)kFrames);
  h5::create_group(file, "stats/steps");
  h5::Id it = h5::create_dataset(file, "stats/steps/iterations", H5T_STD_I32LE, {n, kSteps}, {},
                                 h5::Storage{0, false});
  std::vector<int> iterations(n * kSteps);
  for (std::size_t k = 0; k < iterations.size(); ++k) iterations[k] = int(k % 5 + 1);
  iterations[kSteps + 2] = 40; // trajectory 1, step 3: the hardest
  h5::write_slab(it, {0, 0}, {n, kSteps}, H5T_NATIVE_INT, iterations.data());
  return d;
}

} // namespace

TEST_CASE("time: the reader sees frames, times and per-step statistics") {
  const auto d = write_trajectories("traj.h5", 3, 6);
  const DatasetReader data(d.path);
  REQUIRE(data.time_dependent());
  CHECK(data.frames() == kFrames);
  CHECK(data.time().scheme == "cn");
  CHECK(data.time().steps == long(kSteps));
  CHECK(data.time().times.back() == doctest::Approx(0.3));
  CHECK(data.cells() == std::vector<int>{6, 6}); // /grid/t is not a space axis
  CHECK(data.arrays("stats").size() == 6);        // the steps group is not a dataset
  REQUIRE(data.step_arrays().size() == 1);
  const auto u = data.read_outputs(2).at("solution"); // frame-major
  REQUIRE(u.size() == kFrames * 36);
  const auto& steady = d.outputs[2].at("solution");
  CHECK(u[5 * 36 + 7] == doctest::Approx(6 * double(float(steady[7]))).epsilon(1e-6));
  const StepStatsSummary s = data.step_stats();
  CHECK(s.steps == 3 * kSteps);
  CHECK(s.iterations_max == 40);
  CHECK(s.hardest_sample == 1);
  CHECK(s.hardest_step == 2);
}

TEST_CASE("time: frames that disagree with the attributes are refused in one line") {
  const auto d = write_trajectories("traj_bad.h5", 2, 6);
  {
    h5::Id file = h5::open_file(d.path, H5F_ACC_RDWR);
    h5::write_attribute(file, "frames", 5LL);
  }
  CHECK_THROWS_WITH_AS(DatasetReader(d.path), doctest::Contains("frames must be steps / record_every + 1"),
                       Error);
}

TEST_CASE("time: downsampling thins every frame of a trajectory row") {
  detail::ExportPlan plan;
  plan.full_cells = {4, 4};
  plan.options.stride = 2;
  std::vector<double> row(2 * 16);
  for (std::size_t k = 0; k < row.size(); ++k) row[k] = double(k);
  CHECK(detail::downsample(plan, row) == std::vector<double>{0, 2, 8, 10, 16, 18, 24, 26});
}

TEST_CASE("time: exports of trajectories") {
  const auto d = write_trajectories("traj_export.h5", 3, 6);
  ConvertOptions o;
  o.overwrite = true;
  SUBCASE("fno: a = frame 0, u = frames 1.. time last, t") {
    o.layout = Layout::fno;
    convert_dataset(d.path, tmp("traj.mat"), o);
    h5::Id file = h5::open_file(tmp("traj.mat"), H5F_ACC_RDONLY);
    CHECK(h5::shape(h5::open_dataset(file, "a")) == std::vector<hsize_t>{6, 6, 3});
    h5::Id u = h5::open_dataset(file, "u");
    CHECK(h5::shape(u) == std::vector<hsize_t>{kFrames - 1, 6, 6, 3});
    CHECK(h5::shape(h5::open_dataset(file, "t")) == std::vector<hsize_t>{kFrames - 1, 1});
    const auto values = h5::read_all<float>(u, H5T_NATIVE_FLOAT); // [f-1][j][i][n]
    const auto& steady = d.outputs[1].at("solution");             // [i][j]
    const std::size_t f = 4, i = 2, j = 5;
    CHECK(values[(((f - 1) * 6 + j) * 6 + i) * 3 + 1] ==
          doctest::Approx(double(f + 1) * steady[i * 6 + j]).epsilon(1e-5));
  }
  SUBCASE("native keeps frames, /grid/t and the per-step statistics") {
    convert_dataset(d.path, tmp("traj_copy.h5"), o);
    const DatasetReader copy(tmp("traj_copy.h5"));
    CHECK(copy.frames() == kFrames);
    CHECK(copy.output_fields()[0].chunk == std::vector<hsize_t>{1, 1, 6, 6});
    CHECK(copy.step_stats().iterations_max == 40);
  }
  SUBCASE("layouts that cannot hold these trajectories refuse in one line") {
    o.layout = Layout::neuralop;
    CHECK_THROWS_WITH_AS(convert_dataset(d.path, tmp("n.h5"), o),
                         doctest::Contains("use --layout well"), Error);
    o.layout = Layout::pdebench; // 7 frames < 11
    CHECK_THROWS_WITH_AS(convert_dataset(d.path, tmp("p.h5"), o),
                         doctest::Contains("needs at least 11"), Error);
    CHECK_NOTHROW(detail::check_time_layout(Layout::well, 5));
    CHECK_THROWS_AS(detail::check_time_layout(Layout::well, 4), Error);
    CHECK_NOTHROW(detail::check_time_layout(Layout::neuralop, 1)); // steady data
  }
}
