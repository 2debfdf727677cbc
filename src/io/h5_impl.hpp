#pragma once
// Template part of io/h5.hpp.
namespace skr::h5 {

template <typename T> std::vector<T> read_all(hid_t dataset, hid_t memory_type) {
  std::size_t count = 1;
  for (hsize_t n : shape(dataset)) count *= n;
  std::vector<T> values(count);
  if (count)
    check(H5Dread(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "cannot read dataset");
  return values;
}

} // namespace skr::h5
