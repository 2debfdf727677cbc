// The native layout as an export target: convert (re-chunk, re-compress,
// downsample, split) and merge. Root attributes are copied from the first
// source; samples_total / samples_done / complete describe the new file,
// `stride` the accumulated downsampling, and converted_from / merged_from the
// sources.
#include "io/export_impl.hpp"

#include "util/error.hpp"

#include <map>

namespace skr::detail {

namespace {

// The stored type of a dataset of the first source (kept as is).
h5::Id file_type_of(const ExportPlan& plan, const std::string& path) {
  h5::Id set = h5::open_dataset(plan.first->file(), path);
  return h5::checked(H5Dget_type(set), H5Tclose, fmt::format("cannot read the type of '{}'", path));
}

// A per-sample column gathered from every source, in output row order.
template <typename T>
std::vector<T> gather_column(const ExportPlan& plan, const std::string& path, hid_t memory_type) {
  std::map<const DatasetReader*, std::vector<T>> cache;
  std::vector<T> out;
  out.reserve(plan.samples());
  for (const auto& row : plan.rows) {
    auto it = cache.find(row.data);
    if (it == cache.end()) {
      try {
        it = cache
                 .emplace(row.data,
                          h5::read_all<T>(h5::open_dataset(row.data->file(), path), memory_type))
                 .first;
      } catch (const Error& e) {
        fail("'{}': cannot read '{}': {}", row.data->path(), path, e.what());
      }
    }
    out.push_back(it->second.at(row.index));
  }
  return out;
}

void write_column(hid_t file, const ExportPlan& plan, const ArrayInfo& info) {
  const hsize_t n = plan.samples();
  const std::vector<hsize_t> chunk{std::min<hsize_t>(std::max<hsize_t>(n, 1), 4096)};
  h5::Id set = h5::create_dataset(file, info.path, file_type_of(plan, info.path), {n}, chunk,
                                  plan.options.storage);
  if (info.dtype == "uint64") {
    const auto v = gather_column<std::uint64_t>(plan, info.path, H5T_NATIVE_UINT64);
    h5::write_slab(set, {0}, {n}, H5T_NATIVE_UINT64, v.data());
  } else if (info.dtype == "int64") {
    const auto v = gather_column<std::int64_t>(plan, info.path, H5T_NATIVE_INT64);
    h5::write_slab(set, {0}, {n}, H5T_NATIVE_INT64, v.data());
  } else {
    const auto v = gather_column<double>(plan, info.path, H5T_NATIVE_DOUBLE);
    h5::write_slab(set, {0}, {n}, H5T_NATIVE_DOUBLE, v.data());
  }
}

// Per-step statistics [N, steps], gathered row by row from every source.
void write_step_matrix(hid_t file, const ExportPlan& plan, const ArrayInfo& info) {
  const hsize_t n = plan.samples(), steps = info.shape.at(1);
  h5::Id set = h5::create_dataset(file, info.path, file_type_of(plan, info.path), {n, steps},
                                  {1, steps}, plan.options.storage);
  for (std::size_t r = 0; r < plan.samples(); ++r) {
    const auto values = plan.rows[r].data->read_field(info.path, plan.rows[r].index);
    h5::write_slab(set, {hsize_t(r), 0}, {1, steps}, H5T_NATIVE_DOUBLE, values.data());
  }
}

void write_fields(hid_t file, const ExportPlan& plan, const std::vector<ArrayInfo>& fields) {
  for (const auto& info : fields) {
    const h5::Id type = file_type_of(plan, info.path);
    // Trajectories: [N, T, cells...], one chunk per frame of a sample.
    const std::vector<hsize_t> frames(info.shape.begin() + 1,
                                      info.shape.end() - std::ptrdiff_t(plan.cells.size()));
    const auto dims = sample_dims(plan, frames);
    auto chunk = sample_chunk(plan, H5Tget_size(type));
    chunk.insert(chunk.begin() + 1, frames.size(), 1);
    h5::Id set = h5::create_dataset(file, info.path, type, dims, chunk, plan.options.storage);
    std::vector<hsize_t> start(dims.size(), 0), count = dims;
    count[0] = 1;
    for (std::size_t r = 0; r < plan.samples(); ++r) {
      const auto values = field_row(plan, info.path, r);
      start[0] = r;
      h5::write_slab(set, start, count, H5T_NATIVE_DOUBLE, values.data());
    }
  }
}

} // namespace

void write_native(hid_t file, const ExportPlan& plan) {
  const DatasetReader& first = *plan.first;
  std::vector<std::string> replaced{"samples_total", "samples_done", "complete"};
  if (plan.whole_run) replaced.push_back("shard");
  h5::copy_attributes(first.file(), file, replaced);
  h5::write_attribute(file, "samples_total", (long long)plan.samples());
  h5::write_attribute(file, "samples_done", 0LL);
  h5::write_attribute(file, "complete", 0LL);
  h5::write_attribute(file, "stride", (long long)(plan.options.stride * first.stride()));
  h5::write_attribute(file, plan.provenance_key.c_str(), plan.provenance);
  {
    h5::Id grid = h5::create_group(file, "grid");
    static const char* axes[] = {"x", "y", "z"};
    for (std::size_t a = 0; a < plan.coordinates.size(); ++a)
      h5::write_vector(grid, axes[a], H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, plan.coordinates[a].data(),
                       plan.coordinates[a].size());
    const auto& times = first.time().times; // the time attributes came with copy_attributes
    if (first.time_dependent())
      h5::write_vector(grid, "t", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, times.data(), times.size());
  }
  for (const char* group : {"inputs", "outputs", "meta", "stats"}) h5::create_group(file, group);
  write_fields(file, plan, first.input_fields());
  write_fields(file, plan, first.output_fields());
  for (const auto& info : first.input_scalars()) write_column(file, plan, info);
  for (const char* group : {"meta", "stats"})
    for (const auto& info : first.arrays(group))
      if (!(plan.whole_run && info.path == "meta/index")) write_column(file, plan, info);
  if (!first.step_arrays().empty()) h5::create_group(file, "stats/steps");
  for (const auto& info : first.step_arrays()) write_step_matrix(file, plan, info);
  h5::write_attribute(file, "samples_done", (long long)plan.samples());
  h5::write_attribute(file, "complete", 1LL); // written last
}

} // namespace skr::detail
