#include "io/batch_assembly.hpp"

#include "io/chunk_copy.hpp"
#include "util/error.hpp"

#include <algorithm>
#include <memory>
#include <numeric>

namespace skr {

namespace fs = std::filesystem;

namespace {

// One per-sample dataset of a batch, its rows ordered by their target row
// (HDF5 walks a union of hyperslabs in file order, so memory must match).
struct BatchRows {
  std::vector<std::size_t> rows;   // target rows, ascending
  std::vector<unsigned char> data; // rows.size() x row_bytes, in that order
  std::size_t row_values = 0;      // values per row
};

BatchRows read_batch_rows(hid_t batch_file, const fs::path& batch, const std::string& path,
                          const std::vector<std::size_t>& target, hid_t type) {
  h5::Id set = h5::open_dataset(batch_file, path);
  const auto dims = h5::shape(set);
  BatchRows out;
  out.row_values = 1;
  for (std::size_t d = 1; d < dims.size(); ++d) out.row_values *= dims[d];
  const std::size_t row_bytes = H5Tget_size(type) * out.row_values;
  std::vector<unsigned char> bytes(row_bytes * target.size());
  h5::check(H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()),
            fmt::format("cannot read '{}' of '{}'", path, batch.string()));
  std::vector<std::size_t> by_row(target.size());
  std::iota(by_row.begin(), by_row.end(), 0);
  std::sort(by_row.begin(), by_row.end(), [&](auto a, auto b) { return target[a] < target[b]; });
  out.data.resize(bytes.size());
  for (std::size_t r = 0; r < by_row.size(); ++r) {
    out.rows.push_back(target[by_row[r]]);
    std::copy_n(bytes.begin() + std::ptrdiff_t(by_row[r] * row_bytes), row_bytes,
                out.data.begin() + std::ptrdiff_t(r * row_bytes));
  }
  return out;
}

// Writes the rows into dataset `set` (`path`).
void write_rows(hid_t set, const std::string& path, hid_t type, const BatchRows& rows) {
  if (rows.rows.empty()) return;
  const auto dims = h5::shape(set);
  h5::Id file_space = h5::checked(H5Dget_space(set), H5Sclose, "cannot read dataspace");
  // Shaped [rows, ...] like the file's rows: HDF5 then copies whole rows (a
  // 1-D memory space walks a chunked selection element by element).
  std::vector<hsize_t> memory_dims = dims;
  memory_dims[0] = rows.rows.size();
  h5::Id memory_space = h5::checked(
      H5Screate_simple(int(memory_dims.size()), memory_dims.data(), nullptr), H5Sclose,
      "cannot create dataspace");
  H5Sselect_none(file_space);
  std::vector<hsize_t> start(dims.size(), 0), count = dims;
  count[0] = 1;
  for (std::size_t row : rows.rows) {
    if (row >= dims[0]) fail("internal: row {} outside '{}' ({} rows)", row, path, dims[0]);
    start[0] = row;
    h5::check(H5Sselect_hyperslab(file_space, H5S_SELECT_OR, start.data(), nullptr, count.data(),
                                  nullptr),
              "bad selection");
  }
  h5::check(H5Dwrite(set, type, memory_space, file_space, H5P_DEFAULT, rows.data.data()),
            fmt::format("cannot write '{}' (disk full?)", path));
}

} // namespace

// A dataset of the final file and how its rows arrive.
struct BatchAssembly::Target {
  std::string path;
  h5::Id set, type;                        // the file's dataset, its native type
  std::unique_ptr<unsigned char[]> values; // gathered: every row, set as batches come
  std::size_t value_bytes = 0;
};

BatchAssembly::BatchAssembly(hid_t file, const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    Target& t = targets_.emplace_back();
    t.path = path;
    t.set = h5::open_dataset(file, path);
    h5::Id file_type = h5::checked(H5Dget_type(t.set), H5Tclose, "cannot read type");
    t.type =
        h5::checked(H5Tget_native_type(file_type, H5T_DIR_ASCEND), H5Tclose, "cannot read type");
    const auto dims = h5::shape(t.set);
    if (dims.size() != 1) continue;
    t.value_bytes = H5Tget_size(t.type);
    // Not zero-filled: the assembly is complete only once every row is set.
    t.values.reset(new unsigned char[std::max<hsize_t>(dims[0], 1) * t.value_bytes]);
  }
}

BatchAssembly::~BatchAssembly() = default;
BatchAssembly::BatchAssembly(BatchAssembly&&) noexcept = default;
BatchAssembly& BatchAssembly::operator=(BatchAssembly&&) noexcept = default;

std::size_t BatchAssembly::copy(const std::vector<fs::path>& batches,
                                const std::function<std::size_t(std::size_t)>& row_of) {
  std::size_t copied = 0;
  for (const auto& batch : batches) {
    h5::Id batch_file = h5::open_file(batch.string(), H5F_ACC_RDONLY);
    std::vector<std::size_t> target;
    for (auto i : h5::read_all<unsigned long long>(h5::open_dataset(batch_file, "meta/index"),
                                                   H5T_NATIVE_ULLONG))
      target.push_back(row_of(i));
    copied += target.size();
    for (Target& t : targets_) {
      h5::Id from = h5::open_dataset(batch_file, t.path);
      if (t.values) {
        if (h5::shape(from) != std::vector<hsize_t>{target.size()})
          fail("'{}' of '{}' does not hold one value per sample", t.path, batch.string());
        std::vector<unsigned char> values(target.size() * t.value_bytes);
        if (!values.empty())
          h5::check(H5Dread(from, t.type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
                    fmt::format("cannot read '{}' of '{}'", t.path, batch.string()));
        const std::size_t rows = h5::shape(t.set)[0];
        for (std::size_t r = 0; r < target.size(); ++r) {
          if (target[r] >= rows)
            fail("internal: row {} outside '{}' ({} rows)", target[r], t.path, rows);
          std::copy_n(values.begin() + std::ptrdiff_t(r * t.value_bytes), t.value_bytes,
                      t.values.get() + target[r] * t.value_bytes);
        }
      } else if (chunks_copyable(from, t.set)) {
        copy_row_chunks(from, t.set, target);
      } else {
        write_rows(t.set, t.path, t.type,
                   read_batch_rows(batch_file, batch, t.path, target, t.type));
      }
    }
  }
  return copied;
}

void BatchAssembly::write_gathered() {
  for (Target& t : targets_)
    if (t.values)
      h5::check(H5Dwrite(t.set, t.type, H5S_ALL, H5S_ALL, H5P_DEFAULT, t.values.get()),
                fmt::format("cannot write '{}' (disk full?)", t.path));
}

} // namespace skr
