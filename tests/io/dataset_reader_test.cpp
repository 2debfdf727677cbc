// DatasetReader: round trip with DatasetWriter, problem_from_dataset, and
// one-line errors on files that are not complete skr-gen datasets.
#include <doctest/doctest.h>

#include "io/dataset_reader.hpp"
#include "io/h5_attributes_storage.hpp"
#include "io/io_fixture.hpp"

#include <fstream>

using namespace skr;

TEST_CASE("dataset reader: round trip of a DatasetWriter file") {
  const auto d = test::write_small_dataset("roundtrip.h5", 4);
  const DatasetReader data(d.path);
  CHECK(data.problem() == "darcy");
  CHECK(data.samples() == 4);
  CHECK(data.samples_done() == 4);
  CHECK(data.complete());
  CHECK(data.base_seed() == 7);
  CHECK(data.precision() == "float");
  CHECK(data.rtol() == 1e-8);
  CHECK(data.stride() == 1);
  CHECK(data.cells() == std::vector<int>{8, 8});
  CHECK(data.coordinates()[0] == d.problem->grid().coordinates(0));
  REQUIRE(data.input_fields().size() == 1);
  CHECK(data.input_fields()[0].name == "coeff");
  CHECK(data.input_fields()[0].dtype == "float32");
  CHECK(data.input_fields()[0].shape == std::vector<hsize_t>{4, 8, 8});
  CHECK(data.input_fields()[0].compression == "gzip:1+shuffle");
  CHECK(data.output_fields()[0].name == "solution");
  CHECK(parse_config_lines(data.config()).back() ==
        std::make_pair(std::string("petsc_options"), std::string("-ksp_monitor")));
  for (std::size_t i = 0; i < 4; ++i) {
    const Sample s = data.read_inputs(i);
    CHECK(s.seed == d.samples[i].seed);
    const auto& stored = s.fields.at("coeff");
    const auto& original = d.samples[i].fields.at("coeff");
    REQUIRE(stored.size() == original.size());
    for (std::size_t k = 0; k < stored.size(); ++k) CHECK(stored[k] == double(float(original[k])));
    const auto u = data.read_outputs(i).at("solution");
    for (std::size_t k = 0; k < u.size(); ++k)
      CHECK(u[k] == double(float(d.outputs[i].at("solution")[k])));
  }
  CHECK(data.read_column("stats/iterations") == std::vector<double>{10, 11, 12, 13});
  CHECK(data.read_column("meta/solve_position") == std::vector<double>{3, 2, 1, 0});
  const auto s = data.stats();
  CHECK(s.samples == 4);
  CHECK(s.iterations_min == 10);
  CHECK(s.iterations_max == 13);
  CHECK(s.iterations_mean == doctest::Approx(11.5));
  CHECK(s.max_rel_residual == doctest::Approx(4e-9));
  CHECK(s.solve_seconds_total == doctest::Approx(2.0));
  CHECK(s.not_converged == 0);
  bool found_format = false;
  for (const auto& [k, v] : data.attributes()) found_format |= k == "format" && v == "skr-gen";
  CHECK(found_format);
  CHECK_THROWS_WITH_AS(data.read_inputs(4), doctest::Contains("outside"), Error);
}

TEST_CASE("dataset reader: problem_from_dataset rebuilds the identical system") {
  const auto d = test::write_small_dataset("rebuild.h5", 2);
  const DatasetReader data(d.path);
  const auto problem = problem_from_dataset(data);
  CHECK(problem->name() == "darcy");
  CHECK(problem->grid().cells == d.problem->grid().cells);
  // The same draw from the same seed: the config's GRF options were restored.
  CHECK(problem->draw(d.samples[1].seed).fields.at("coeff") == d.samples[1].fields.at("coeff"));
  Handle<Mat> A1, A2;
  Handle<Vec> b1, b2;
  d.problem->create_system(PETSC_COMM_SELF, A1.out(), b1.out());
  problem->create_system(PETSC_COMM_SELF, A2.out(), b2.out());
  const Sample s = data.read_inputs(0);
  d.problem->assemble(s, A1, b1);
  problem->assemble(s, A2, b2);
  PetscBool same = PETSC_FALSE;
  SKR_PETSC(MatEqual(A1, A2, &same));
  CHECK(same == PETSC_TRUE);
  SKR_PETSC(VecEqual(b1, b2, &same));
  CHECK(same == PETSC_TRUE);
  CHECK_THROWS_WITH_AS(problem_from_config("nosuch", ""), doctest::Contains("nosuch"), Error);
  CHECK_THROWS_WITH_AS(problem_from_config("darcy", "tau = abc\n"), doctest::Contains("--tau"),
                       Error);
}

TEST_CASE("dataset reader: clear errors on bad files") {
  const auto dir = std::filesystem::temp_directory_path() / "skr_io_tests";
  std::filesystem::create_directories(dir);
  const std::string text = (dir / "text.h5").string(), truncated = (dir / "truncated.h5").string(),
                    other = (dir / "other.h5").string();
  std::ofstream(text) << "not an HDF5 file\n";
  CHECK_THROWS_WITH_AS(DatasetReader{text}, doctest::Contains("not a readable HDF5 file"), Error);
  CHECK_THROWS_WITH_AS(DatasetReader((dir / "missing.h5").string()),
                       doctest::Contains("does not exist"), Error);
  CHECK_THROWS_WITH_AS(DatasetReader(dir.string()), doctest::Contains("directory"), Error);
  const auto d = test::write_small_dataset("full.h5", 3);
  {
    std::ifstream in(d.path, std::ios::binary);
    std::string head(2000, '\0');
    in.read(head.data(), 2000);
    std::ofstream(truncated, std::ios::binary) << head;
  }
  CHECK_THROWS_WITH_AS(DatasetReader{truncated}, doctest::Contains("truncated.h5"), Error);
  {
    h5::Id file = h5::checked(H5Fcreate(other.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                              H5Fclose, "create");
    h5::write_attribute(file, "format", std::string("something-else"));
  }
  CHECK_THROWS_WITH_AS(DatasetReader{other}, doctest::Contains("not a valid skr-gen dataset"),
                       Error);
  const auto partial = test::write_small_dataset("partial.h5", 3, 8, 7, /*finish=*/false);
  CHECK_THROWS_WITH_AS(DatasetReader(partial.path), doctest::Contains("interrupted"), Error);
  {
    h5::Id file = h5::open_file(d.path, H5F_ACC_RDWR);
    h5::write_attribute(file, "complete", 0LL);
  }
  CHECK_THROWS_WITH_AS(DatasetReader(d.path), doctest::Contains("incomplete"), Error);
  const DatasetReader allowed(d.path, Incomplete::allow);
  CHECK_FALSE(allowed.complete());
}

namespace {

// Replaces dataset `name` of the file at `path` by a zero-filled one of
// another type or shape (the corruptions a fuzzer found).
void replace_dataset(const std::string& path, const std::string& name, hid_t type,
                     const std::vector<hsize_t>& dims) {
  h5::Id file = h5::open_file(path, H5F_ACC_RDWR);
  h5::check(H5Ldelete(file, name.c_str(), H5P_DEFAULT), "delete " + name);
  h5::Id space =
      h5::checked(H5Screate_simple(int(dims.size()), dims.data(), nullptr), H5Sclose, "dataspace");
  h5::Id set = h5::checked(
      H5Dcreate2(file, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
      "create " + name);
}

std::string corrupt_copy(const std::string& from, const std::string& name) {
  const auto path = std::filesystem::temp_directory_path() / "skr_io_tests" / name;
  std::filesystem::copy_file(from, path, std::filesystem::copy_options::overwrite_existing);
  return path.string();
}

} // namespace

TEST_CASE("dataset reader: per-sample datasets must match samples_total and /grid") {
  const auto d = test::write_small_dataset("rows.h5", 3, 8);
  const std::string rows = corrupt_copy(d.path, "rows_bad.h5");
  replace_dataset(rows, "stats/converged", H5T_NATIVE_UINT8, {1000});
  CHECK_THROWS_WITH_AS(DatasetReader{rows},
                       doctest::Contains("'stats/converged' has 1000 rows, samples_total is 3"),
                       Error);
  const std::string shape = corrupt_copy(d.path, "shape_bad.h5");
  replace_dataset(shape, "outputs/solution", H5T_NATIVE_FLOAT, {3, 8, 8, 2});
  CHECK_THROWS_WITH_AS(DatasetReader{shape},
                       doctest::Contains("'outputs/solution' has shape [3, 8, 8, 2]"), Error);
  const std::string negative = corrupt_copy(d.path, "negative.h5");
  {
    h5::Id file = h5::open_file(negative, H5F_ACC_RDWR);
    h5::check(H5Adelete(file, "samples_total"), "delete samples_total");
    h5::write_attribute(file, "samples_total", -5LL);
  }
  CHECK_THROWS_WITH_AS(DatasetReader{negative}, doctest::Contains("samples_total is negative (-5)"),
                       Error);
  const std::string future = corrupt_copy(d.path, "future.h5");
  {
    h5::Id file = h5::open_file(future, H5F_ACC_RDWR);
    h5::check(H5Adelete(file, "format_version"), "delete format_version");
    h5::write_attribute(file, "format_version", 99LL);
  }
  CHECK_THROWS_WITH_AS(DatasetReader{future},
                       doctest::Contains("format_version 99 (this skr-gen reads version 1)"),
                       Error);
}

TEST_CASE("dataset reader: inputs and outputs of another type than floating point are named") {
  const auto d = test::write_small_dataset("types.h5", 3, 8);
  h5::Id text = h5::checked(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  h5::check(H5Tset_size(text, 8), "string size");
  // A string [N] used to pass for an input scalar ("has no input fields"),
  // a string [N, nx, ny] to fail at the first read ("cannot read data").
  for (const std::vector<hsize_t>& dims : {std::vector<hsize_t>{3}, {3, 8, 8}}) {
    const std::string path = corrupt_copy(d.path, "string_coeff.h5");
    replace_dataset(path, "inputs/coeff", text, dims);
    CHECK_THROWS_WITH_AS(
        DatasetReader{path},
        doctest::Contains("dataset 'inputs/coeff' has type string; expected floating point"),
        Error);
  }
  const std::string integer = corrupt_copy(d.path, "int_solution.h5");
  replace_dataset(integer, "outputs/solution", H5T_NATIVE_INT32, {3, 8, 8});
  CHECK_THROWS_WITH_AS(
      DatasetReader{integer},
      doctest::Contains("dataset 'outputs/solution' has type int32; expected floating point"),
      Error);
}

TEST_CASE("dataset reader: problem_from_dataset names a missing input field and a bad grid") {
  const auto d = test::write_small_dataset("nofield.h5", 2, 8);
  const std::string nofield = corrupt_copy(d.path, "nofield_bad.h5");
  {
    h5::Id file = h5::open_file(nofield, H5F_ACC_RDWR);
    h5::check(H5Ldelete(file, "inputs/coeff", H5P_DEFAULT), "delete inputs/coeff");
  }
  CHECK_THROWS_WITH_AS(problem_from_dataset(DatasetReader{nofield}),
                       doctest::Contains("input field 'inputs/coeff' is missing"), Error);
  const std::string grid = corrupt_copy(d.path, "grid_bad.h5");
  {
    h5::Id file = h5::open_file(grid, H5F_ACC_RDWR);
    std::string config = h5::read_text_attribute(file, "config");
    const auto at = config.find("grid = 8");
    REQUIRE(at != std::string::npos);
    config.replace(at, 8, "grid = 100000");
    h5::check(H5Adelete(file, "config"), "delete config");
    h5::write_attribute(file, "config", config);
  }
  CHECK_THROWS_WITH_AS(problem_from_dataset(DatasetReader{grid}),
                       doctest::Contains("grid of its config (100000) does not match"), Error);
}
