// The Well's HDF5 format (PolymathicAI/the_well docs/data_format.md, checked
// by its scripts/check_thewell_formatting.py), trainable by WellDataset with
// its defaults (1 input step, 1 output step): a steady problem is stored as
// trajectories of two frames, time = [0, 1], the solution going from the
// zero state (frame 0, the solver's start) to the solution (frame 1); the
// trainer input channels are constant fields, which WellDataset returns as
// constant_fields and its formatters stack with input_fields.
//   root attrs   dataset_name (the problem), grid_type = "cartesian",
//                n_spatial_dims, n_trajectories, simulation_parameters (the
//                numeric options of the family) + one attribute each
//   dimensions   attr spatial_dims; time [1], x, y[, z] (float32) with
//                bool attrs sample_varying / time_varying
//   boundary_conditions/<axis>_wall
//                bc_type "WALL" (u = 0 Dirichlet), associated_dims [axis],
//                associated_fields [], mask bool [n_axis] true at both ends
//   scalars      simulation parameters (shape (), constant) and per-sample
//                input scalars ([B], sample_varying)
//   t0_fields    each trainer input channel [B, X, Y(, Z)] float32,
//                time_varying = false; each output [B, 2, X, Y(, Z)],
//                time_varying = true (masked cells 0); all dim_varying,
//                sample_varying = true
// A time-dependent dataset (trajectories) is stored as it is: time = /grid/t
// [T] and each output [B, T, X, Y] (at least 5 frames: WellDataset's
// benchmark setting takes 4 input steps and 1 output step).
// stats.yaml (OUT/stats.yaml, write_well_stats): mean, std, rms per field over
// the train part's samples, frames and cells; mean_delta, std_delta,
// rms_delta of the frame-to-frame change for the time-varying outputs.
//   t1_fields, t2_fields   empty (scalar fields only)
// Booleans are HDF5 enums FALSE/TRUE over int8 (what h5py reads as bool) and
// name lists are arrays of UTF-8 strings.
#include "io/export_impl.hpp"

#include "util/error.hpp"
#include "util/files.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>

namespace skr::detail {

namespace {

const char* const kAxes[] = {"x", "y", "z"};

void varying(hid_t object, bool sample, bool time) {
  h5::write_bool_attribute(object, "sample_varying", sample);
  h5::write_bool_attribute(object, "time_varying", time);
}

// The frame times: a trajectory's /grid/t, or 0 and 1 (zero state, solution).
std::vector<float> frame_times(const ExportPlan& plan) {
  if (!plan.time_dependent()) return {0, 1};
  const auto& t = plan.first->time().times;
  return {t.begin(), t.end()};
}

// An output row as frames: the trajectory, or the zero state and the solution.
std::vector<double> output_frames(const ExportPlan& plan, const std::string& path, std::size_t r) {
  std::vector<double> values = trainer_output_row(plan, path, r);
  if (!plan.time_dependent()) values.insert(values.begin(), values.size(), 0.0);
  return values;
}

void write_dimensions(hid_t file, const ExportPlan& plan) {
  h5::Id dims = h5::create_group(file, "dimensions");
  std::vector<std::string> names(kAxes, kAxes + plan.cells.size());
  h5::write_string_array_attribute(dims, "spatial_dims", names);
  const auto frames = frame_times(plan);
  h5::Id time = h5::write_vector(dims, "time", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, frames.data(),
                                 frames.size());
  varying(time, false, true);
  for (std::size_t a = 0; a < plan.cells.size(); ++a) {
    std::vector<float> c(plan.coordinates[a].begin(), plan.coordinates[a].end());
    h5::Id axis =
        h5::write_vector(dims, kAxes[a], H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, c.data(), c.size());
    varying(axis, false, false);
  }
}

void write_boundaries(hid_t file, const ExportPlan& plan) {
  h5::Id bcs = h5::create_group(file, "boundary_conditions");
  h5::Id type = h5::bool_type();
  for (std::size_t a = 0; a < plan.cells.size(); ++a) {
    h5::Id bc = h5::create_group(bcs, std::string(kAxes[a]) + "_wall");
    h5::write_attribute(bc, "bc_type", std::string("WALL"));
    h5::write_string_array_attribute(bc, "associated_dims", {kAxes[a]});
    h5::write_string_array_attribute(bc, "associated_fields", {});
    varying(bc, false, false);
    std::vector<std::int8_t> mask(std::size_t(plan.cells[a]), 0);
    mask.front() = mask.back() = 1;
    h5::Id set = h5::create_dataset(bc, "mask", type, {mask.size()}, {}, h5::Storage{0, false});
    h5::write_slab(set, {0}, {mask.size()}, type, mask.data());
  }
}

void write_scalars(hid_t file, const ExportPlan& plan,
                   const std::vector<std::pair<std::string, double>>& params) {
  h5::Id scalars = h5::create_group(file, "scalars");
  std::vector<std::string> names;
  for (const auto& [name, value] : params) {
    h5::Id space = h5::checked(H5Screate(H5S_SCALAR), H5Sclose, "cannot create dataspace");
    h5::Id set = h5::checked(H5Dcreate2(scalars, name.c_str(), H5T_IEEE_F32LE, space, H5P_DEFAULT,
                                        H5P_DEFAULT, H5P_DEFAULT),
                             H5Dclose, fmt::format("cannot create dataset 'scalars/{}'", name));
    const float v = float(value);
    h5::check(H5Dwrite(set, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, &v),
              "cannot write scalar");
    varying(set, false, false);
    names.push_back(name);
  }
  for (const auto& info : plan.first->input_scalars()) {
    std::vector<float> values;
    for (const auto& row : plan.rows)
      values.push_back(float(row.data->read_field(info.path, row.index).at(0)));
    h5::Id set = h5::write_vector(scalars, info.name, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT,
                                  values.data(), values.size());
    varying(set, true, false);
    names.push_back(info.name);
  }
  h5::write_string_array_attribute(scalars, "field_names", names);
}

void field_attributes(hid_t group, const std::string& name, const ExportPlan& plan, bool time) {
  h5::Id set = h5::open_dataset(group, name);
  h5::write_bool_array_attribute(set, "dim_varying", std::vector<bool>(plan.cells.size(), true));
  varying(set, true, time);
}

void write_fields(hid_t file, const ExportPlan& plan) {
  h5::Id t0 = h5::create_group(file, "t0_fields");
  std::vector<std::string> names = plan.channels;
  write_row_sets(t0, plan.channels, plan, [&](std::size_t r) { return input_channels(plan, r); });
  for (const auto& name : plan.channels) field_attributes(t0, name, plan, false);
  for (const auto& info : plan.first->output_fields()) {
    write_rows(t0, info.name, plan, {frame_times(plan).size()}, {},
               [&](std::size_t r) { return output_frames(plan, info.path, r); });
    field_attributes(t0, info.name, plan, true);
    names.push_back(info.name);
  }
  h5::write_string_array_attribute(t0, "field_names", names);
  for (const char* group : {"t1_fields", "t2_fields"}) {
    h5::Id g = h5::create_group(file, group);
    h5::write_string_array_attribute(g, "field_names", {});
  }
}

} // namespace

void write_well(hid_t file, const ExportPlan& plan) {
  const auto params = simulation_parameters(*plan.first);
  h5::write_attribute(file, "dataset_name", plan.first->problem());
  h5::write_attribute(file, "grid_type", std::string("cartesian"));
  h5::write_attribute(file, "n_spatial_dims", (long long)plan.cells.size());
  h5::write_attribute(file, "n_trajectories", (long long)plan.samples());
  std::vector<std::string> names;
  for (const auto& [name, value] : params) {
    h5::write_attribute(file, name.c_str(), value);
    names.push_back(name);
  }
  h5::write_string_array_attribute(file, "simulation_parameters", names);
  write_provenance(file, plan);
  write_dimensions(file, plan);
  write_boundaries(file, plan);
  write_scalars(file, plan, params);
  write_fields(file, plan);
}

} // namespace skr::detail

namespace skr::detail {

namespace {

// Written as PATH.partial and renamed, as every output.
void write_text_file(const std::string& path, const std::string& text) {
  const std::string partial = path + std::string(kPartialSuffix);
  std::error_code ec;
  {
    std::ofstream out(partial, std::ios::trunc);
    if (!(out << text) || !out.flush()) {
      std::filesystem::remove(partial, ec);
      fail("cannot write '{}' (disk full?)", partial);
    }
  }
  std::filesystem::rename(partial, path, ec);
  if (ec) fail("cannot rename '{}' to '{}': {}", partial, path, ec.message());
}

struct Moments {
  double sum = 0, squares = 0, count = 0;
  void add(const std::vector<double>& values) {
    for (double v : values) {
      sum += v;
      squares += v * v;
    }
    count += double(values.size());
  }
  double mean() const { return sum / count; }
  double rms() const { return std::sqrt(squares / count); }
  double deviation() const { return std::sqrt(std::max(squares / count - mean() * mean(), 0.0)); }
};

} // namespace

void write_well_stats(const std::string& path, const ExportPlan& plan) {
  // field -> moments of its values; for the outputs also of their deltas.
  std::vector<std::pair<std::string, Moments>> values, deltas;
  for (const auto& name : plan.channels) values.emplace_back(name, Moments{});
  for (const auto& info : plan.first->output_fields()) {
    values.emplace_back(info.name, Moments{});
    deltas.emplace_back(info.name, Moments{});
  }
  const std::size_t channels = plan.channels.size();
  for (std::size_t r = 0; r < plan.samples(); ++r) {
    const auto inputs = input_channels(plan, r);
    for (std::size_t c = 0; c < channels; ++c) values[c].second.add(inputs[c]);
    for (std::size_t o = 0; o < deltas.size(); ++o) {
      const auto frames = output_frames(plan, plan.first->output_fields()[o].path, r);
      values[channels + o].second.add(frames);
      const std::size_t points = plan.points();
      std::vector<double> change(frames.size() - points); // frame f+1 - frame f
      for (std::size_t k = 0; k < change.size(); ++k) change[k] = frames[k + points] - frames[k];
      deltas[o].second.add(change);
    }
  }
  std::string text;
  auto section = [&](const char* key, const auto& list, auto statistic) {
    text += fmt::format("{}:\n", key);
    for (const auto& [name, m] : list) text += fmt::format("  {}: {:.9e}\n", name, statistic(m));
  };
  section("mean", values, [](const Moments& m) { return m.mean(); });
  section("std", values, [](const Moments& m) { return m.deviation(); });
  section("rms", values, [](const Moments& m) { return m.rms(); });
  section("mean_delta", deltas, [](const Moments& m) { return m.mean(); });
  section("std_delta", deltas, [](const Moments& m) { return m.deviation(); });
  section("rms_delta", deltas, [](const Moments& m) { return m.rms(); });
  write_text_file(path, text);
}

} // namespace skr::detail
