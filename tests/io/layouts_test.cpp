// Layout exports, split assignment, option parsing, merge checks and the
// validator, on small DatasetWriter files.
#include <doctest/doctest.h>

#include "io/h5_attributes_storage.hpp"
#include "io/io_fixture.hpp"
#include "io/layouts.hpp"
#include "io/validate.hpp"

#include <fstream>

using namespace skr;

namespace {
std::string tmp(const std::string& name) {
  return (std::filesystem::temp_directory_path() / "skr_io_tests" / name).string();
}
} // namespace

TEST_CASE("layouts: option parsing gives one-line errors") {
  CHECK(parse_layout("fno") == Layout::fno);
  CHECK_THROWS_WITH_AS(parse_layout("matlab"),
                       doctest::Contains("native | pdebench | fno | neuralop | well"), Error);
  CHECK(parse_compression("none") == 0);
  CHECK(parse_compression("gzip:9") == 9);
  CHECK_THROWS_AS(parse_compression("gzip:10"), Error);
  CHECK_THROWS_AS(parse_compression("lzf"), Error);
  const auto parts = parse_split("train=0.8,valid=0.1,test=0.1");
  REQUIRE(parts.size() == 3);
  CHECK(parts[1].name == "valid");
  CHECK_THROWS_WITH_AS(parse_split("train=0.8,test=0.1"), doctest::Contains("sum"), Error);
  CHECK_THROWS_AS(parse_split("train=0.8,train=0.2"), Error);
  CHECK_THROWS_AS(parse_split("train"), Error);
  CHECK_THROWS_AS(parse_split("train=-1,test=2"), Error);
  CHECK(split_path("dir/b.hdf5", "train") == "dir/b_train.hdf5");
  CHECK(split_path("b", "test") == "b_test");
  CHECK(parse_sample_list("0,5,7-9", 10) == std::vector<std::size_t>{0, 5, 7, 8, 9});
  CHECK(parse_sample_list("", 3).size() == 3);
  CHECK_THROWS_WITH_AS(parse_sample_list("3-12", 10), doctest::Contains("outside"), Error);
  CHECK_THROWS_AS(parse_sample_list("a", 10), Error);
}

TEST_CASE("layouts: split assignment is deterministic, exact and seed-based") {
  std::vector<std::uint64_t> seeds;
  for (std::uint64_t i = 0; i < 100; ++i) seeds.push_back(derive_seed(3, i));
  const auto parts = parse_split("train=0.8,valid=0.1,test=0.1");
  const auto a = split_assignment(seeds, parts);
  CHECK(a[0].size() == 80);
  CHECK(a[1].size() == 10);
  CHECK(a[2].size() == 10);
  std::vector<int> seen(100, 0);
  for (const auto& part : a)
    for (std::size_t i : part) ++seen[i];
  CHECK(std::count(seen.begin(), seen.end(), 1) == 100);
  CHECK(split_assignment(seeds, parts) == a);
  // A sample's part depends on its seed, not on its position in the file.
  std::vector<std::uint64_t> reversed(seeds.rbegin(), seeds.rend());
  const auto b = split_assignment(reversed, parts);
  for (std::size_t i : b[2]) CHECK(std::find(a[2].begin(), a[2].end(), 99 - i) != a[2].end());
}

TEST_CASE("layouts: fno export reverses axes and carries a MATLAB 7.3 header") {
  const auto d = test::write_small_dataset("fno_src.h5", 3, 6);
  ConvertOptions o;
  o.layout = Layout::fno;
  o.overwrite = true;
  const auto r = convert_dataset(d.path, tmp("fno.mat"), o);
  REQUIRE(r.outputs.size() == 1);
  CHECK(r.outputs[0].samples == 3);
  std::ifstream raw(tmp("fno.mat"), std::ios::binary);
  std::string header(128, '\0');
  raw.read(header.data(), 128);
  CHECK(header.rfind("MATLAB 7.3 MAT-file", 0) == 0);
  CHECK(header.substr(124, 4) == std::string("\x00\x02IM", 4));
  h5::Id file = h5::open_file(tmp("fno.mat"), H5F_ACC_RDONLY);
  h5::Id coeff = h5::open_dataset(file, "coeff");
  CHECK(h5::shape(coeff) == std::vector<hsize_t>{6, 6, 3});
  CHECK(h5::read_text_attribute(coeff, "MATLAB_class") == "single");
  const auto values = h5::read_all<float>(coeff, H5T_NATIVE_FLOAT); // [j][i][n]
  const auto& a = d.samples[2].fields.at("coeff");                  // [i][j]
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j)
      CHECK(values[(std::size_t(j) * 6 + i) * 3 + 2] == float(a[std::size_t(i) * 6 + j]));
}

TEST_CASE("layouts: native stride keeps every s-th cell; partial files never survive") {
  const auto d = test::write_small_dataset("stride_src.h5", 2, 10);
  ConvertOptions o;
  o.stride = 3;
  o.overwrite = true;
  convert_dataset(d.path, tmp("strided.h5"), o);
  const DatasetReader s(tmp("strided.h5"));
  CHECK(s.cells() == std::vector<int>{4, 4});
  CHECK(s.stride() == 3);
  const auto row = s.read_inputs(1).fields.at("coeff");
  CHECK(row[1 * 4 + 2] == double(float(d.samples[1].fields.at("coeff")[3 * 10 + 6])));
  CHECK_THROWS_WITH_AS(problem_from_dataset(s), doctest::Contains("stride"), Error);
  o.stride = 0;
  CHECK_THROWS_WITH_AS(convert_dataset(d.path, tmp("bad.h5"), o), doctest::Contains("--stride"),
                       Error);
  o.stride = 1;
  o.overwrite = false;
  CHECK_THROWS_WITH_AS(convert_dataset(d.path, tmp("strided.h5"), o),
                       doctest::Contains("already exists"), Error);
  o.layout = Layout::pdebench;
  CHECK_THROWS_WITH_AS(convert_dataset(d.path, tmp("p.h5"), o), doctest::Contains(".hdf5"), Error);
  o.layout = Layout::neuralop;
  o.input_field = "nope";
  CHECK_THROWS_WITH_AS(convert_dataset(d.path, tmp("n.h5"), o), doctest::Contains("nope"), Error);
  CHECK_FALSE(std::filesystem::exists(tmp("n.h5.partial")));
}

TEST_CASE("layouts: merge accepts other seeds, rejects overlap and config differences") {
  const auto a = test::write_small_dataset("merge_a.h5", 3, 6, 1);
  const auto b = test::write_small_dataset("merge_b.h5", 2, 6, 2);
  ConvertOptions o;
  o.overwrite = true;
  const auto r = merge_datasets({a.path, b.path}, tmp("merged.h5"), o);
  CHECK(r.outputs[0].samples == 5);
  const DatasetReader m(tmp("merged.h5"));
  CHECK(m.samples() == 5);
  CHECK(m.read_inputs(3).seed == b.samples[0].seed);
  CHECK(m.read_column("stats/iterations") == std::vector<double>{10, 11, 12, 10, 11});
  CHECK_THROWS_WITH_AS(merge_datasets({a.path, a.path}, tmp("m2.h5"), o),
                       doctest::Contains("twice"), Error);
  std::filesystem::copy_file(a.path, tmp("merge_copy.h5"),
                             std::filesystem::copy_options::overwrite_existing);
  CHECK_THROWS_WITH_AS(merge_datasets({a.path, tmp("merge_copy.h5")}, tmp("m2.h5"), o),
                       doctest::Contains("seed"), Error);
  const auto c = test::write_small_dataset("merge_c.h5", 2, 8, 3);
  CHECK_THROWS_WITH_AS(merge_datasets({a.path, c.path}, tmp("m3.h5"), o), doctest::Contains("grid"),
                       Error);
  CHECK_THROWS_WITH_AS(merge_datasets({a.path}, tmp("m4.h5"), o), doctest::Contains("two"), Error);
  // Another dtype of a per-sample dataset (its shape still fits): refused, naming both.
  const std::string d = tmp("merge_dtype.h5");
  std::filesystem::copy_file(b.path, d, std::filesystem::copy_options::overwrite_existing);
  {
    h5::Id file = h5::open_file(d, H5F_ACC_RDWR);
    h5::check(H5Ldelete(file, "stats/iterations", H5P_DEFAULT), "delete");
    hsize_t n = 2;
    h5::Id space = h5::checked(H5Screate_simple(1, &n, nullptr), H5Sclose, "dataspace");
    h5::Id set = h5::checked(H5Dcreate2(file, "stats/iterations", H5T_IEEE_F64LE, space,
                                        H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                             H5Dclose, "create");
  }
  CHECK_THROWS_WITH_AS(
      merge_datasets({a.path, d}, tmp("m5.h5"), o),
      doctest::Contains(("dataset 'stats/iterations' of '" + d + "' is float64").c_str()), Error);
  CHECK_FALSE(std::filesystem::exists(tmp("m5.h5")));
}

TEST_CASE("validate: LU solutions pass, a perturbed value fails") {
  for (bool double_precision : {false, true}) {
    const auto d = test::write_small_dataset("validate.h5", 3, 12, 5, true, double_precision);
    {
      const DatasetReader data(d.path);
      Validator v(data);
      for (std::size_t i = 0; i < 3; ++i) {
        const auto c = v.check(i);
        CHECK(c.ok);
        CHECK(c.residual <= c.tolerance);
      }
    }
    {
      h5::Id file = h5::open_file(d.path, H5F_ACC_RDWR);
      h5::Id set = h5::open_dataset(file, "outputs/solution");
      auto row = h5::read_row(set, 1);
      row[40] *= 1.001;
      h5::write_slab(set, {1, 0, 0}, {1, 12, 12}, H5T_NATIVE_DOUBLE, row.data());
    }
    const DatasetReader data(d.path);
    Validator v(data);
    CHECK(v.check(0).ok);
    CHECK_FALSE(v.check(1).ok);
    Validator loose(data, 1.0);
    CHECK(loose.check(1).ok);
  }
}
