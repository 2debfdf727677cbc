#include "systems/h5_systems.hpp"

#include "io/h5_attributes_storage.hpp"
#include "systems/source.hpp"
#include "util/error.hpp"
#include "util/files.hpp"
#include "util/limits.hpp"

#include <algorithm>
#include <functional>
#include <limits>

#include <fmt/ranges.h>

namespace skr::systems {

namespace {

// Larger systems are refused.
constexpr std::uint64_t kMaxSize = kMaxUnknowns;
// Deflate packs at most ~1032 bytes into one; a dataset whose shape claims
// more than this many times the bytes the file stores for it is a header
// that the file does not back (unwritten chunks read as fill values).
constexpr std::uint64_t kMaxPacking = 1100;

// Fails unless the file stores (possibly compressed) data for every value
// of the dataset's declared shape: checked before anything is allocated.
void check_backed(hid_t set, const std::string& name) {
  std::uint64_t count = 1;
  for (hsize_t n : h5::shape(set)) {
    if (n != 0 && count > std::numeric_limits<std::uint64_t>::max() / 8 / n)
      fail("dataset '{}' is too large ({} values)", name, fmt::join(h5::shape(set), " x "));
    count *= n;
  }
  if (count == 0) return;
  const std::uint64_t stored = H5Dget_storage_size(set);
  const std::uint64_t bytes = count * H5Tget_size(H5T_NATIVE_DOUBLE);
  if (bytes / kMaxPacking > stored)
    fail("dataset '{}' declares {} values but the file stores only {} bytes of them", name,
         fmt::join(h5::shape(set), " x "), stored);
}

std::vector<std::int64_t> read_indices(hid_t parent, const std::string& name) {
  auto set = h5::open_dataset(parent, name);
  if (h5::shape(set).size() != 1) fail("dataset '{}' must be one-dimensional", name);
  check_backed(set, name);
  const auto v = h5::read_all<long long>(set, H5T_NATIVE_LLONG);
  return {v.begin(), v.end()};
}

std::vector<double> read_vector(hid_t parent, const std::string& name) {
  auto set = h5::open_dataset(parent, name);
  if (h5::shape(set).size() != 1) fail("dataset '{}' must be one-dimensional", name);
  check_backed(set, name);
  return h5::read_all<double>(set, H5T_NATIVE_DOUBLE);
}

class H5Source final : public SystemSource {
public:
  explicit H5Source(std::string path)
      : path_(std::move(path)), file_((check_input_file(path_, "file"), // a fifo would block
                                       h5::open_file(path_, H5F_ACC_RDONLY))) {
    try {
      if (h5::exists(file_, "pattern"))
        open_compact();
      else if (h5::exists(file_, "systems"))
        open_groups();
      else
        fail("holds neither /systems/<i> groups nor /pattern + /values + /rhs");
      if (count_ == 0) fail("holds no systems");
      if (h5::exists(file_, "features")) {
        auto set = h5::open_dataset(file_, "features");
        const auto dims = h5::shape(set);
        if (dims.size() != 2 || dims[0] != count_)
          fail("/features must be [{}, d] (one row per system), not {}", count_,
               fmt::join(dims, " x "));
        check_backed(set, "features");
        features_ = sort::FeatureMatrix(dims[0], dims[1]);
        features_->data = h5::read_all<double>(set, H5T_NATIVE_DOUBLE);
      }
    } catch (const Error& e) {
      fail("'{}': {}", path_, e.what());
    }
  }

  std::string format() const override {
    return compact_ ? "HDF5 (shared pattern)" : "HDF5 (one group per system)";
  }
  std::size_t size() const override { return count_; }
  std::string where(std::size_t i) const override {
    return compact_ ? fmt::format("'{}' row {}", path_, i)
                    : fmt::format("'{}' /systems/{}", path_, groups_.at(i));
  }
  System read(std::size_t i) const override {
    try {
      if (compact_) return {row_matrix(i), read_rhs(i)};
      auto group = h5::open_group(file_, "systems/" + groups_.at(i));
      System s;
      s.A.indptr = read_indices(group, "indptr");
      s.A.indices = read_indices(group, "indices");
      s.A.values = read_vector(group, "data");
      s.A.rows = static_cast<std::int64_t>(s.A.indptr.size()) - 1;
      s.A.cols =
          h5::has_attribute(group, "cols") ? h5::read_int_attribute(group, "cols") : s.A.rows;
      s.b = read_vector(group, "b");
      return s;
    } catch (const Error& e) {
      fail("{}: {}", where(i), e.what());
    }
  }
  std::vector<double> read_rhs(std::size_t i) const override {
    if (!compact_) return read(i).b;
    return h5::read_rows<double>(h5::open_dataset(file_, "rhs"), i, 1, H5T_NATIVE_DOUBLE);
  }
  std::optional<sort::FeatureMatrix> features() const override { return features_; }

private:
  void open_compact() {
    compact_ = true;
    {
      auto set = h5::open_dataset(file_, "pattern/indptr");
      const auto dims = h5::shape(set);
      if (dims.size() == 1 && dims[0] > kMaxSize + 1)
        fail("/pattern/indptr: {} rows is too many (at most {})", dims[0] - 1, kMaxSize);
    }
    pattern_.indptr = read_indices(file_, "pattern/indptr");
    pattern_.indices = read_indices(file_, "pattern/indices");
    pattern_.rows = pattern_.cols =
        std::max<std::int64_t>(std::int64_t(pattern_.indptr.size()) - 1, 0);
    auto values_set = h5::open_dataset(file_, "values");
    auto rhs_set = h5::open_dataset(file_, "rhs");
    const auto values = h5::shape(values_set);
    const auto rhs = h5::shape(rhs_set);
    if (values.size() != 2 || values[1] != pattern_.indices.size())
      fail("/values must be [N, {}] (one row of the pattern's entries per system)",
           pattern_.indices.size());
    if (rhs.size() != 2 || rhs[0] != values[0] || rhs[1] != static_cast<hsize_t>(pattern_.rows))
      fail("/rhs must be [{}, {}] (one right-hand side of the pattern's {} rows per row of "
           "/values), not {}",
           values[0], pattern_.rows, pattern_.rows, fmt::join(rhs, " x "));
    if (values[0] > kMaxSize)
      fail("/values: {} systems is too many (at most {})", values[0], kMaxSize);
    check_backed(values_set, "values");
    check_backed(rhs_set, "rhs");
    count_ = values[0];
  }

  void open_groups() {
    groups_ = h5::members(h5::open_group(file_, "systems"));
    std::sort(groups_.begin(), groups_.end(), natural_less);
    count_ = groups_.size();
  }

  Csr row_matrix(std::size_t i) const {
    Csr A = pattern_;
    A.values = h5::read_rows<double>(h5::open_dataset(file_, "values"), i, 1, H5T_NATIVE_DOUBLE);
    return A;
  }

  std::string path_;
  h5::Id file_;
  bool compact_ = false;
  std::size_t count_ = 0;
  Csr pattern_;
  std::vector<std::string> groups_;
  std::optional<sort::FeatureMatrix> features_;
};

void write_longs(hid_t parent, const std::string& name, const std::vector<std::int64_t>& v) {
  h5::write_vector(parent, name, H5T_STD_I64LE, H5T_NATIVE_INT64, v.data(), v.size());
}

void write_rows(hid_t parent, const std::string& name, std::size_t cols, std::size_t rows,
                const std::function<const double*(std::size_t)>& row) {
  auto set = h5::create_dataset(parent, name, H5T_IEEE_F64LE, {rows, cols},
                                {1, std::max<hsize_t>(cols, 1)}, h5::Storage{4, true});
  for (std::size_t r = 0; r < rows; ++r)
    h5::write_slab(set, {r, 0}, {1, cols}, H5T_NATIVE_DOUBLE, row(r));
}

} // namespace

std::unique_ptr<SystemSource> open_h5_systems(const std::string& path) {
  return std::make_unique<H5Source>(path);
}

void write_h5_systems(const std::string& path, const std::vector<System>& systems, H5Layout layout,
                      const sort::FeatureMatrix* features) {
  h5::silence_errors();
  h5::Id file = h5::checked(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                            H5Fclose, fmt::format("cannot create '{}'", path));
  const std::size_t n = systems.size();
  if (layout == H5Layout::compact) {
    if (n == 0) fail("'{}': no systems to write", path);
    for (const auto& s : systems)
      if (!s.A.same_pattern(systems[0].A))
        fail("'{}': the compact layout needs one shared sparsity pattern", path);
    auto pattern = h5::create_group(file, "pattern");
    write_longs(pattern, "indptr", systems[0].A.indptr);
    write_longs(pattern, "indices", systems[0].A.indices);
    write_rows(file, "values", systems[0].A.nnz(), n,
               [&](std::size_t r) { return systems[r].A.values.data(); });
    write_rows(file, "rhs", systems[0].b.size(), n,
               [&](std::size_t r) { return systems[r].b.data(); });
  } else {
    auto group = h5::create_group(file, "systems");
    for (std::size_t i = 0; i < n; ++i) {
      auto g = h5::create_group(group, std::to_string(i));
      const System& s = systems[i];
      write_longs(g, "indptr", s.A.indptr);
      write_longs(g, "indices", s.A.indices);
      h5::write_vector(g, "data", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, s.A.values.data(), s.A.nnz());
      h5::write_vector(g, "b", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, s.b.data(), s.b.size());
      if (s.A.cols != s.A.rows) h5::write_attribute(g, "cols", static_cast<long long>(s.A.cols));
    }
  }
  if (features)
    write_rows(file, "features", features->cols, features->rows,
               [&](std::size_t r) { return features->row(r); });
  h5::check(H5Fflush(file, H5F_SCOPE_GLOBAL), fmt::format("cannot write '{}' (disk full?)", path));
}

} // namespace skr::systems
