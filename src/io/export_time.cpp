// Exports of time-dependent datasets (trajectories, io/dataset_reader.hpp
// TimeAxis) to the trainers' time-series layouts:
//   pdebench  PDEBench's per-sample groups, read by FNODatasetMult and
//             UNetDatasetMult (pdebench/models/{fno,unet}/utils.py): one
//             group per trajectory named by its zero-padded row ("0000",
//             ...; they sort the root keys, so nothing else sits at the
//             root), each with `data` [T, cells..., V] float32 and
//             `grid/x`, `grid/y`[, `grid/z`], `grid/t`. V = the output fields
//             (name order), then the trainer input channels, constant in
//             time: their loader feeds the first frames of every variable to
//             the model, so a coefficient the solution depends on rides along.
//   fno       FNO's time-series .mat (data_generation/navier_stokes/ns_2d.py,
//             fourier_2d_time.py): `a` [N, cells...] = frame 0, `u`
//             [N, cells..., T-1] = frames 1..T-1 (time last), `t` [1, T-1],
//             plus `coeff` (the trainer input channels, as the steady
//             export). MAT v7.3 style: stored with every axis reversed.
#include "io/export_impl.hpp"

#include "util/error.hpp"

#include <fmt/ranges.h>

namespace skr::detail {

void check_time_layout(Layout layout, std::size_t frames) {
  if (frames <= 1) return;
  if (layout == Layout::neuralop)
    fail("--layout neuralop: neuraloperator's H5pyDataset maps one field to one field (no time "
         "axis) and its time-series reader, TheWellDataset, reads The Well's format: use --layout "
         "well, which keeps every frame (or pdebench, fno)");
  // WellDataset refuses trajectories shorter than n_steps_input + n_steps_output.
  if (layout == Layout::well && frames < 5)
    fail("--layout well: trajectories of {} frames, but WellDataset's benchmark setting "
         "(n_steps_input 4, n_steps_output 1) needs at least 5; record more frames (--t-final, "
         "--dt, --record-every) or use --layout fno or native",
         frames);
  // FNODatasetMult is built with initial_step 10 in PDEBench's train.py.
  if (layout == Layout::pdebench && frames < 11)
    fail("--layout pdebench: trajectories of {} frames, but PDEBench's FNODatasetMult feeds the "
         "first 10 frames as input (initial_step 10), so it needs at least 11; record more "
         "frames (--t-final, --dt, --record-every) or use --layout well or fno",
         frames);
}

namespace {

std::size_t digits(std::size_t n) {
  return fmt::format("{}", n).size();
}

void write_floats(hid_t group, const char* name, const std::vector<double>& values) {
  const std::vector<float> f(values.begin(), values.end());
  h5::write_vector(group, name, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, f.data(), f.size());
}

// Row r as [T, cells..., V]: the output fields' frames, then the input
// channels repeated in every frame.
std::vector<double> pdebench_data(const ExportPlan& plan, std::size_t r) {
  std::vector<std::vector<double>> variables;
  for (const auto& info : plan.first->output_fields())
    variables.push_back(trainer_output_row(plan, info.path, r));
  const std::size_t frames = plan.frames(), points = plan.points();
  for (auto& channel : input_channels(plan, r)) {
    std::vector<double> repeated;
    repeated.reserve(frames * points);
    for (std::size_t f = 0; f < frames; ++f)
      repeated.insert(repeated.end(), channel.begin(), channel.end());
    variables.push_back(std::move(repeated));
  }
  return channel_last(variables);
}

} // namespace

void write_pdebench_time(hid_t file, const ExportPlan& plan) {
  write_provenance(file, plan);
  std::vector<std::string> variables;
  for (const auto& info : plan.first->output_fields()) variables.push_back(info.name);
  variables.insert(variables.end(), plan.channels.begin(), plan.channels.end());
  h5::write_string_array_attribute(file, "skr_variables", variables); // the V axis
  std::vector<hsize_t> dims{plan.frames()};
  for (int c : plan.cells) dims.push_back(hsize_t(c));
  dims.push_back(variables.size());
  std::vector<hsize_t> chunk = dims;
  chunk[0] = 1; // one frame
  const std::size_t width = std::max<std::size_t>(4, digits(plan.samples() - 1));
  const std::vector<double>& times = plan.first->time().times;
  static const char* axes[] = {"x", "y", "z"};
  for (std::size_t r = 0; r < plan.samples(); ++r) {
    h5::Id group = h5::create_group(file, fmt::format("{:0{}}", r, width));
    h5::Id data =
        h5::create_dataset(group, "data", H5T_IEEE_F32LE, dims, chunk, plan.options.storage);
    const auto values = pdebench_data(plan, r);
    h5::write_slab(data, std::vector<hsize_t>(dims.size(), 0), dims, H5T_NATIVE_DOUBLE,
                   values.data());
    h5::Id grid = h5::create_group(group, "grid");
    for (std::size_t a = 0; a < plan.coordinates.size(); ++a)
      write_floats(grid, axes[a], plan.coordinates[a]);
    write_floats(grid, "t", times);
  }
}

void write_fno_time(hid_t file, const ExportPlan& plan) {
  const std::size_t frames = plan.frames(), points = plan.points();
  auto trajectory = [&](std::size_t r) { return trainer_output_row(plan, plan.output_field, r); };
  write_reversed(file, "a", plan, {}, [&](std::size_t r) {
    auto u = trajectory(r);
    u.resize(points); // frame 0
    return u;
  });
  write_reversed(file, "u", plan, {int(frames - 1)}, [&](std::size_t r) {
    const auto u = trajectory(r); // frame-major -> time last
    std::vector<double> out(points * (frames - 1));
    for (std::size_t f = 1; f < frames; ++f)
      for (std::size_t p = 0; p < points; ++p) out[p * (frames - 1) + f - 1] = u[f * points + p];
    return out;
  });
  const int c = int(plan.channels.size());
  write_reversed(file, "coeff", plan, c == 1 ? std::vector<int>{} : std::vector<int>{c},
                 [&](std::size_t r) { return channel_last(input_channels(plan, r)); });
  // t: a 1 x (T-1) row as MATLAB (and scipy.io.savemat) store a vector.
  const std::vector<double>& times = plan.first->time().times;
  const std::vector<float> t(times.begin() + 1, times.end());
  h5::Id set = h5::create_dataset(file, "t", H5T_IEEE_F32LE, {t.size(), 1}, {},
                                  h5::Storage{0, false});
  h5::write_slab(set, {0, 0}, {t.size(), 1}, H5T_NATIVE_FLOAT, t.data());
  h5::write_fixed_string_attribute(set, "MATLAB_class", "single");
  write_provenance(file, plan);
}

} // namespace skr::detail
