#pragma once
// Internal to the layout exports (layouts.cpp, export_*.cpp): what one output
// file holds (rows taken from one or more native sources, downsampled grid,
// storage options) and the pieces every layout writer shares.
#include "io/dataset_reader.hpp"
#include "io/layouts.hpp"

#include <functional>
#include <string>
#include <vector>

namespace skr::detail {

struct SourceRow {
  const DatasetReader* data = nullptr;
  std::size_t index = 0;
};

struct ExportPlan {
  std::vector<SourceRow> rows;                  // output row r <- rows[r]
  const DatasetReader* first = nullptr;         // names, provenance
  std::vector<int> full_cells;                  // source grid
  std::vector<int> cells;                       // after stride
  std::vector<std::vector<double>> coordinates; // after stride
  ConvertOptions options;
  std::string input_field, output_field; // resolved paths "inputs/coeff", "outputs/solution"
  std::vector<std::string> channels;      // trainer input channels (input_field: that one)
  std::string mask_field;                 // "inputs/mask" when the dataset has one
  std::string provenance;                // where the rows come from (text)
  std::string provenance_key = "converted_from"; // or "merged_from"
  bool whole_run = false; // merged shards of one run: drop /meta/index and the shard attribute
  std::size_t samples() const { return rows.size(); }
  std::size_t points() const;
  // Trajectories (TimeAxis): frames per sample; 1 for steady data.
  bool time_dependent() const { return first->time_dependent(); }
  std::size_t frames() const { return first->frames(); }
};

// Output row r of a field dataset ("inputs/coeff"), downsampled, as double.
std::vector<double> field_row(const ExportPlan& plan, const std::string& path, std::size_t r);
// Every stride-th cell along each axis of a row-major field over plan.full_cells.
std::vector<double> downsample(const ExportPlan& plan, const std::vector<double>& values);

// Trainer-facing rows (export_inputs.cpp): the input channels of row r in
// plan.channels order, and the output with 0 where the mask is 0.
std::vector<std::vector<double>> input_channels(const ExportPlan& plan, std::size_t r);
std::vector<double> trainer_output_row(const ExportPlan& plan, const std::string& path,
                                       std::size_t r);
// Channels interleaved, channel last: [cells..., C].
std::vector<double> channel_last(const std::vector<std::vector<double>>& channels);
// Resolves plan.channels / plan.mask_field (base_plan) and refuses layouts
// that cannot hold them.
void resolve_channels(ExportPlan& plan);
void check_channels_fit(Layout layout, const std::string& family,
                        const std::vector<std::string>& channels, std::size_t frames = 1);
// Chunk shape for a dataset [N, cells...] of element_size-byte values.
std::vector<hsize_t> sample_chunk(const ExportPlan& plan, std::size_t element_size);
// [N, cells...] with leading extra axes inserted after N (pdebench: {1}).
std::vector<hsize_t> sample_dims(const ExportPlan& plan,
                                 const std::vector<hsize_t>& after_samples = {});
// Root attributes that say where an export came from.
void write_provenance(hid_t file, const ExportPlan& plan);
// FNO's MATLAB matrices: dataset `name` [tail reversed..., cells reversed..., N]
// float32 from rows over [cells..., tail...] (MatReader reverses every axis).
void write_reversed(hid_t file, const char* name, const ExportPlan& plan,
                    const std::vector<int>& tail,
                    const std::function<std::vector<double>(std::size_t)>& row);
// Writes dataset `name` [N, extra..., cells..., tail...] float32, row r from row(r).
void write_rows(hid_t file, const std::string& name, const ExportPlan& plan,
                const std::vector<hsize_t>& extra, const std::vector<hsize_t>& tail,
                const std::function<std::vector<double>(std::size_t)>& row);
// The same for several datasets [N, cells...] filled in one pass over the
// rows: rows(r)[k] is row r of names[k] (one read of the sample for all).
void write_row_sets(hid_t file, const std::vector<std::string>& names, const ExportPlan& plan,
                    const std::function<std::vector<std::vector<double>>(std::size_t)>& rows);
// Writes dataset `name` [N, extra..., cells...] float32 from field `path`.
void write_field_dataset(hid_t file, const std::string& name, const ExportPlan& plan,
                         const std::string& path, const std::vector<hsize_t>& extra = {});
// The input channels as [N, extra..., cells...] (one) or [N, extra..., cells..., C].
void write_input_dataset(hid_t file, const std::string& name, const ExportPlan& plan,
                         const std::vector<hsize_t>& extra = {});
// Numeric parameters of the problem's own options, from the stored config.
std::vector<std::pair<std::string, double>> simulation_parameters(const DatasetReader& data);

// Refuses layouts that cannot hold trajectories of `frames` frames (and
// trajectories in neuralop, whose readers of time series read The Well's
// format): one line saying which layout keeps them. Steady data (frames 1) passes.
void check_time_layout(Layout layout, std::size_t frames);

void write_native(hid_t file, const ExportPlan& plan);
// Trajectories (export_time.cpp): PDEBench's per-sample groups read by
// FNODatasetMult / UNetDatasetMult, FNO's time-series .mat (ns_2d.py).
void write_pdebench_time(hid_t file, const ExportPlan& plan);
void write_fno_time(hid_t file, const ExportPlan& plan);
void write_pdebench(hid_t file, const ExportPlan& plan);
void write_fno(hid_t file, const ExportPlan& plan);
void write_neuralop(hid_t file, const ExportPlan& plan);
void write_well(hid_t file, const ExportPlan& plan);
// The Well's stats.yaml of the rows of `plan` (the train part), written to path.
void write_well_stats(const std::string& path, const ExportPlan& plan);
// The 128-byte MATLAB 7.3 header written into the fno user block.
std::string matlab_header();

} // namespace skr::detail
