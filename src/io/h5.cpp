#include "io/h5.hpp"

#include "util/error.hpp"
#include "util/files.hpp"
#include "util/output_lock.hpp"

namespace skr::h5 {

namespace {
// At exit HDF5 closes whatever is still open. A file whose close failed
// (disk full) is half torn down by then, and closing it again segfaulted
// in H5F__close_cb: exit 139 instead of the error's status. Every file here
// is closed by its Id, in order, so the exit-time clean-up is skipped (it
// must be requested before HDF5's first call: a static initialiser).
[[maybe_unused]] const herr_t kNoExitCleanup = H5dont_atexit();
} // namespace

void silence_errors() {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

Id checked(hid_t id, herr_t (*close)(hid_t), const std::string& what) {
  if (id < 0) throw Error(what);
  return Id(id, close);
}

void check(herr_t status, const std::string& what) {
  if (status < 0) throw Error(what);
}

Id open_file(const std::string& path, unsigned flags) {
  check_input_file(path, "file");
  silence_errors();
  // HDF5 locks the files it opens: one another process is writing fails to
  // open, and is no corrupt file.
  const auto in_use = [&] {
    if (locked_by_another_process(path, (flags & H5F_ACC_RDWR) != 0))
      fail("'{}' is in use by another process (it holds HDF5's lock on it); try again when it "
           "has finished",
           path);
  };
  htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  if (is_hdf5 <= 0) {
    in_use();
    fail("'{}' is not a readable HDF5 file", path);
  }
  hid_t file = H5Fopen(path.c_str(), flags, H5P_DEFAULT);
  if (file < 0) in_use();
  return checked(file, H5Fclose,
                 fmt::format("cannot open HDF5 file '{}' (truncated or corrupt?)", path));
}

Id open_group(hid_t parent, const std::string& name) {
  return checked(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose,
                 fmt::format("missing group '{}'", name));
}

Id open_dataset(hid_t parent, const std::string& name) {
  return checked(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose,
                 fmt::format("missing dataset '{}'", name));
}

bool exists(hid_t parent, const std::string& path) {
  // Check each component: H5Lexists fails on a missing intermediate group.
  std::string prefix;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    prefix = path.substr(0, slash);
    if (!prefix.empty() && H5Lexists(parent, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return true;
}

namespace {

void write_scalar_attribute(hid_t object, const char* name, hid_t type, const void* value) {
  if (H5Aexists(object, name) > 0) H5Adelete(object, name);
  Id space = checked(H5Screate(H5S_SCALAR), H5Sclose, "cannot create dataspace");
  Id attr = checked(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                    fmt::format("cannot create attribute '{}'", name));
  check(H5Awrite(attr, type, value), fmt::format("cannot write attribute '{}'", name));
}

Id open_attribute(hid_t object, const char* name) {
  return checked(H5Aopen(object, name, H5P_DEFAULT), H5Aclose,
                 fmt::format("missing attribute '{}'", name));
}

} // namespace

void write_attribute(hid_t object, const char* name, const std::string& value) {
  // Variable-length UTF-8, which h5py reads as str.
  Id type = checked(H5Tcopy(H5T_C_S1), H5Tclose, "cannot create string type");
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  const char* text = value.c_str();
  write_scalar_attribute(object, name, type, &text);
}
void write_attribute(hid_t object, const char* name, double value) {
  write_scalar_attribute(object, name, H5T_NATIVE_DOUBLE, &value);
}
void write_attribute(hid_t object, const char* name, long long value) {
  write_scalar_attribute(object, name, H5T_NATIVE_LLONG, &value);
}
void write_attribute(hid_t object, const char* name, std::uint64_t value) {
  write_scalar_attribute(object, name, H5T_NATIVE_UINT64, &value);
}

bool has_attribute(hid_t object, const char* name) {
  return H5Aexists(object, name) > 0;
}

std::string read_string_attribute(hid_t object, const char* name) {
  Id attr = open_attribute(object, name);
  Id type = checked(H5Aget_type(attr), H5Tclose, "cannot read attribute type");
  if (H5Tget_class(type) != H5T_STRING) fail("attribute '{}' is not a string", name);
  if (H5Tis_variable_str(type) > 0) {
    char* text = nullptr;
    Id memtype = checked(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
    H5Tset_size(memtype, H5T_VARIABLE);
    H5Tset_cset(memtype, H5Tget_cset(type));
    check(H5Aread(attr, memtype, &text), fmt::format("cannot read attribute '{}'", name));
    std::string out = text ? text : "";
    H5free_memory(text);
    return out;
  }
  std::string out(H5Tget_size(type), '\0');
  check(H5Aread(attr, type, out.data()), fmt::format("cannot read attribute '{}'", name));
  while (!out.empty() && out.back() == '\0') out.pop_back();
  return out;
}

double read_double_attribute(hid_t object, const char* name) {
  Id attr = open_attribute(object, name);
  double value = 0;
  check(H5Aread(attr, H5T_NATIVE_DOUBLE, &value), fmt::format("cannot read attribute '{}'", name));
  return value;
}

long long read_int_attribute(hid_t object, const char* name) {
  Id attr = open_attribute(object, name);
  long long value = 0;
  check(H5Aread(attr, H5T_NATIVE_LLONG, &value), fmt::format("cannot read attribute '{}'", name));
  return value;
}

std::vector<hsize_t> shape(hid_t dataset) {
  Id space = checked(H5Dget_space(dataset), H5Sclose, "cannot read dataspace");
  int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0) fail("cannot read dataset rank");
  std::vector<hsize_t> dims(rank);
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return dims;
}

std::vector<double> read_doubles(hid_t dataset) {
  return read_all<double>(dataset, H5T_NATIVE_DOUBLE);
}

std::vector<double> read_row(hid_t dataset, hsize_t row) {
  auto dims = shape(dataset);
  if (dims.empty() || row >= dims[0]) fail("row {} is outside the dataset", row);
  std::vector<hsize_t> start(dims.size(), 0), count = dims;
  start[0] = row;
  count[0] = 1;
  std::size_t n = 1;
  for (std::size_t d = 1; d < dims.size(); ++d) n *= dims[d];
  Id file_space = checked(H5Dget_space(dataset), H5Sclose, "cannot read dataspace");
  check(
      H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
      "bad selection");
  hsize_t n_h = n;
  Id mem_space = checked(H5Screate_simple(1, &n_h, nullptr), H5Sclose, "cannot create dataspace");
  std::vector<double> values(n);
  check(H5Dread(dataset, H5T_NATIVE_DOUBLE, mem_space, file_space, H5P_DEFAULT, values.data()),
        fmt::format("cannot read row {} (truncated or corrupt file?)", row));
  return values;
}

std::vector<std::string> members(hid_t group) {
  std::vector<std::string> names;
  H5G_info_t info;
  auto group_name = [group] {
    char name[256] = "?";
    if (H5Iget_name(group, name, sizeof name) < 0) return std::string("?");
    return std::string(name);
  };
  check(H5Gget_info(group, &info), fmt::format("cannot list group '{}'", group_name()));
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    ssize_t size =
        H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (size < 0) fail("cannot list group '{}' (member {} of {})", group_name(), i, info.nlinks);
    std::string name(size, '\0');
    H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), size + 1,
                       H5P_DEFAULT);
    names.push_back(name);
  }
  return names;
}

} // namespace skr::h5
