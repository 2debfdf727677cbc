#pragma once
// Attributes and dataset storage over the HDF5 C API, for the dataset tools (reader, layouts,
// merge): attribute listing, typed attributes that h5py reads as Python bool
// and list-of-str, dataset description (dtype, chunks, filters), dataset
// creation with storage options and hyperslab writes. Builds on io/h5.hpp.
#include "io/h5.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace skr::h5 {

// Names of the attributes of an object, in name order.
std::vector<std::string> attribute_names(hid_t object);
// A scalar string attribute, fixed or variable length, ASCII or UTF-8
// (h5::read_string_attribute converts VL UTF-8 to ASCII, which HDF5 refuses).
std::string read_text_attribute(hid_t object, const char* name);
// Any scalar string / integer / float attribute as text (arrays: "[a, b]").
std::string attribute_text(hid_t object, const char* name);
// True when the attribute holds a string (or array of strings).
bool attribute_is_string(hid_t object, const char* name);

// Attributes as h5py writes them: numpy bool (enum FALSE/TRUE over int8),
// arrays of bool, arrays of variable-length UTF-8 strings (read as
// ndarray of str), fixed-length ASCII strings (MATLAB_class).
void write_bool_attribute(hid_t object, const char* name, bool value);
void write_bool_array_attribute(hid_t object, const char* name, const std::vector<bool>& values);
void write_string_array_attribute(hid_t object, const char* name,
                                  const std::vector<std::string>& values);
void write_fixed_string_attribute(hid_t object, const char* name, const std::string& value);

// Copies every attribute of `from` to `to` except those named in `skip`.
void copy_attributes(hid_t from, hid_t to, const std::vector<std::string>& skip);

// The bool enum type h5py uses (caller closes via Id).
Id bool_type();

// "float32", "float64", "int32", "uint64", "uint8", "bool", "string", ...
std::string dtype_name(hid_t dataset);
// Chunk shape (empty when contiguous) and filters, e.g. "gzip:4+shuffle" or "none".
std::vector<hsize_t> chunk_shape(hid_t dataset);
std::string compression_text(hid_t dataset);

struct Storage {
  int gzip_level = 4; // 0 = no compression
  bool shuffle = true;
};

// Creates a dataset of `dims` with chunk shape `chunk` (empty: contiguous,
// no filters) and the storage filters.
Id create_dataset(hid_t parent, const std::string& name, hid_t file_type,
                  const std::vector<hsize_t>& dims, const std::vector<hsize_t>& chunk,
                  const Storage& storage);
// Writes a contiguous block of memory into the hyperslab start/count.
void write_slab(hid_t dataset, const std::vector<hsize_t>& start, const std::vector<hsize_t>& count,
                hid_t memory_type, const void* data);
// Creates a small 1-D dataset (no chunking) holding values.
Id write_vector(hid_t parent, const std::string& name, hid_t file_type, hid_t memory_type,
                const void* data, hsize_t count);
Id create_group(hid_t parent, const std::string& name);

// Rows [first, first + count) of a dataset whose first axis is samples.
template <typename T>
std::vector<T> read_rows(hid_t dataset, hsize_t first, hsize_t count, hid_t memory_type);

} // namespace skr::h5

namespace skr::h5 {

template <typename T>
std::vector<T> read_rows(hid_t dataset, hsize_t first, hsize_t count, hid_t memory_type) {
  auto dims = shape(dataset);
  if (dims.empty() || first + count > dims[0]) throw Error("rows outside the dataset");
  std::vector<hsize_t> start(dims.size(), 0), extent = dims;
  start[0] = first;
  extent[0] = count;
  std::size_t n = 1;
  for (hsize_t d : extent) n *= d;
  std::vector<T> values(n);
  if (n == 0) return values;
  Id file_space = checked(H5Dget_space(dataset), H5Sclose, "cannot read dataspace");
  check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, extent.data(),
                            nullptr),
        "bad selection");
  hsize_t n_h = n;
  Id mem_space = checked(H5Screate_simple(1, &n_h, nullptr), H5Sclose, "cannot create dataspace");
  check(H5Dread(dataset, memory_type, mem_space, file_space, H5P_DEFAULT, values.data()),
        "cannot read data (truncated or corrupt file?)");
  return values;
}

} // namespace skr::h5
