#include "io/h5_attributes_storage.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <cstdint>

namespace skr::h5 {

namespace {

herr_t collect_name(hid_t, const char* name, const H5A_info_t*, void* data) {
  static_cast<std::vector<std::string>*>(data)->push_back(name);
  return 0;
}

Id open_attr(hid_t object, const char* name) {
  return checked(H5Aopen(object, name, H5P_DEFAULT), H5Aclose,
                 fmt::format("missing attribute '{}'", name));
}

void write_attribute_data(hid_t object, const char* name, hid_t type, hid_t space,
                          const void* data) {
  if (H5Aexists(object, name) > 0) H5Adelete(object, name);
  Id attr = checked(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                    fmt::format("cannot create attribute '{}'", name));
  check(H5Awrite(attr, type, data), fmt::format("cannot write attribute '{}'", name));
}

Id simple_space(hsize_t n) {
  return checked(H5Screate_simple(1, &n, nullptr), H5Sclose, "cannot create dataspace");
}

std::string number_text(double v) {
  return fmt::format("{}", v);
}

} // namespace

std::vector<std::string> attribute_names(hid_t object) {
  std::vector<std::string> names;
  hsize_t index = 0;
  check(H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &index, collect_name, &names),
        "cannot list attributes");
  return names;
}

std::string read_text_attribute(hid_t object, const char* name) {
  Id attr = open_attr(object, name);
  Id type = checked(H5Aget_type(attr), H5Tclose, "cannot read attribute type");
  if (H5Tget_class(type) != H5T_STRING) fail("attribute '{}' is not a string", name);
  Id memtype = checked(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  H5Tset_cset(memtype, H5Tget_cset(type));
  if (H5Tis_variable_str(type) > 0) {
    H5Tset_size(memtype, H5T_VARIABLE);
    char* text = nullptr;
    check(H5Aread(attr, memtype, &text), fmt::format("cannot read attribute '{}'", name));
    std::string out = text ? text : "";
    H5free_memory(text);
    return out;
  }
  const std::size_t size = H5Tget_size(type);
  H5Tset_size(memtype, size);
  std::string out(size, '\0');
  check(H5Aread(attr, memtype, out.data()), fmt::format("cannot read attribute '{}'", name));
  while (!out.empty() && out.back() == '\0') out.pop_back();
  return out;
}

bool attribute_is_string(hid_t object, const char* name) {
  Id attr = open_attr(object, name);
  Id type = checked(H5Aget_type(attr), H5Tclose, "cannot read attribute type");
  return H5Tget_class(type) == H5T_STRING;
}

std::string attribute_text(hid_t object, const char* name) {
  Id attr = open_attr(object, name);
  Id type = checked(H5Aget_type(attr), H5Tclose, "cannot read attribute type");
  Id space = checked(H5Aget_space(attr), H5Sclose, "cannot read attribute space");
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  const H5T_class_t cls = H5Tget_class(type);
  if (cls == H5T_STRING && H5Sget_simple_extent_ndims(space) == 0)
    return read_text_attribute(object, name);
  if (cls == H5T_INTEGER || cls == H5T_FLOAT || cls == H5T_ENUM) {
    std::vector<double> values(std::max<hssize_t>(n, 0));
    if (!values.empty())
      check(H5Aread(attr, H5T_NATIVE_DOUBLE, values.data()), "cannot read attribute");
    if (cls == H5T_INTEGER && H5Tget_sign(type) == H5T_SGN_NONE && H5Tget_size(type) == 8 &&
        n == 1) {
      std::uint64_t u = 0;
      check(H5Aread(attr, H5T_NATIVE_UINT64, &u), "cannot read attribute");
      return std::to_string(u);
    }
    if (H5Sget_simple_extent_ndims(space) == 0 && values.size() == 1) return number_text(values[0]);
    std::string text = "[";
    for (std::size_t i = 0; i < values.size(); ++i)
      text += (i ? ", " : "") + number_text(values[i]);
    return text + "]";
  }
  if (cls == H5T_STRING && H5Tis_variable_str(type) > 0) {
    std::vector<char*> items(std::max<hssize_t>(n, 0));
    Id memtype = checked(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
    H5Tset_size(memtype, H5T_VARIABLE);
    H5Tset_cset(memtype, H5Tget_cset(type));
    if (!items.empty()) check(H5Aread(attr, memtype, items.data()), "cannot read attribute");
    std::string text = "[";
    for (std::size_t i = 0; i < items.size(); ++i)
      text += (i ? ", " : "") + std::string(items[i] ? items[i] : "");
    if (!items.empty()) H5Dvlen_reclaim(memtype, space, H5P_DEFAULT, items.data());
    return text + "]";
  }
  return "(unsupported attribute type)";
}

void copy_attributes(hid_t from, hid_t to, const std::vector<std::string>& skip) {
  for (const auto& name : attribute_names(from)) {
    if (std::find(skip.begin(), skip.end(), name) != skip.end()) continue;
    Id attr = open_attr(from, name.c_str());
    Id type = checked(H5Aget_type(attr), H5Tclose, "cannot read attribute type");
    Id memtype =
        checked(H5Tget_native_type(type, H5T_DIR_DEFAULT), H5Tclose, "cannot read attribute type");
    Id space = checked(H5Aget_space(attr), H5Sclose, "cannot read attribute space");
    const hssize_t n = std::max<hssize_t>(H5Sget_simple_extent_npoints(space), 1);
    std::vector<unsigned char> buffer(std::size_t(n) * H5Tget_size(memtype));
    check(H5Aread(attr, memtype, buffer.data()), fmt::format("cannot read attribute '{}'", name));
    write_attribute_data(to, name.c_str(), memtype, space, buffer.data());
    if (H5Tdetect_class(memtype, H5T_VLEN) > 0 || H5Tis_variable_str(memtype) > 0)
      H5Dvlen_reclaim(memtype, space, H5P_DEFAULT, buffer.data());
  }
}

Id bool_type() {
  Id type = checked(H5Tenum_create(H5T_NATIVE_INT8), H5Tclose, "cannot create bool type");
  const std::int8_t f = 0, t = 1;
  H5Tenum_insert(type, "FALSE", &f);
  H5Tenum_insert(type, "TRUE", &t);
  return type;
}

void write_bool_attribute(hid_t object, const char* name, bool value) {
  Id type = bool_type();
  Id space = checked(H5Screate(H5S_SCALAR), H5Sclose, "cannot create dataspace");
  const std::int8_t v = value ? 1 : 0;
  write_attribute_data(object, name, type, space, &v);
}

void write_bool_array_attribute(hid_t object, const char* name, const std::vector<bool>& values) {
  Id type = bool_type();
  Id space = simple_space(values.size());
  std::vector<std::int8_t> v(values.begin(), values.end());
  write_attribute_data(object, name, type, space, v.data());
}

void write_string_array_attribute(hid_t object, const char* name,
                                  const std::vector<std::string>& values) {
  Id type = checked(H5Tcopy(H5T_C_S1), H5Tclose, "cannot create string type");
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  Id space = simple_space(values.size());
  std::vector<const char*> pointers;
  for (const auto& v : values) pointers.push_back(v.c_str());
  static const char* none = nullptr;
  write_attribute_data(object, name, type, space, pointers.empty() ? &none : pointers.data());
}

void write_fixed_string_attribute(hid_t object, const char* name, const std::string& value) {
  Id type = checked(H5Tcopy(H5T_C_S1), H5Tclose, "cannot create string type");
  H5Tset_size(type, std::max<std::size_t>(value.size(), 1));
  H5Tset_strpad(type, H5T_STR_NULLTERM);
  Id space = checked(H5Screate(H5S_SCALAR), H5Sclose, "cannot create dataspace");
  std::string padded = value;
  padded.resize(std::max<std::size_t>(value.size(), 1), '\0');
  write_attribute_data(object, name, type, space, padded.data());
}

std::string dtype_name(hid_t dataset) {
  Id type = checked(H5Dget_type(dataset), H5Tclose, "cannot read dataset type");
  const std::size_t bits = 8 * H5Tget_size(type);
  switch (H5Tget_class(type)) {
  case H5T_FLOAT:
    return fmt::format("float{}", bits);
  case H5T_INTEGER:
    return fmt::format("{}int{}", H5Tget_sign(type) == H5T_SGN_NONE ? "u" : "", bits);
  case H5T_ENUM:
    return "bool";
  case H5T_STRING:
    return "string";
  default:
    return "other";
  }
}

std::vector<hsize_t> chunk_shape(hid_t dataset) {
  Id plist = checked(H5Dget_create_plist(dataset), H5Pclose, "cannot read dataset properties");
  if (H5Pget_layout(plist) != H5D_CHUNKED) return {};
  std::vector<hsize_t> chunk(32);
  const int rank = H5Pget_chunk(plist, int(chunk.size()), chunk.data());
  chunk.resize(std::max(rank, 0));
  return chunk;
}

std::string compression_text(hid_t dataset) {
  Id plist = checked(H5Dget_create_plist(dataset), H5Pclose, "cannot read dataset properties");
  const int n = H5Pget_nfilters(plist);
  std::string gzip, other;
  bool shuffle = false;
  for (int i = 0; i < n; ++i) {
    unsigned flags = 0, config = 0, values[8];
    std::size_t nvalues = 8;
    char name[64];
    const H5Z_filter_t filter =
        H5Pget_filter2(plist, unsigned(i), &flags, &nvalues, values, sizeof name, name, &config);
    if (filter == H5Z_FILTER_DEFLATE)
      gzip = fmt::format("gzip:{}", nvalues ? values[0] : 0);
    else if (filter == H5Z_FILTER_SHUFFLE)
      shuffle = true;
    else
      other += std::string(other.empty() ? "" : "+") + name;
  }
  std::string text = gzip.empty() ? "none" : gzip;
  if (shuffle) text += "+shuffle";
  if (!other.empty()) text += "+" + other;
  return text;
}

Id create_group(hid_t parent, const std::string& name) {
  return checked(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                 fmt::format("cannot create group '{}'", name));
}

Id create_dataset(hid_t parent, const std::string& name, hid_t file_type,
                  const std::vector<hsize_t>& dims, const std::vector<hsize_t>& chunk,
                  const Storage& storage) {
  Id space = checked(H5Screate_simple(int(dims.size()), dims.data(), nullptr), H5Sclose,
                     "cannot create dataspace");
  Id plist = checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "cannot create property list");
  hsize_t total = 1;
  for (hsize_t d : dims) total *= d;
  if (!chunk.empty() && total > 0) {
    check(H5Pset_chunk(plist, int(chunk.size()), chunk.data()),
          fmt::format("cannot chunk dataset '{}'", name));
    if (storage.shuffle && storage.gzip_level > 0) H5Pset_shuffle(plist);
    if (storage.gzip_level > 0) H5Pset_deflate(plist, unsigned(storage.gzip_level));
  }
  return checked(
      H5Dcreate2(parent, name.c_str(), file_type, space, H5P_DEFAULT, plist, H5P_DEFAULT), H5Dclose,
      fmt::format("cannot create dataset '{}'", name));
}

void write_slab(hid_t dataset, const std::vector<hsize_t>& start, const std::vector<hsize_t>& count,
                hid_t memory_type, const void* data) {
  hsize_t n = 1;
  for (hsize_t c : count) n *= c;
  if (n == 0) return;
  Id file_space = checked(H5Dget_space(dataset), H5Sclose, "cannot read dataspace");
  check(
      H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
      "bad selection");
  Id mem_space = simple_space(n);
  check(H5Dwrite(dataset, memory_type, mem_space, file_space, H5P_DEFAULT, data),
        "cannot write data (disk full?)");
}

Id write_vector(hid_t parent, const std::string& name, hid_t file_type, hid_t memory_type,
                const void* data, hsize_t count) {
  Id set = create_dataset(parent, name, file_type, {count}, {}, Storage{0, false});
  if (count) write_slab(set, {0}, {count}, memory_type, data);
  return set;
}

} // namespace skr::h5
