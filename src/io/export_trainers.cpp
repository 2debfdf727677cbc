// Exports read by trainers' own loaders: PDEBench (flat .hdf5), FNO
// (MAT v7.3-style HDF5 read by MatReader through h5py) and neuraloperator
// (H5pyDataset). See io/layouts.hpp for the layouts.
#include "io/export_impl.hpp"

#include "util/error.hpp"

#include <chrono>
#include <ctime>

namespace skr::detail {

namespace {

void require_2d(const ExportPlan& plan, const char* layout) {
  if (plan.cells.size() != 2)
    fail("the {} layout holds 2-D fields; '{}' is {}-D (use --layout native, neuralop or well)",
         layout, plan.first->path(), plan.cells.size());
}

void write_coordinate(hid_t file, const char* name, const std::vector<double>& values) {
  std::vector<float> f(values.begin(), values.end());
  h5::write_vector(file, name, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, f.data(), f.size());
}

// Row-major field over `cells` -> the same values with all axes reversed
// (column-major), so that h5py + np.transpose(reversed axes) restores it.
std::vector<double> reverse_axes(const std::vector<double>& values, const std::vector<int>& cells) {
  const std::size_t d = cells.size();
  std::vector<double> out(values.size());
  std::vector<int> index(d, 0);
  for (std::size_t source = 0; source < values.size(); ++source) {
    std::size_t target = 0;
    for (std::size_t a = d; a-- > 0;)
      target = target * std::size_t(cells[a]) + std::size_t(index[a]);
    out[target] = values[source];
    for (std::size_t a = d; a-- > 0;) {
      if (++index[a] < cells[a]) break;
      index[a] = 0;
    }
  }
  return out;
}

} // namespace

// One chunk per sample.
void write_reversed(hid_t file, const char* name, const ExportPlan& plan,
                    const std::vector<int>& tail,
                    const std::function<std::vector<double>(std::size_t)>& row) {
  std::vector<int> shape = plan.cells;
  shape.insert(shape.end(), tail.begin(), tail.end());
  std::vector<hsize_t> dims, chunk;
  for (std::size_t a = shape.size(); a-- > 0;) dims.push_back(hsize_t(shape[a]));
  chunk = dims;
  dims.push_back(plan.samples());
  chunk.push_back(1);
  h5::Id set = h5::create_dataset(file, name, H5T_IEEE_F32LE, dims, chunk, plan.options.storage);
  h5::write_fixed_string_attribute(set, "MATLAB_class", "single");
  std::vector<hsize_t> start(dims.size(), 0), count = dims;
  count.back() = 1;
  for (std::size_t r = 0; r < plan.samples(); ++r) {
    const auto values = reverse_axes(row(r), shape);
    start.back() = r;
    h5::write_slab(set, start, count, H5T_NATIVE_DOUBLE, values.data());
  }
}

void write_pdebench(hid_t file, const ExportPlan& plan) {
  require_2d(plan, "pdebench");
  write_provenance(file, plan);
  for (const auto& [name, value] : simulation_parameters(*plan.first))
    if (name == "source")
      h5::write_attribute(file, "beta", value); // PDEBench's beta: the source strength
  write_input_dataset(file, "nu", plan); // one channel (resolve_channels)
  write_rows(file, "tensor", plan, {1}, {},
             [&](std::size_t r) { return trainer_output_row(plan, plan.output_field, r); });
  write_coordinate(file, "x-coordinate", plan.coordinates[0]);
  write_coordinate(file, "y-coordinate", plan.coordinates[1]);
}

void write_neuralop(hid_t file, const ExportPlan& plan) {
  write_provenance(file, plan);
  write_input_dataset(file, "x", plan);
  write_rows(file, "y", plan, {}, {},
             [&](std::size_t r) { return trainer_output_row(plan, plan.output_field, r); });
}

void write_fno(hid_t file, const ExportPlan& plan) {
  const int c = int(plan.channels.size());
  write_reversed(file, "coeff", plan, c == 1 ? std::vector<int>{} : std::vector<int>{c},
                 [&](std::size_t r) { return channel_last(input_channels(plan, r)); });
  write_reversed(file, "sol", plan, {},
                 [&](std::size_t r) { return trainer_output_row(plan, plan.output_field, r); });
  write_provenance(file, plan);
}

std::string matlab_header() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char date[64];
  std::strftime(date, sizeof date, "%a %b %d %H:%M:%S %Y", std::gmtime(&now));
  std::string text = fmt::format(
      "MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: {} HDF5 schema 1.00 .", date);
  text.resize(116, ' ');              // descriptive text
  text.append(8, '\0');               // subsystem data offset: none
  text += std::string("\x00\x02", 2); // version 0x0200, little-endian
  text += "IM";                       // endian indicator as MATLAB writes it on little-endian
  return text;                        // 128 bytes; the rest of the 512-byte user block stays zero
}

} // namespace skr::detail
