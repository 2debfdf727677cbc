#include "io/dataset_writer.hpp"

#include "util/error.hpp"
#include "skr/version.hpp"

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace skr {

namespace fs = std::filesystem;

DatasetSchema schema_for(const Problem& problem, const Sample& sample, std::size_t samples) {
  DatasetSchema schema;
  schema.problem = std::string(problem.name());
  schema.grid = problem.grid();
  schema.samples = samples;
  for (const auto& [name, values] : sample.fields) schema.input_fields.push_back(name);
  for (const auto& [name, value] : sample.scalars) schema.input_scalars.push_back(name);
  const std::vector<double> zero(problem.grid().points(), 0.0);
  for (const auto& [name, values] : problem.outputs(sample, zero)) schema.output_fields.push_back(name);
  return schema;
}

namespace {

std::string utc_now() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

h5::Id create_group(hid_t parent, const char* name) {
  return h5::checked(H5Gcreate2(parent, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                     fmt::format("cannot create group '{}'", name));
}

// A [N, ...cells] dataset (cells may be empty for per-sample scalars).
void create_dataset(hid_t file, const std::string& name, hid_t type, std::size_t samples,
                    const std::vector<int>& cells, int gzip_level) {
  std::vector<hsize_t> dims{samples};
  for (int c : cells) dims.push_back(static_cast<hsize_t>(c));
  h5::Id space = h5::checked(H5Screate_simple(int(dims.size()), dims.data(), nullptr), H5Sclose,
                             "cannot create dataspace");
  h5::Id plist = h5::checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "cannot create property list");
  std::vector<hsize_t> chunk = dims;
  chunk[0] = 1; // one sample per chunk: trainers read sample by sample
  if (cells.empty()) chunk[0] = std::min<hsize_t>(std::max<hsize_t>(samples, 1), 4096);
  if (samples > 0) {
    h5::check(H5Pset_chunk(plist, int(chunk.size()), chunk.data()), "cannot set chunking");
    if (gzip_level > 0) {
      H5Pset_shuffle(plist);
      H5Pset_deflate(plist, gzip_level);
    }
  }
  // Unwritten rows read as NaN / 0, never as plausible data.
  if (H5Tequal(type, H5T_NATIVE_FLOAT) > 0) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    H5Pset_fill_value(plist, type, &nan);
  } else if (H5Tequal(type, H5T_NATIVE_DOUBLE) > 0) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    H5Pset_fill_value(plist, type, &nan);
  }
  h5::checked(H5Dcreate2(file, name.c_str(), type, space, H5P_DEFAULT, plist, H5P_DEFAULT), H5Dclose,
              fmt::format("cannot create dataset '{}'", name));
}

void write_vector(hid_t file, const std::string& name, const std::vector<double>& values) {
  hsize_t n = values.size();
  h5::Id space = h5::checked(H5Screate_simple(1, &n, nullptr), H5Sclose, "cannot create dataspace");
  h5::Id set = h5::checked(H5Dcreate2(file, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                           H5Dclose, fmt::format("cannot create dataset '{}'", name));
  h5::check(H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
            fmt::format("cannot write dataset '{}'", name));
}

} // namespace

DatasetWriter::DatasetWriter(std::string path, DatasetSchema schema, bool overwrite)
    : path_(std::move(path)), schema_(std::move(schema)) {
  h5::silence_errors();
  if (fs::exists(path_) && !overwrite) fail("output '{}' already exists (use --overwrite to replace it)", path_);
  if (fs::exists(path_) && fs::is_directory(path_)) fail("output '{}' is a directory", path_);
  const std::string partial = partial_path();
  hid_t id = H5Fcreate(partial.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (id < 0) {
    // Find out why, for a message that helps: missing directory, permissions...
    std::ofstream probe(partial);
    const std::string reason = probe ? "HDF5 could not create it" : std::strerror(errno);
    fail("cannot write output '{}': {}", partial, reason);
  }
  file_ = h5::Id(id, H5Fclose);
  create_layout();
}

DatasetWriter::~DatasetWriter() {
  // An unfinished file keeps its .partial name (and complete = 0).
  file_.reset();
}

void DatasetWriter::create_layout() {
  const auto& s = schema_;
  const hid_t field_type = s.double_precision ? H5T_NATIVE_DOUBLE : H5T_NATIVE_FLOAT;
  h5::write_attribute(file_, "format", std::string("skr-gen"));
  h5::write_attribute(file_, "format_version", 1LL);
  h5::write_attribute(file_, "generator_version", std::string(kVersion));
  h5::write_attribute(file_, "git_commit", std::string(kGitCommit));
  h5::write_attribute(file_, "problem", s.problem);
  h5::write_attribute(file_, "config", s.config);
  h5::write_attribute(file_, "base_seed", s.base_seed);
  h5::write_attribute(file_, "created", utc_now());
  h5::write_attribute(file_, "samples_total", static_cast<long long>(s.samples));
  h5::write_attribute(file_, "samples_done", 0LL);
  h5::write_attribute(file_, "precision", std::string(s.double_precision ? "double" : "float"));
  h5::write_attribute(file_, "rtol", s.rtol);
  h5::write_attribute(file_, "complete", 0LL);

  static const char* axis_names[] = {"x", "y", "z"};
  {
    auto grid = create_group(file_, "grid");
    for (int axis = 0; axis < s.grid.dims(); ++axis)
      write_vector(grid, axis_names[axis], s.grid.coordinates(axis));
  }
  for (const char* group : {"inputs", "outputs", "meta", "stats"}) create_group(file_, group);
  for (const auto& name : s.input_fields) create_dataset(file_, "inputs/" + name, field_type, s.samples, s.grid.cells, s.gzip_level);
  for (const auto& name : s.input_scalars) create_dataset(file_, "inputs/" + name, H5T_NATIVE_DOUBLE, s.samples, {}, s.gzip_level);
  for (const auto& name : s.output_fields) create_dataset(file_, "outputs/" + name, field_type, s.samples, s.grid.cells, s.gzip_level);
  create_dataset(file_, "meta/seed", H5T_NATIVE_UINT64, s.samples, {}, s.gzip_level);
  create_dataset(file_, "meta/solve_position", H5T_NATIVE_INT64, s.samples, {}, s.gzip_level);
  create_dataset(file_, "stats/iterations", H5T_NATIVE_INT32, s.samples, {}, s.gzip_level);
  create_dataset(file_, "stats/rel_residual", H5T_NATIVE_DOUBLE, s.samples, {}, s.gzip_level);
  create_dataset(file_, "stats/solve_seconds", H5T_NATIVE_DOUBLE, s.samples, {}, s.gzip_level);
  create_dataset(file_, "stats/converged", H5T_NATIVE_UINT8, s.samples, {}, s.gzip_level);
  create_dataset(file_, "stats/reason", H5T_NATIVE_INT32, s.samples, {}, s.gzip_level);
}

void DatasetWriter::write_row(const std::string& name, std::size_t index, hid_t memory_type, const void* data,
                              std::size_t count) {
  h5::Id set = h5::open_dataset(file_, name);
  auto dims = h5::shape(set);
  std::vector<hsize_t> start(dims.size(), 0), extent = dims;
  start[0] = index;
  extent[0] = 1;
  std::size_t expected = 1;
  for (std::size_t d = 1; d < dims.size(); ++d) expected *= dims[d];
  if (count != expected) fail("dataset '{}': sample has {} values, expected {}", name, count, expected);
  h5::Id file_space = h5::checked(H5Dget_space(set), H5Sclose, "cannot read dataspace");
  h5::check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, extent.data(), nullptr),
            "bad selection");
  hsize_t n = count;
  h5::Id mem_space = h5::checked(H5Screate_simple(1, &n, nullptr), H5Sclose, "cannot create dataspace");
  h5::check(H5Dwrite(set, memory_type, mem_space, file_space, H5P_DEFAULT, data),
            fmt::format("cannot write sample {} of '{}' to '{}' (disk full?)", index, name, partial_path()));
}

void DatasetWriter::write(std::size_t index, const Sample& sample, const Fields& outputs, const SolveStats& stats) {
  if (index >= schema_.samples) fail("sample index {} outside 0..{}", index, schema_.samples - 1);
  for (const auto& name : schema_.input_fields) {
    const auto& values = sample.fields.at(name);
    write_row("inputs/" + name, index, H5T_NATIVE_DOUBLE, values.data(), values.size());
  }
  for (const auto& name : schema_.input_scalars)
    write_row("inputs/" + name, index, H5T_NATIVE_DOUBLE, &sample.scalars.at(name), 1);
  for (const auto& name : schema_.output_fields) {
    const auto& values = outputs.at(name);
    write_row("outputs/" + name, index, H5T_NATIVE_DOUBLE, values.data(), values.size());
  }
  const std::uint8_t converged = stats.converged ? 1 : 0;
  const std::int64_t position = stats.solve_position;
  write_row("meta/seed", index, H5T_NATIVE_UINT64, &sample.seed, 1);
  write_row("meta/solve_position", index, H5T_NATIVE_INT64, &position, 1);
  write_row("stats/iterations", index, H5T_NATIVE_INT, &stats.iterations, 1);
  write_row("stats/rel_residual", index, H5T_NATIVE_DOUBLE, &stats.rel_residual, 1);
  write_row("stats/solve_seconds", index, H5T_NATIVE_DOUBLE, &stats.solve_seconds, 1);
  write_row("stats/converged", index, H5T_NATIVE_UINT8, &converged, 1);
  write_row("stats/reason", index, H5T_NATIVE_INT, &stats.reason, 1);
  ++written_;
}

void DatasetWriter::finish() {
  if (finished_) return;
  if (written_ != schema_.samples)
    fail("internal: finishing '{}' with {} of {} samples written", path_, written_, schema_.samples);
  h5::write_attribute(file_, "samples_done", static_cast<long long>(written_));
  h5::write_attribute(file_, "complete", 1LL); // written last
  h5::check(H5Fflush(file_, H5F_SCOPE_GLOBAL), fmt::format("cannot flush '{}' (disk full?)", partial_path()));
  file_.reset();
  std::error_code ec;
  fs::rename(partial_path(), path_, ec);
  if (ec) fail("cannot rename '{}' to '{}': {}", partial_path(), path_, ec.message());
  finished_ = true;
}

} // namespace skr
