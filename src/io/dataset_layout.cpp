#include "io/dataset_layout.hpp"

#include "io/compression_tasks.hpp"
#include "io/dataset_writer.hpp"
#include "io/deflate_chunk.hpp"
#include "io/h5_attributes_storage.hpp"
#include "skr/version.hpp"
#include "util/error.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>

namespace skr {

std::string utc_now() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

namespace {

h5::Id create_group(hid_t parent, const char* name) {
  return h5::checked(H5Gcreate2(parent, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                     fmt::format("cannot create group '{}'", name));
}

// A [N, ...cells] dataset (cells empty for per-sample scalars); frame_chunks:
// cells = [T, ...grid], chunked one frame of one sample.
void create_dataset(hid_t file, const std::string& name, hid_t type, std::size_t samples,
                    const std::vector<int>& cells, int gzip_level, bool frame_chunks = false) {
  std::vector<hsize_t> dims{samples};
  for (int c : cells) dims.push_back(static_cast<hsize_t>(c));
  h5::Id space = h5::checked(H5Screate_simple(int(dims.size()), dims.data(), nullptr), H5Sclose,
                             "cannot create dataspace");
  h5::Id plist =
      h5::checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "cannot create property list");
  std::vector<hsize_t> chunk = dims;
  chunk[0] = 1; // one sample per chunk: trainers read sample by sample
  if (frame_chunks) chunk[1] = 1;
  if (cells.empty()) chunk[0] = std::min<hsize_t>(std::max<hsize_t>(samples, 1), 4096);
  if (samples > 0) {
    h5::check(H5Pset_chunk(plist, int(chunk.size()), chunk.data()), "cannot set chunking");
    if (gzip_level > 0) {
      H5Pset_shuffle(plist);
      H5Pset_deflate(plist, gzip_level);
    }
  }
  // Unwritten rows read as NaN (or solve_position -1), never as plausible data.
  if (name == "meta/solve_position") {
    const std::int64_t minus_one = -1;
    H5Pset_fill_value(plist, type, &minus_one);
  } else if (H5Tequal(type, H5T_NATIVE_FLOAT) > 0) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    H5Pset_fill_value(plist, type, &nan);
  } else if (H5Tequal(type, H5T_NATIVE_DOUBLE) > 0) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    H5Pset_fill_value(plist, type, &nan);
  }
  h5::checked(H5Dcreate2(file, name.c_str(), type, space, H5P_DEFAULT, plist, H5P_DEFAULT),
              H5Dclose, fmt::format("cannot create dataset '{}'", name));
}

void write_vector(hid_t file, const std::string& name, const std::vector<double>& values) {
  hsize_t n = values.size();
  h5::Id space = h5::checked(H5Screate_simple(1, &n, nullptr), H5Sclose, "cannot create dataspace");
  h5::Id set = h5::checked(
      H5Dcreate2(file, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
      H5Dclose, fmt::format("cannot create dataset '{}'", name));
  h5::check(H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
            fmt::format("cannot write dataset '{}'", name));
}

// Per-sample metadata and statistics: (path, HDF5 type).
const std::vector<std::pair<std::string, hid_t>>& per_sample_records() {
  static const std::vector<std::pair<std::string, hid_t>> records{
      {"meta/seed", H5T_NATIVE_UINT64},           {"meta/solve_position", H5T_NATIVE_INT64},
      {"stats/iterations", H5T_NATIVE_INT32},     {"stats/rel_residual", H5T_NATIVE_DOUBLE},
      {"stats/solve_seconds", H5T_NATIVE_DOUBLE}, {"stats/converged", H5T_NATIVE_UINT8},
      {"stats/reason", H5T_NATIVE_INT32},         {"stats/fallback", H5T_NATIVE_INT8}};
  return records;
}

// Per-step statistics of a trajectory, [N, S] each: (path, HDF5 type).
const std::vector<std::pair<std::string, hid_t>>& per_step_records() {
  static const std::vector<std::pair<std::string, hid_t>> records{
      {"stats/steps/iterations", H5T_NATIVE_INT32},
      {"stats/steps/rel_residual", H5T_NATIVE_DOUBLE},
      {"stats/steps/solve_seconds", H5T_NATIVE_DOUBLE}};
  return records;
}

// The time axis of a time-dependent dataset: root attributes, /grid/t, /stats/steps.
void create_time_layout(hid_t file, const DatasetSchema& s) {
  const TimeSettings& t = *s.time;
  h5::write_attribute(file, "time_dependent", 1LL);
  h5::write_attribute(file, "time_scheme", to_string(t.scheme));
  h5::write_attribute(file, "dt", t.dt);
  h5::write_attribute(file, "t_final", t.t_final);
  h5::write_attribute(file, "steps", static_cast<long long>(t.steps));
  h5::write_attribute(file, "record_every", static_cast<long long>(t.record_every));
  h5::write_attribute(file, "frames", static_cast<long long>(t.frames()));
  h5::write_attribute(file, "step_stats", std::string(t.stats_per_step ? "step" : "frame"));
  std::vector<double> times(static_cast<std::size_t>(t.frames()));
  for (int j = 0; j < t.frames(); ++j) times[std::size_t(j)] = t.frame_time(j);
  write_vector(file, "grid/t", times);
  create_group(file, "stats/steps");
  for (const auto& [path, type] : per_step_records())
    create_dataset(file, path, type, s.samples, {t.stat_columns()}, s.compression.level);
}

} // namespace

void write_run_notes(hid_t file, const DatasetSchema& s) {
  h5::write_attribute(file, "created", s.created.empty() ? utc_now() : s.created);
  for (const auto& [key, value] : s.notes) h5::write_attribute(file, key.c_str(), value);
}

void create_native_layout(hid_t file, const DatasetSchema& s) {
  const hid_t field_type = s.double_precision ? H5T_NATIVE_DOUBLE : H5T_NATIVE_FLOAT;
  h5::write_attribute(file, "format", std::string("skr-gen"));
  h5::write_attribute(file, "format_version", 1LL);
  h5::write_attribute(file, "generator_version", std::string(kVersion));
  h5::write_attribute(file, "git_commit", std::string(kGitCommit));
  h5::write_attribute(file, "problem", s.problem);
  h5::write_attribute(file, "config", s.config);
  h5::write_attribute(file, "base_seed", s.base_seed);
  h5::write_attribute(file, "samples_total", static_cast<long long>(s.samples));
  h5::write_attribute(file, "samples_done", 0LL);
  h5::write_attribute(file, "precision", std::string(s.double_precision ? "double" : "float"));
  h5::write_attribute(file, "rtol", s.rtol);
  h5::write_attribute(file, "complete", 0LL);
  write_run_notes(file, s);

  static const char* axis_names[] = {"x", "y", "z"};
  {
    auto grid = create_group(file, "grid");
    for (int axis = 0; axis < s.grid.dims(); ++axis)
      write_vector(grid, axis_names[axis], s.grid.coordinates(axis));
  }
  for (const char* group : {"inputs", "outputs", "meta", "stats"}) create_group(file, group);
  const int level = s.compression.level;
  for (const auto& name : s.input_fields)
    create_dataset(file, "inputs/" + name, field_type, s.samples, s.grid.cells, level);
  for (const auto& name : s.input_scalars)
    create_dataset(file, "inputs/" + name, H5T_NATIVE_DOUBLE, s.samples, {}, level);
  std::vector<int> output_cells = s.grid.cells;
  if (s.time) output_cells.insert(output_cells.begin(), s.time->frames());
  for (const auto& name : s.output_fields)
    create_dataset(file, "outputs/" + name, field_type, s.samples, output_cells, level,
                   s.time.has_value());
  for (const auto& [path, type] : per_sample_records())
    create_dataset(file, path, type, s.samples, {}, level);
  if (s.time) create_time_layout(file, s);
  if (!s.sample_index.empty()) { // a shard: which of the run's samples its rows are
    h5::write_attribute(file, "shard", s.shard);
    const std::vector<std::uint64_t> index(s.sample_index.begin(), s.sample_index.end());
    h5::write_vector(file, "meta/index", H5T_STD_U64LE, H5T_NATIVE_UINT64, index.data(),
                     index.size());
  }
}

std::vector<std::string> sample_dataset_paths(const DatasetSchema& s) {
  std::vector<std::string> paths;
  for (const auto& name : s.input_fields) paths.push_back("inputs/" + name);
  for (const auto& name : s.input_scalars) paths.push_back("inputs/" + name);
  for (const auto& name : s.output_fields) paths.push_back("outputs/" + name);
  for (const auto& [path, type] : per_sample_records()) paths.push_back(path);
  if (s.time)
    for (const auto& [path, type] : per_step_records()) paths.push_back(path);
  return paths;
}

void write_dataset_row(hid_t file, const std::string& path, std::size_t row, hid_t memory_type,
                       const void* data, std::size_t count) {
  h5::Id set = h5::open_dataset(file, path);
  auto dims = h5::shape(set);
  std::vector<hsize_t> start(dims.size(), 0), extent = dims;
  start[0] = row;
  extent[0] = 1;
  std::size_t expected = 1;
  for (std::size_t d = 1; d < dims.size(); ++d) expected *= dims[d];
  if (count != expected)
    fail("dataset '{}': sample has {} values, expected {}", path, count, expected);
  h5::Id file_space = h5::checked(H5Dget_space(set), H5Sclose, "cannot read dataspace");
  h5::check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, extent.data(),
                                nullptr),
            "bad selection");
  // Shaped like the selection: HDF5 then copies whole rows, where a 1-D
  // memory space against a chunked [1, T, nx, ny] row walks it element-wise.
  h5::Id mem_space = h5::checked(H5Screate_simple(int(extent.size()), extent.data(), nullptr),
                                 H5Sclose, "cannot create dataspace");
  h5::check(H5Dwrite(set, memory_type, mem_space, file_space, H5P_DEFAULT, data),
            fmt::format("cannot write row {} of '{}' (disk full?)", row, path));
}

namespace {

// Writes each row's values into a compressed field (as float unless
// `as_double`), each chunk (a row, or one frame of it) compressed, then
// stored as is (H5Dwrite_chunk): by `tasks[row]`, if not null, else here.
void write_compressed_rows(hid_t file, const std::string& path,
                           const std::vector<const std::vector<double>*>& rows,
                           const std::vector<const RowChunks*>& tasks, bool as_double,
                           const Compression& compression) {
  h5::Id set = h5::open_dataset(file, path);
  const auto dims = h5::shape(set);
  h5::Id plist = h5::checked(H5Dget_create_plist(set), H5Pclose, "cannot read dataset properties");
  std::vector<hsize_t> chunk(dims.size());
  if (H5Pget_chunk(plist, int(chunk.size()), chunk.data()) != int(dims.size()))
    fail("internal: '{}' is not chunked", path);
  // Our field chunks are whole rows or whole frames: contiguous slices of the row.
  std::size_t row_values = 1, chunk_values = 1;
  for (std::size_t d = 1; d < dims.size(); ++d) {
    if (chunk[d] != dims[d] && (d > 1 || chunk[d] != 1))
      fail("internal: '{}' is not chunked by rows or frames", path);
    row_values *= dims[d];
    chunk_values *= chunk[d];
  }
  std::vector<hsize_t> offset(dims.size(), 0);
  std::vector<unsigned char> scratch;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    const std::vector<double>& values = *rows[row];
    if (values.size() != row_values)
      fail("dataset '{}': sample has {} values, expected {}", path, values.size(), row_values);
    const RowChunks* chunks = tasks[row];
    if (chunks &&
        (chunks->chunk_values != chunk_values || chunks->count * chunk_values != row_values))
      fail("internal: '{}' is compressed in chunks of {} values, not {}", path,
           chunks->chunk_values, chunk_values);
    offset[0] = row;
    for (std::size_t c = 0; c * chunk_values < row_values; ++c) {
      offset[1] = dims.size() > 1 && chunk[1] == 1 ? c : 0;
      const auto& bytes =
          chunks ? chunks->tasks->take(*chunks, c, scratch)
                 : (scratch = compress_field_chunk(values.data() + c * chunk_values, chunk_values,
                                                   as_double, compression));
      h5::check(H5Dwrite_chunk(set, H5P_DEFAULT, 0, offset.data(), bytes.size(), bytes.data()),
                fmt::format("cannot write row {} of '{}' (disk full?)", row, path));
    }
  }
}

// A field's rows, stored as float unless the schema is double: converted here
// (a plain cast, what HDF5's own conversion does, overflow to inf included),
// since HDF5's conversion costs ~2 ms per 128^2 frame on an in-memory file.
void write_field_rows(hid_t file, const DatasetSchema& schema, const std::string& path,
                      const std::vector<const std::vector<double>*>& rows,
                      const std::vector<const RowChunks*>& tasks) {
  if (schema.compression.enabled())
    return write_compressed_rows(file, path, rows, tasks, schema.double_precision,
                                 schema.compression);
  for (std::size_t row = 0; row < rows.size(); ++row) {
    const std::vector<double>& values = *rows[row];
    if (schema.double_precision) {
      write_dataset_row(file, path, row, H5T_NATIVE_DOUBLE, values.data(), values.size());
      continue;
    }
    const std::vector<float> single(values.begin(), values.end());
    write_dataset_row(file, path, row, H5T_NATIVE_FLOAT, single.data(), single.size());
  }
}

// Writes the whole of dataset `path` at once (a per-sample value of every row).
template <class T>
void write_whole(hid_t file, const std::string& path, hid_t memory_type,
                 const std::vector<T>& values) {
  h5::Id set = h5::open_dataset(file, path);
  std::size_t size = 1;
  for (const hsize_t d : h5::shape(set)) size *= d;
  if (values.size() != size)
    fail("internal: '{}' holds {} values, {} given", path, size, values.size());
  h5::check(H5Dwrite(set, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
            fmt::format("cannot write '{}' (disk full?)", path));
}

// One value per row.
template <class T, class Value>
std::vector<T> column(const std::vector<SampleRow>& rows, Value value) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(static_cast<T>(value(row)));
  return out;
}

// A trajectory's per-step statistics, a column per recorded interval, appended
// to the [N, S] arrays: steps it never reached read as 0 iterations, NaN
// residual and time; a column sums its steps (largest residual).
void append_step_columns(const TimeSettings& time, const std::vector<SolveStats>& steps,
                         std::vector<int>& iterations, std::vector<double>& residuals,
                         std::vector<double>& seconds) {
  const std::size_t count = static_cast<std::size_t>(time.stat_columns());
  const std::size_t per_column = static_cast<std::size_t>(time.steps_per_stat_column());
  const std::size_t first = iterations.size();
  iterations.resize(first + count, 0);
  residuals.resize(first + count, std::numeric_limits<double>::quiet_NaN());
  seconds.resize(first + count, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t c = 0; c < count && c * per_column < steps.size(); ++c) {
    const std::size_t last = std::min(steps.size(), (c + 1) * per_column);
    if (last < (c + 1) * per_column) break; // an interval the trajectory did not finish
    residuals[first + c] = seconds[first + c] = 0;
    for (std::size_t n = c * per_column; n < last; ++n) {
      iterations[first + c] += steps[n].iterations;
      const double r = steps[n].rel_residual;
      if (std::isnan(r) || r > residuals[first + c]) residuals[first + c] = r; // a NaN stays
      seconds[first + c] += steps[n].solve_seconds;
    }
  }
}

// The tasks compressing the row's field `path`, or null.
const RowChunks* chunk_tasks(const SampleRow& row, const std::string& path) {
  if (!row.compressed) return nullptr;
  const auto found = row.compressed->find(path);
  return found == row.compressed->end() ? nullptr : &found->second;
}

} // namespace

std::size_t field_chunk_values(const DatasetSchema& schema) {
  std::size_t values = 1;
  for (const int cells : schema.grid.cells) values *= std::size_t(cells);
  return values;
}

std::vector<unsigned char> compress_field_chunk(const double* values, std::size_t count,
                                                bool as_double, const Compression& compression) {
  if (as_double) return shuffle_deflate(values, count, sizeof(double), compression);
  // One chunk converted at a time, into a buffer each thread keeps: no
  // chunk-sized allocation (fresh pages) per chunk.
  thread_local std::vector<float> single;
  single.assign(values, values + count);
  return shuffle_deflate(single.data(), count, sizeof(float), compression);
}

void write_sample_rows(hid_t file, const DatasetSchema& schema,
                       const std::vector<SampleRow>& rows) {
  const auto write_field = [&](const std::string& path, auto values_of) {
    std::vector<const std::vector<double>*> values;
    std::vector<const RowChunks*> tasks;
    for (const auto& row : rows) {
      values.push_back(&values_of(row));
      tasks.push_back(chunk_tasks(row, path));
    }
    write_field_rows(file, schema, path, values, tasks);
  };
  for (const auto& name : schema.input_fields)
    write_field(
        "inputs/" + name, [&](const SampleRow& r) -> auto& { return r.sample.fields.at(name); });
  for (const auto& name : schema.output_fields)
    write_field(
        "outputs/" + name, [&](const SampleRow& r) -> auto& { return r.outputs.at(name); });
  for (const auto& name : schema.input_scalars) {
    const auto scalar = [&](const SampleRow& r) { return r.sample.scalars.at(name); };
    write_whole(file, "inputs/" + name, H5T_NATIVE_DOUBLE, column<double>(rows, scalar));
  }
  write_whole(file, "meta/seed", H5T_NATIVE_UINT64,
              column<std::uint64_t>(rows, [](const SampleRow& r) { return r.sample.seed; }));
  write_whole(file, "meta/solve_position", H5T_NATIVE_INT64,
              column<std::int64_t>(rows,
                                   [](const SampleRow& r) { return r.stats.solve_position; }));
  write_whole(file, "stats/iterations", H5T_NATIVE_INT,
              column<int>(rows, [](const SampleRow& r) { return r.stats.iterations; }));
  write_whole(file, "stats/rel_residual", H5T_NATIVE_DOUBLE,
              column<double>(rows, [](const SampleRow& r) { return r.stats.rel_residual; }));
  write_whole(file, "stats/solve_seconds", H5T_NATIVE_DOUBLE,
              column<double>(rows, [](const SampleRow& r) { return r.stats.solve_seconds; }));
  write_whole(file, "stats/converged", H5T_NATIVE_UINT8,
              column<std::uint8_t>(rows, [](const SampleRow& r) { return r.stats.converged; }));
  write_whole(file, "stats/reason", H5T_NATIVE_INT,
              column<int>(rows, [](const SampleRow& r) { return r.stats.reason; }));
  write_whole(file, "stats/fallback", H5T_NATIVE_INT8,
              column<std::int8_t>(rows, [](const SampleRow& r) { return r.stats.fallback; }));
  if (!schema.time) return;
  std::vector<int> iterations;
  std::vector<double> residuals, seconds;
  for (const auto& row : rows)
    append_step_columns(*schema.time, row.steps, iterations, residuals, seconds);
  write_whole(file, "stats/steps/iterations", H5T_NATIVE_INT, iterations);
  write_whole(file, "stats/steps/rel_residual", H5T_NATIVE_DOUBLE, residuals);
  write_whole(file, "stats/steps/solve_seconds", H5T_NATIVE_DOUBLE, seconds);
}

} // namespace skr
