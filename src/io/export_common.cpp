// Pieces shared by the layout writers (see io/export_impl.hpp).
#include "io/export_impl.hpp"

#include "discretize/problem_registry.hpp"
#include "skr/version.hpp"
#include "util/error.hpp"

#include <charconv>

namespace skr::detail {

std::size_t ExportPlan::points() const {
  std::size_t n = 1;
  for (int c : cells) n *= std::size_t(c);
  return n;
}

std::vector<double> downsample(const ExportPlan& plan, const std::vector<double>& values) {
  const std::vector<int>& full = plan.full_cells;
  const int stride = plan.options.stride;
  if (stride == 1) return values;
  std::vector<int> kept(full.size());
  std::size_t total = 1, points = 1;
  for (std::size_t a = 0; a < full.size(); ++a) {
    kept[a] = (full[a] - 1) / stride + 1;
    total *= std::size_t(kept[a]);
    points *= std::size_t(full[a]);
  }
  // A trajectory's row holds its frames one after the other: each is thinned.
  const std::size_t frames = values.size() / points;
  std::vector<double> out(total * frames);
  std::vector<int> index(full.size(), 0);
  for (std::size_t o = 0; o < out.size(); ++o) {
    std::size_t source = 0;
    for (std::size_t a = 0; a < full.size(); ++a)
      source = source * std::size_t(full[a]) + std::size_t(index[a] * stride);
    out[o] = values[(o / total) * points + source];
    for (std::size_t a = full.size(); a-- > 0;) { // odometer, last axis fastest
      if (++index[a] < kept[a]) break;
      index[a] = 0;
    }
  }
  return out;
}

std::vector<double> field_row(const ExportPlan& plan, const std::string& path, std::size_t r) {
  const SourceRow& row = plan.rows.at(r);
  return downsample(plan, row.data->read_field(path, row.index));
}

std::vector<hsize_t> sample_dims(const ExportPlan& plan,
                                 const std::vector<hsize_t>& after_samples) {
  std::vector<hsize_t> dims{plan.samples()};
  dims.insert(dims.end(), after_samples.begin(), after_samples.end());
  for (int c : plan.cells) dims.push_back(hsize_t(c));
  return dims;
}

std::vector<hsize_t> sample_chunk(const ExportPlan& plan, std::size_t element_size) {
  std::vector<hsize_t> chunk{1};
  for (int c : plan.cells) chunk.push_back(hsize_t(c));
  if (!plan.options.chunk_per_sample) {
    const std::size_t bytes = std::max<std::size_t>(plan.points() * element_size, 1);
    chunk[0] = std::clamp<hsize_t>((1u << 20) / bytes, 1, std::max<hsize_t>(plan.samples(), 1));
  }
  return chunk;
}

void write_provenance(hid_t file, const ExportPlan& plan) {
  h5::write_attribute(file, "generator", fmt::format("skr-gen {} (git {})", kVersion, kGitCommit));
  h5::write_attribute(file, "skr_problem", plan.first->problem());
  h5::write_attribute(file, "skr_config", plan.first->config());
  h5::write_attribute(file, "skr_source", plan.provenance);
  h5::write_attribute(file, "skr_stride", (long long)(plan.options.stride * plan.first->stride()));
  h5::write_string_array_attribute(file, "skr_input_channels", plan.channels);
  h5::write_attribute(file, "skr_output_field", plan.output_field);
}

void write_rows(hid_t file, const std::string& name, const ExportPlan& plan,
                const std::vector<hsize_t>& extra, const std::vector<hsize_t>& tail,
                const std::function<std::vector<double>(std::size_t)>& row) {
  auto dims = sample_dims(plan, extra);
  dims.insert(dims.end(), tail.begin(), tail.end());
  auto chunk = sample_chunk(plan, sizeof(float));
  chunk.insert(chunk.begin() + 1, extra.size(), 1);
  chunk.insert(chunk.end(), tail.begin(), tail.end());
  h5::Id set = h5::create_dataset(file, name, H5T_IEEE_F32LE, dims, chunk, plan.options.storage);
  std::vector<hsize_t> start(dims.size(), 0), count = dims;
  count[0] = 1;
  for (std::size_t r = 0; r < plan.samples(); ++r) {
    const auto values = row(r);
    start[0] = r;
    h5::write_slab(set, start, count, H5T_NATIVE_DOUBLE, values.data());
  }
}

void write_row_sets(hid_t file, const std::vector<std::string>& names, const ExportPlan& plan,
                    const std::function<std::vector<std::vector<double>>(std::size_t)>& rows) {
  const auto dims = sample_dims(plan);
  std::vector<h5::Id> sets;
  for (const auto& name : names)
    sets.push_back(h5::create_dataset(file, name, H5T_IEEE_F32LE, dims,
                                      sample_chunk(plan, sizeof(float)), plan.options.storage));
  std::vector<hsize_t> start(dims.size(), 0), count = dims;
  count[0] = 1;
  for (std::size_t r = 0; r < plan.samples(); ++r) {
    const auto values = rows(r);
    start[0] = r;
    for (std::size_t k = 0; k < sets.size(); ++k)
      h5::write_slab(sets[k], start, count, H5T_NATIVE_DOUBLE, values.at(k).data());
  }
}

void write_field_dataset(hid_t file, const std::string& name, const ExportPlan& plan,
                         const std::string& path, const std::vector<hsize_t>& extra) {
  write_rows(file, name, plan, extra, {}, [&](std::size_t r) { return field_row(plan, path, r); });
}

void write_input_dataset(hid_t file, const std::string& name, const ExportPlan& plan,
                         const std::vector<hsize_t>& extra) {
  const std::size_t c = plan.channels.size();
  write_rows(file, name, plan, extra, c == 1 ? std::vector<hsize_t>{} : std::vector<hsize_t>{c},
             [&](std::size_t r) { return channel_last(input_channels(plan, r)); });
}

std::vector<std::pair<std::string, double>> simulation_parameters(const DatasetReader& data) {
  const auto options = find_problem_family(data.problem()).options();
  std::vector<std::pair<std::string, double>> out;
  for (const auto& [key, value] : parse_config_lines(data.config())) {
    if (!options.find_nothrow(key, false)) continue;
    double v = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec == std::errc() && end == value.data() + value.size()) out.emplace_back(key, v);
  }
  return out;
}

} // namespace skr::detail
