#include "io/chunk_copy.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <cstdint>

namespace skr {

namespace {

struct Storage {
  std::vector<hsize_t> chunk;
  std::vector<std::pair<H5Z_filter_t, std::vector<unsigned>>> filters;
  bool chunked = false;
};

Storage storage_of(hid_t set) {
  Storage s;
  h5::Id plist = h5::checked(H5Dget_create_plist(set), H5Pclose, "cannot read dataset properties");
  if (H5Pget_layout(plist) != H5D_CHUNKED) return s;
  s.chunked = true;
  s.chunk.resize(std::size_t(H5Pget_chunk(plist, 0, nullptr)));
  H5Pget_chunk(plist, int(s.chunk.size()), s.chunk.data());
  const int count = H5Pget_nfilters(plist);
  for (int f = 0; f < count; ++f) {
    unsigned flags = 0, config = 0;
    std::size_t values = 16;
    std::vector<unsigned> cd(values);
    const H5Z_filter_t id =
        H5Pget_filter2(plist, unsigned(f), &flags, &values, cd.data(), 0, nullptr, &config);
    cd.resize(std::min<std::size_t>(values, 16));
    s.filters.emplace_back(id, std::move(cd));
  }
  return s;
}

} // namespace

bool chunks_copyable(hid_t from, hid_t to) {
  const Storage a = storage_of(from), b = storage_of(to);
  if (!a.chunked || !b.chunked || a.chunk != b.chunk || a.filters != b.filters) return false;
  if (a.chunk.empty() || a.chunk[0] != 1) return false; // one row per chunk
  h5::Id type_a = h5::checked(H5Dget_type(from), H5Tclose, "cannot read type");
  h5::Id type_b = h5::checked(H5Dget_type(to), H5Tclose, "cannot read type");
  if (H5Tequal(type_a, type_b) <= 0) return false;
  const auto dims_a = h5::shape(from), dims_b = h5::shape(to);
  return dims_a.size() == dims_b.size() &&
         std::equal(dims_a.begin() + 1, dims_a.end(), dims_b.begin() + 1);
}

void copy_row_chunks(hid_t from, hid_t to, const std::vector<std::size_t>& target) {
  const std::vector<hsize_t> dims = h5::shape(from), chunk = storage_of(from).chunk;
  std::vector<unsigned char> bytes;
  std::vector<hsize_t> offset(dims.size(), 0);
  const hsize_t rows = h5::shape(to)[0];
  for (std::size_t r = 0; r < target.size(); ++r) {
    if (target[r] >= rows) fail("internal: row {} outside a dataset of {} rows", target[r], rows);
    // Walk the row's chunks (dimensions 1.. in steps of the chunk) like an odometer.
    std::fill(offset.begin(), offset.end(), 0);
    for (;;) {
      offset[0] = r;
      hsize_t size = 0;
      h5::check(H5Dget_chunk_storage_size(from, offset.data(), &size), "cannot read a chunk size");
      if (size > 0) {
        bytes.resize(size);
        std::uint32_t filters = 0;
        h5::check(H5Dread_chunk(from, H5P_DEFAULT, offset.data(), &filters, bytes.data()),
                  "cannot read a chunk");
        offset[0] = target[r];
        h5::check(H5Dwrite_chunk(to, H5P_DEFAULT, filters, offset.data(), size, bytes.data()),
                  "cannot write a chunk (disk full?)");
      }
      std::size_t d = dims.size();
      while (--d > 0) {
        offset[d] += chunk[d];
        if (offset[d] < dims[d]) break;
        offset[d] = 0;
      }
      if (d == 0) break;
    }
  }
}

} // namespace skr
