#pragma once
// Thin RAII and attribute helpers over the HDF5 C API. HDF5's own error
// stack printing is switched off; failures become skr::Error with the path.
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace skr::h5 {

// Owns an hid_t and closes it with the right H5*close.
class Id {
public:
  Id() = default;
  Id(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Id() { reset(); }
  Id(Id&& o) noexcept : id_(std::exchange(o.id_, H5I_INVALID_HID)), close_(o.close_) {}
  Id& operator=(Id&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = std::exchange(o.id_, H5I_INVALID_HID);
      close_ = o.close_;
    }
    return *this;
  }
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  operator hid_t() const { return id_; }
  bool valid() const { return id_ >= 0; }
  void reset() {
    if (id_ >= 0 && close_) close_(id_);
    id_ = H5I_INVALID_HID;
  }

private:
  hid_t id_ = H5I_INVALID_HID;
  herr_t (*close_)(hid_t) = nullptr;
};

void silence_errors();

// Throws skr::Error "what: path" when id < 0; otherwise wraps it.
Id checked(hid_t id, herr_t (*close)(hid_t), const std::string& what);
void check(herr_t status, const std::string& what);

Id open_file(const std::string& path, unsigned flags);
Id open_group(hid_t parent, const std::string& name);
Id open_dataset(hid_t parent, const std::string& name);
bool exists(hid_t parent, const std::string& path);

void write_attribute(hid_t object, const char* name, const std::string& value);
void write_attribute(hid_t object, const char* name, double value);
void write_attribute(hid_t object, const char* name, long long value);
void write_attribute(hid_t object, const char* name, std::uint64_t value);

bool has_attribute(hid_t object, const char* name);
std::string read_string_attribute(hid_t object, const char* name);
double read_double_attribute(hid_t object, const char* name);
long long read_int_attribute(hid_t object, const char* name);

// Shape of a dataset.
std::vector<hsize_t> shape(hid_t dataset);

// A whole 1-D dataset, or row `row` of a dataset whose first axis is samples,
// converted to the requested memory type.
std::vector<double> read_doubles(hid_t dataset);
std::vector<double> read_row(hid_t dataset, hsize_t row);
template <typename T> std::vector<T> read_all(hid_t dataset, hid_t memory_type);

// Names of the members of a group, in creation order.
std::vector<std::string> members(hid_t group);

} // namespace skr::h5

#include "io/h5_impl.hpp"
