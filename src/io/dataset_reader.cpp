#include "io/dataset_reader.hpp"

#include "io/h5_attributes_storage.hpp"
#include "discretize/problem_registry.hpp"
#include "util/error.hpp"

#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>

namespace skr {

namespace fs = std::filesystem;

namespace {

// Sample i of the dataset at `path` (a row of [N, ...]) of the file `name`.
template <class T>
std::vector<T> read_sample(hid_t file, const std::string& name, std::size_t samples,
                           const std::string& path, std::size_t i, hid_t type) {
  if (i >= samples) fail("sample {} is outside 0..{} of '{}'", i, samples - 1, name);
  try {
    return h5::read_rows<T>(h5::open_dataset(file, path), i, 1, type);
  } catch (const Error& e) {
    fail("'{}': cannot read sample {} of '{}': {}", name, i, path, e.what());
  }
}

ArrayInfo describe(hid_t file, const std::string& group, const std::string& name) {
  ArrayInfo info;
  info.path = group + "/" + name;
  info.name = name;
  h5::Id set = h5::open_dataset(file, info.path);
  info.shape = h5::shape(set);
  info.dtype = h5::dtype_name(set);
  info.chunk = h5::chunk_shape(set);
  info.compression = h5::compression_text(set);
  return info;
}

// Inputs and outputs are read as floating point: HDF5 cannot convert a
// string (or compound) to it and would say only "cannot read data", and a
// string [N] would pass for a scalar input and leave "no input fields".
void require_floating_point(const ArrayInfo& info) {
  if (!info.dtype.starts_with("float"))
    fail("dataset '{}' has type {}; expected floating point", info.path, info.dtype);
}

bool is_dataset(hid_t file, const std::string& path) {
  const hid_t id = H5Oopen(file, path.c_str(), H5P_DEFAULT);
  if (id < 0) return false;
  const bool dataset = H5Iget_type(id) == H5I_DATASET;
  H5Oclose(id);
  return dataset;
}

// Every dataset of a group (none if the group does not exist); subgroups
// (stats/steps) are skipped.
std::vector<ArrayInfo> list_arrays(hid_t file, const std::string& group) {
  std::vector<ArrayInfo> out;
  if (!h5::exists(file, group)) return out;
  h5::Id g = h5::open_group(file, group);
  for (const auto& name : h5::members(g))
    if (is_dataset(file, group + "/" + name)) out.push_back(describe(file, group, name));
  return out;
}

} // namespace

DatasetReader::DatasetReader(std::string path, Incomplete incomplete) : path_(std::move(path)) {
  std::error_code ec;
  const bool partial = path_.size() > 8 && path_.ends_with(".partial");
  if (!fs::exists(path_, ec)) {
    if (fs::exists(path_ + ".partial", ec))
      fail("'{}' does not exist: its generate run was interrupted ({}.partial; finish it with "
           "generate --resume)",
           path_, path_);
    fail("'{}' does not exist", path_);
  }
  if (fs::is_directory(path_, ec)) {
    if (partial)
      fail("'{}' is an interrupted generate run, not a dataset (finish it with generate --resume)",
           path_);
    fail("'{}' is a directory, not a dataset file", path_);
  }
  file_ = h5::open_file(path_, H5F_ACC_RDONLY);
  try {
    if (!h5::has_attribute(file_, "format") ||
        h5::read_text_attribute(file_, "format") != "skr-gen")
      fail("no format = \"skr-gen\" attribute");
    // Written by dataset_layout.cpp; a later version may change the layout.
    constexpr long long kFormatVersion = 1;
    if (const long long v = h5::read_int_attribute(file_, "format_version"); v != kFormatVersion)
      fail("format_version {} (this skr-gen reads version {})", v, kFormatVersion);
    problem_ = h5::read_text_attribute(file_, "problem");
    config_ = h5::read_text_attribute(file_, "config");
    const long long total = h5::read_int_attribute(file_, "samples_total");
    const long long done = h5::read_int_attribute(file_, "samples_done");
    if (total < 0) fail("attribute samples_total is negative ({})", total);
    if (done < 0 || done > total)
      fail("attribute samples_done ({}) is outside 0..samples_total ({})", done, total);
    samples_ = static_cast<std::size_t>(total);
    samples_done_ = static_cast<std::size_t>(done);
    complete_ = h5::read_int_attribute(file_, "complete") == 1;
    for (const char* group : {"grid", "inputs", "outputs", "meta", "stats"})
      if (!h5::exists(file_, group)) fail("missing group '{}'", group);
    // What every command relies on: a file without them is damaged, whatever
    // its `complete` says.
    for (const char* set : {"meta/seed", "stats/converged"})
      if (!h5::exists(file_, set)) fail("missing dataset '{}'", set);
    read_time_axis();
    {
      h5::Id inputs = h5::open_group(file_, "inputs");
      for (const auto& name : h5::members(inputs)) {
        ArrayInfo info = describe(file_, "inputs", name);
        require_floating_point(info);
        (info.shape.size() > 1 ? input_fields_ : input_scalars_).push_back(std::move(info));
      }
      h5::Id outputs = h5::open_group(file_, "outputs");
      for (const auto& name : h5::members(outputs)) {
        output_fields_.push_back(describe(file_, "outputs", name));
        require_floating_point(output_fields_.back());
      }
      // Most families store outputs/solution; ns2d stores outputs/vorticity.
      if (output_fields_.empty()) fail("missing dataset 'outputs/solution' (no output field)");
    }
    // Every per-sample dataset holds exactly one row per sample, and every
    // field one value per cell of /grid.
    std::vector<ArrayInfo> per_sample = list_arrays(file_, "meta"),
                           stats = list_arrays(file_, "stats");
    per_sample.insert(per_sample.end(), stats.begin(), stats.end());
    if (time_.dependent) step_arrays_ = list_arrays(file_, "stats/steps");
    for (const auto& a : step_arrays_)
      if (a.shape.size() != 2 || a.shape[1] != hsize_t(time_.stat_columns()))
        fail("dataset '{}' has shape [{}], expected [{}, {}] (one column per {})", a.path,
             fmt::join(a.shape, ", "), samples_, time_.stat_columns(),
             time_.stats_per_step ? "time step" : "recorded interval");
    for (const auto* list :
         {&input_fields_, &input_scalars_, &output_fields_, &per_sample, &step_arrays_})
      for (const auto& a : *list)
        if (a.shape.empty() || a.shape[0] != samples_)
          fail("dataset '{}' has {} rows, samples_total is {}", a.path,
               a.shape.empty() ? 0 : a.shape[0], samples_);
    const auto grid = cells();
    if (grid.empty()) fail("/grid holds no readable coordinates (grid/x)");
    for (const auto* list : {&input_fields_, &output_fields_}) {
      // Outputs of trajectories hold a frame axis after the sample axis.
      std::vector<hsize_t> row(grid.begin(), grid.end());
      if (list == &output_fields_ && time_.dependent) row.insert(row.begin(), time_.frames);
      for (const auto& a : *list)
        if (!std::equal(a.shape.begin() + 1, a.shape.end(), row.begin(), row.end()))
          fail("dataset '{}' has shape [{}], /grid is {}{} (expected [{}, {}])", a.path,
               fmt::join(a.shape, ", "), fmt::join(grid, "x"),
               row.size() > grid.size() ? fmt::format(" with {} frames", time_.frames) : "",
               samples_, fmt::join(row, ", "));
    }
  } catch (const Error& e) {
    fail("'{}' is not a valid skr-gen dataset: {}", path_, e.what());
  }
  if (!complete_ && incomplete == Incomplete::refuse)
    fail("'{}' is incomplete ({} of {} samples written; generation was interrupted)", path_,
         samples_done_, samples_);
}

void DatasetReader::read_time_axis() {
  if (!h5::has_attribute(file_, "time_dependent") ||
      h5::read_int_attribute(file_, "time_dependent") == 0)
    return;
  TimeAxis& t = time_;
  t.dependent = true;
  t.scheme = h5::read_text_attribute(file_, "time_scheme");
  t.dt = h5::read_double_attribute(file_, "dt");
  t.t_final = h5::read_double_attribute(file_, "t_final");
  t.steps = h5::read_int_attribute(file_, "steps");
  t.record_every = h5::read_int_attribute(file_, "record_every");
  if (h5::has_attribute(file_, "step_stats"))
    t.stats_per_step = h5::read_text_attribute(file_, "step_stats") != "frame";
  const long long frames = h5::read_int_attribute(file_, "frames");
  if (!(t.dt > 0) || !(t.t_final > 0))
    fail("attributes dt ({}) and t_final ({}) must be positive", t.dt, t.t_final);
  if (t.steps < 1 || t.record_every < 1 || t.steps % t.record_every != 0 ||
      frames != t.steps / t.record_every + 1)
    fail("time attributes disagree: steps {}, record_every {}, frames {} (frames must be "
         "steps / record_every + 1)",
         t.steps, t.record_every, frames);
  if (!h5::exists(file_, "grid/t")) fail("missing dataset 'grid/t' (time_dependent = 1)");
  t.times = h5::read_doubles(h5::open_dataset(file_, "grid/t"));
  if (t.times.size() != std::size_t(frames))
    fail("grid/t holds {} times, attribute frames is {}", t.times.size(), frames);
  t.frames = std::size_t(frames);
}

std::uint64_t DatasetReader::base_seed() const {
  std::uint64_t seed = 0;
  h5::Id attr = h5::checked(H5Aopen(file_, "base_seed", H5P_DEFAULT), H5Aclose,
                            "missing attribute 'base_seed'");
  h5::check(H5Aread(attr, H5T_NATIVE_UINT64, &seed), "cannot read attribute 'base_seed'");
  return seed;
}

std::string DatasetReader::precision() const {
  return h5::has_attribute(file_, "precision") ? h5::read_text_attribute(file_, "precision")
                                               : "float";
}

double DatasetReader::rtol() const {
  return h5::has_attribute(file_, "rtol") ? h5::read_double_attribute(file_, "rtol") : 0.0;
}

int DatasetReader::stride() const {
  return h5::has_attribute(file_, "stride") ? int(h5::read_int_attribute(file_, "stride")) : 1;
}

std::vector<std::pair<std::string, std::string>> DatasetReader::attributes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& name : h5::attribute_names(file_))
    out.emplace_back(name, h5::attribute_text(file_, name.c_str()));
  return out;
}

std::vector<std::vector<double>> DatasetReader::coordinates() const {
  std::vector<std::vector<double>> axes;
  for (const char* axis : {"grid/x", "grid/y", "grid/z"}) {
    if (!h5::exists(file_, axis)) break;
    axes.push_back(h5::read_doubles(h5::open_dataset(file_, axis)));
  }
  return axes;
}

std::vector<int> DatasetReader::cells() const {
  std::vector<int> cells;
  for (const auto& axis : coordinates()) cells.push_back(int(axis.size()));
  return cells;
}

std::vector<ArrayInfo> DatasetReader::arrays(const std::string& group) const {
  std::vector<ArrayInfo> out;
  try {
    out = list_arrays(file_, group);
  } catch (const Error& e) {
    fail("'{}': cannot read group '{}' (corrupt file?): {}", path_, group, e.what());
  }
  return out;
}

std::vector<double> DatasetReader::read_field(const std::string& path, std::size_t i) const {
  return read_sample<double>(file_, path_, samples_, path, i, H5T_NATIVE_DOUBLE);
}

std::vector<float> DatasetReader::read_field_float(const std::string& path, std::size_t i) const {
  return read_sample<float>(file_, path_, samples_, path, i, H5T_NATIVE_FLOAT);
}

Sample DatasetReader::read_inputs(std::size_t i) const {
  Sample sample;
  for (const auto& f : input_fields_) sample.fields[f.name] = read_field(f.path, i);
  for (const auto& s : input_scalars_) sample.scalars[s.name] = read_field(s.path, i).at(0);
  try {
    sample.seed =
        h5::read_rows<std::uint64_t>(h5::open_dataset(file_, "meta/seed"), i, 1, H5T_NATIVE_UINT64)
            .at(0);
  } catch (const Error& e) {
    fail("'{}': cannot read the seed of sample {}: {}", path_, i, e.what());
  }
  return sample;
}

Fields DatasetReader::read_outputs(std::size_t i) const {
  Fields out;
  for (const auto& f : output_fields_) out[f.name] = read_field(f.path, i);
  return out;
}

std::vector<double> DatasetReader::read_column(const std::string& path) const {
  try {
    return h5::read_doubles(h5::open_dataset(file_, path));
  } catch (const Error& e) {
    fail("'{}': cannot read '{}': {}", path_, path, e.what());
  }
}

std::vector<std::uint64_t> DatasetReader::seeds() const {
  try {
    return h5::read_all<std::uint64_t>(h5::open_dataset(file_, "meta/seed"), H5T_NATIVE_UINT64);
  } catch (const Error& e) {
    fail("'{}': cannot read 'meta/seed': {}", path_, e.what());
  }
}

StatsSummary DatasetReader::stats() const {
  // Rows never written (incomplete files) hold NaN residuals: skipped.
  StatsSummary s;
  const auto iterations = read_column("stats/iterations");
  const auto residual = read_column("stats/rel_residual");
  const auto seconds = read_column("stats/solve_seconds");
  const auto converged = read_column("stats/converged");
  double sum = 0;
  s.iterations_min = std::numeric_limits<long long>::max();
  for (std::size_t i = 0; i < residual.size(); ++i) {
    if (std::isnan(residual[i])) continue;
    ++s.samples;
    sum += iterations[i];
    s.iterations_min = std::min(s.iterations_min, (long long)iterations[i]);
    s.iterations_max = std::max(s.iterations_max, (long long)iterations[i]);
    s.max_rel_residual = std::max(s.max_rel_residual, residual[i]);
    s.solve_seconds_total += seconds[i];
    s.not_converged += converged[i] != 1.0;
  }
  if (s.samples == 0) {
    s.iterations_min = 0;
    return s;
  }
  s.iterations_mean = sum / double(s.samples);
  s.solve_seconds_mean = s.solve_seconds_total / double(s.samples);
  return s;
}

StepStatsSummary DatasetReader::step_stats() const {
  StepStatsSummary s;
  if (step_arrays_.empty() || !h5::exists(file_, "stats/steps/iterations")) return s;
  auto all = [&](const std::string& path) {
    if (!h5::exists(file_, path)) return std::vector<double>{};
    try {
      return h5::read_doubles(h5::open_dataset(file_, path));
    } catch (const Error& e) {
      fail("'{}': cannot read '{}': {}", path_, path, e.what());
    }
  };
  const auto iterations = all("stats/steps/iterations");
  const auto residual = all("stats/steps/rel_residual");
  const auto seconds = all("stats/steps/solve_seconds");
  const auto written = read_column("stats/rel_residual"); // NaN: trajectory not written
  const std::size_t steps = std::size_t(time_.stat_columns());
  double iteration_sum = 0, seconds_sum = 0;
  for (std::size_t k = 0; k < iterations.size(); ++k) {
    const std::size_t i = k / steps;
    if (i >= written.size() || std::isnan(written[i])) continue;
    // Steps a failed trajectory never reached are stored with NaN residuals.
    if (k < residual.size() && std::isnan(residual[k])) continue;
    ++s.steps;
    iteration_sum += iterations[k];
    if ((long long)iterations[k] > s.iterations_max || s.steps == 1) {
      s.iterations_max = (long long)iterations[k];
      s.hardest_sample = i;
      s.hardest_step = k % steps;
    }
    if (k < residual.size() && std::isfinite(residual[k]))
      s.max_rel_residual = std::max(s.max_rel_residual, residual[k]);
    if (k < seconds.size()) {
      seconds_sum += seconds[k];
      s.seconds_max = std::max(s.seconds_max, seconds[k]);
    }
  }
  if (s.steps) {
    s.iterations_mean = iteration_sum / double(s.steps);
    s.seconds_mean = seconds_sum / double(s.steps);
  }
  return s;
}

std::vector<std::pair<std::string, std::string>> parse_config_lines(const std::string& config) {
  std::vector<std::pair<std::string, std::string>> lines;
  std::size_t start = 0;
  auto trim = [](std::string s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string::npos) return std::string();
    return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
  };
  while (start < config.size()) {
    std::size_t end = config.find('\n', start);
    if (end == std::string::npos) end = config.size();
    const std::string line = trim(config.substr(start, end - start));
    start = end + 1;
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) fail("config line '{}' is not 'key = value'", line);
    lines.emplace_back(trim(line.substr(0, eq)), trim(line.substr(eq + 1)));
  }
  return lines;
}

std::unique_ptr<Problem> problem_from_config(const std::string& problem,
                                             const std::string& config) {
  const ProblemFamily& family = find_problem_family(problem);
  po::options_description desc;
  desc.add(family.options());
  if (!desc.find_nothrow("grid", false)) add_option(desc, "grid", "64", "cells per axis");
  std::vector<std::string> words;
  for (const auto& [key, value] : parse_config_lines(config))
    if (desc.find_nothrow(key, false)) words.push_back("--" + key + "=" + value);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(words).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    fail("stored config of problem '{}': {}", problem, e.what());
  }
  return family.make(vm);
}

namespace {

std::string grid_text(const std::vector<int>& cells) {
  return fmt::format("{}", fmt::join(cells, "x"));
}

// The config's grid against /grid, before building anything: a corrupt
// "grid = 100000" would otherwise allocate without end. A value that is not
// numeric is left to the family's own --grid parser.
void check_config_grid(const std::string& value, const std::vector<int>& stored) {
  std::vector<int> cells;
  bool numeric = !value.empty();
  for (std::size_t start = 0; numeric && start <= value.size();) {
    std::size_t end = value.find('x', start);
    if (end == std::string::npos) end = value.size();
    int n = 0;
    const auto [ptr, ec] = std::from_chars(value.data() + start, value.data() + end, n);
    numeric = ec == std::errc() && ptr == value.data() + end && end > start;
    cells.push_back(n);
    start = end + 1;
  }
  // A single N sets the first axis (the others follow from the family).
  const bool matches =
      cells.size() == 1 ? !stored.empty() && cells[0] == stored[0] : cells == stored;
  if (numeric && !matches)
    fail("the grid of its config ({}) does not match the stored /grid ({})", value,
         grid_text(stored));
}

} // namespace

void check_stored_config(const DatasetReader& data) {
  const std::string precision = data.precision();
  if (!parse_double_precision(precision))
    fail("'{}': its precision attribute '{}' is not float or double", data.path(), precision);
  for (const auto& [key, value] : parse_config_lines(data.config())) {
    if (key == "problem" && value != data.problem())
      fail("'{}': its config names problem '{}' but its problem attribute is '{}'", data.path(),
           value, data.problem());
    if (key == "precision" && !parse_double_precision(value))
      fail("'{}': its config has precision = {}, not float or double", data.path(), value);
    if (key == "precision" && value != precision)
      fail("'{}': its config has precision = {} but its precision attribute is '{}'", data.path(),
           value, precision);
  }
}

std::unique_ptr<Problem> problem_from_dataset(const DatasetReader& data) {
  if (data.stride() != 1)
    fail("'{}' was downsampled (stride {}): its systems cannot be rebuilt from its config",
         data.path(), data.stride());
  check_stored_config(data);
  const std::vector<int> stored = data.cells();
  try {
    for (const auto& [key, value] : parse_config_lines(data.config()))
      if (key == "grid") check_config_grid(value, stored);
    auto problem = problem_from_config(data.problem(), data.config());
    if (problem->grid().cells != stored)
      fail("the grid of its config ({}) does not match the stored /grid ({})",
           grid_text(problem->grid().cells), grid_text(stored));
    // The family's input fields and scalars must all be stored.
    const Sample drawn = problem->draw(0);
    auto stored_names = [](const std::vector<ArrayInfo>& arrays) {
      std::vector<std::string> names;
      for (const auto& a : arrays) names.push_back(a.name);
      return names;
    };
    const auto fields = stored_names(data.input_fields()),
               scalars = stored_names(data.input_scalars());
    for (const auto& [name, values] : drawn.fields)
      if (std::find(fields.begin(), fields.end(), name) == fields.end())
        fail("its input field 'inputs/{}' is missing (problem '{}' needs it)", name,
             data.problem());
    for (const auto& [name, value] : drawn.scalars)
      if (std::find(scalars.begin(), scalars.end(), name) == scalars.end())
        fail("its input scalar 'inputs/{}' is missing (problem '{}' needs it)", name,
             data.problem());
    return problem;
  } catch (const Error& e) {
    fail("'{}': cannot rebuild the problem: {}", data.path(), e.what());
  } catch (const std::bad_alloc&) {
    fail("'{}': cannot rebuild the problem: its stored config needs more memory than there is",
         data.path());
  }
}

} // namespace skr
