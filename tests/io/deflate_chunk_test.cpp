// Chunks compressed by io/deflate_chunk.cpp are what HDF5's shuffle + deflate
// filters store: HDF5 decodes them, and with zlib's default strategy the
// bytes are the ones HDF5's own filter writes.
#include <doctest/doctest.h>

#include "io/deflate_chunk.hpp"
#include "io/h5.hpp"
#include "util/error.hpp"

#include <cmath>
#include <filesystem>
#include <random>
#include <vector>

using namespace skr;

namespace {

constexpr hsize_t kSide = 64; // a plane of noise then has ~8 bits per byte as measured
constexpr std::size_t kFrame = kSide * kSide;

// A [2, 3, kSide, kSide] dataset of T, chunked one frame of one row, shuffle + deflate.
h5::Id create_frames(hid_t file, const char* name, hid_t type) {
  const hsize_t dims[4] = {2, 3, kSide, kSide}, chunk[4] = {1, 1, kSide, kSide};
  h5::Id space = h5::checked(H5Screate_simple(4, dims, nullptr), H5Sclose, "space");
  h5::Id plist = h5::checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "plist");
  H5Pset_chunk(plist, 4, chunk);
  H5Pset_shuffle(plist);
  H5Pset_deflate(plist, 4);
  return h5::checked(H5Dcreate2(file, name, type, space, H5P_DEFAULT, plist, H5P_DEFAULT),
                     H5Dclose, "dataset");
}

// Smooth values with noise in the low bits, like a solution field: the low
// mantissa bytes are noise (stored by gzip:fast), the high ones compress.
template <class T>
std::vector<T> frames() {
  std::mt19937 random(3);
  std::uniform_real_distribution<double> noise(0, 1e-4);
  std::vector<T> v(2 * 3 * kFrame);
  for (std::size_t i = 0; i < v.size(); ++i)
    v[i] = T(1 + std::sin(0.01 * double(i)) + noise(random));
  return v;
}

template <class T>
void write_chunks(hid_t set, const std::vector<T>& values, const Compression& c) {
  for (hsize_t row = 0; row < 2; ++row)
    for (hsize_t f = 0; f < 3; ++f) {
      const hsize_t offset[4] = {row, f, 0, 0};
      const T* frame = values.data() + (row * 3 + f) * kFrame;
      const auto bytes = shuffle_deflate(frame, kFrame, sizeof(T), c);
      REQUIRE(H5Dwrite_chunk(set, H5P_DEFAULT, 0, offset, bytes.size(), bytes.data()) >= 0);
    }
}

template <class T>
std::vector<T> read_frames(hid_t set, hid_t type) {
  std::vector<T> out(2 * 3 * kFrame);
  REQUIRE(H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) >= 0);
  return out;
}

std::vector<unsigned char> stored_chunk(hid_t set, hsize_t row, hsize_t frame) {
  const hsize_t offset[4] = {row, frame, 0, 0};
  hsize_t size = 0;
  REQUIRE(H5Dget_chunk_storage_size(set, offset, &size) >= 0);
  std::vector<unsigned char> bytes(size);
  std::uint32_t filters = 1;
  REQUIRE(H5Dread_chunk(set, H5P_DEFAULT, offset, &filters, bytes.data()) >= 0);
  CHECK(filters == 0); // both filters applied
  return bytes;
}

} // namespace

TEST_CASE("deflate chunk: --compression values, and one-line errors") {
  CHECK(to_string(parse_field_compression("gzip:fast")) == "gzip:fast");
  CHECK(parse_field_compression("gzip:fast").level == 1);
  CHECK(parse_field_compression("gzip:9").level == 9);
  CHECK_FALSE(parse_field_compression("gzip:9").fast);
  CHECK(parse_field_compression("gzip").level == 4);
  CHECK_FALSE(parse_field_compression("none").enabled());
  CHECK(to_string(parse_field_compression("gzip:0")) == "none");
  for (const char* bad : {"gzip:10", "gzip:", "gzip:-1", "gzip:1x", "fast", "lzf", ""})
    CHECK_THROWS_AS(parse_field_compression(bad), Error);
}

TEST_CASE("deflate chunk: HDF5 reads the chunks back through its own filters") {
  const auto path = (std::filesystem::temp_directory_path() / "skr_deflate_chunk.h5").string();
  h5::Id file = h5::checked(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                            H5Fclose, "file");
  SUBCASE("float, fast") {
    const auto values = frames<float>();
    h5::Id set = create_frames(file, "f", H5T_NATIVE_FLOAT);
    write_chunks(set, values, parse_field_compression("gzip:fast"));
    CHECK(read_frames<float>(set, H5T_NATIVE_FLOAT) == values);
    // The two noise planes cannot shrink; the exponent's does.
    const auto stored = stored_chunk(set, 1, 2).size();
    CHECK(stored > kFrame * 2);
    CHECK(stored < kFrame * sizeof(float) * 9 / 10);
  }
  SUBCASE("double, every level") {
    const auto values = frames<double>();
    for (const char* level : {"gzip:1", "gzip:6", "gzip:9"}) {
      h5::Id set = create_frames(file, level, H5T_NATIVE_DOUBLE);
      write_chunks(set, values, parse_field_compression(level));
      CHECK(read_frames<double>(set, H5T_NATIVE_DOUBLE) == values);
    }
  }
  SUBCASE("the default strategy stores HDF5's own bytes") {
    const auto values = frames<float>();
    h5::Id ours = create_frames(file, "ours", H5T_NATIVE_FLOAT);
    h5::Id theirs = create_frames(file, "theirs", H5T_NATIVE_FLOAT);
    write_chunks(ours, values, parse_field_compression("gzip:4"));
    REQUIRE(H5Dwrite(theirs, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) >=
            0);
  for (hsize_t row = 0; row < 2; ++row)
      for (hsize_t f = 0; f < 3; ++f)
        CHECK(stored_chunk(ours, row, f) == stored_chunk(theirs, row, f));
  }
  std::filesystem::remove(path);
}
