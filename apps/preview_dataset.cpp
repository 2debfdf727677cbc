// skr-gen preview --in FILE: renders samples of a stored native dataset.
// Steady data: one row per sample, columns = input fields, then output
// fields. Trajectories: one row per sample, columns = --frames frames of an
// output field spread evenly from frame 0 to the last, each titled with its t.
#include "preview_frames.hpp"

#include "command.hpp"
#include "io/dataset_reader.hpp"
#include "util/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

namespace skr::app {

namespace {

// The grid the stored coordinates (cell centres) describe.
Grid grid_of(const DatasetReader& data) {
  Grid grid;
  for (const auto& axis : data.coordinates()) {
    const double h = axis.size() > 1 ? (axis.back() - axis.front()) / double(axis.size() - 1) : 1;
    grid.cells.push_back(int(axis.size()));
    grid.lower.push_back(axis.front() - h / 2);
    grid.upper.push_back(axis.back() + h / 2);
  }
  if (grid.dims() < 2) fail("'{}': preview draws 2-D or 3-D fields", data.path());
  return grid;
}

render::FieldPanel panel(const Grid& grid, const std::vector<double>& values,
                         const std::string& path, std::size_t index) {
  render::FieldPanel p = render::field_view(grid, values);
  p.title = fmt::format("{} \u00b7 sample {}", path, index);
  p.bar_label = path.substr(path.find('/') + 1);
  return p;
}


std::vector<render::FieldPanel> trajectory_row(const DatasetReader& data, const Grid& grid,
                                               const ArrayInfo& field, std::size_t index,
                                               const std::vector<std::size_t>& frames) {
  return frame_panels(grid, data.read_field(field.path, index), field.path, index,
                      data.time().times, frames);
}

std::vector<render::FieldPanel> steady_row(const DatasetReader& data, const Grid& grid,
                                           std::size_t index) {
  std::vector<render::FieldPanel> row;
  const Sample sample = data.read_inputs(index);
  for (const auto* list : {&data.input_fields(), &data.output_fields()})
    for (const auto& field : *list) {
      row.push_back(panel(grid, data.read_field(field.path, index), field.path, index));
      for (const auto& [name, value] : sample.scalars)
        row.back().notes.push_back(fmt::format("{} = {:.4g}", name, value));
    }
  return row;
}

const ArrayInfo& output_named(const DatasetReader& data, const std::string& name) {
  for (const auto& f : data.output_fields())
    if (f.name == name || (name.empty() && f.name == "solution")) return f;
  if (name.empty()) return data.output_fields().front();
  fail("--field: '{}' has no output field '{}'", data.path(), name);
}

} // namespace

std::vector<std::size_t> chosen_frames(std::size_t frames, std::size_t count) {
  count = std::min(count, frames);
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < count; ++k)
    out.push_back(count == 1 ? 0 : (k * (frames - 1) + (count - 1) / 2) / (count - 1));
  return out;
}

std::vector<render::FieldPanel> frame_panels(const Grid& grid, const std::vector<double>& values,
                                             const std::string& path, std::size_t index,
                                             const std::vector<double>& times,
                                             const std::vector<std::size_t>& frames) {
  const std::size_t points = grid.points();
  std::vector<render::FieldPanel> row;
  for (std::size_t f : frames) {
    const std::vector<double> frame(values.begin() + std::ptrdiff_t(f * points),
                                    values.begin() + std::ptrdiff_t((f + 1) * points));
    row.push_back(panel(grid, frame, path, index));
    row.back().notes.push_back(fmt::format("t = {:.4g} (frame {})", times.at(f), f));
  }
  return row;
}

int preview_dataset(const po::variables_map& vm, std::size_t samples) {
  const DatasetReader data(vm["in"].as<std::string>());
  const Grid grid = grid_of(data);
  const std::size_t shown = std::min(samples, data.samples());
  const auto frames = get_int_as<std::size_t>(vm, "frames", 1, 16);
  const std::vector<std::size_t> picked = chosen_frames(data.frames(), frames);
  const ArrayInfo& field = output_named(data, get_string(vm, "field"));
  std::vector<std::vector<render::FieldPanel>> rows;
  for (std::size_t i = 0; i < shown; ++i)
    rows.push_back(data.time_dependent() ? trajectory_row(data, grid, field, i, picked)
                                         : steady_row(data, grid, i));
  auto width = get_int_as<int>(vm, "width", 0);
  if (width == 0) width = std::max<int>(800, 400 * int(rows.front().size()));
  const std::string out = get_string(vm, "out");
  const render::Image image = render::render_figure(rows, width);
  render::write_png(out, image);
  if (!vm["quiet"].as<bool>()) {
    std::printf("wrote %s: %dx%d pixels, %zu samples of %s\n", out.c_str(), image.width,
                image.height, shown, data.path().c_str());
    if (data.time_dependent()) {
      std::string times;
      for (std::size_t f : picked) times += fmt::format("{}{:.4g}", times.empty() ? "" : " | ",
                                                        data.time().times[f]);
      std::printf("columns: %s at t = %s\n", field.path.c_str(), times.c_str());
    }
  }
  return 0;
}

} // namespace skr::app
