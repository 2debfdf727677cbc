#pragma once
// Internal to the layout exports (layouts.cpp, export_*.cpp): what one output
// file holds (rows taken from one or more native sources, downsampled grid,
// storage options) and the pieces every layout writer shares.
#include "io/dataset_reader.hpp"
#include "io/layouts.hpp"

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
  std::string provenance;                // where the rows come from (text)
  std::string provenance_key = "converted_from"; // or "merged_from"
  bool whole_run = false; // merged shards of one run: drop /meta/index and the shard attribute
  std::size_t samples() const { return rows.size(); }
  std::size_t points() const;
};

// Output row r of a field dataset ("inputs/coeff"), downsampled, as double.
std::vector<double> field_row(const ExportPlan& plan, const std::string& path, std::size_t r);
// Chunk shape for a dataset [N, cells...] of element_size-byte values.
std::vector<hsize_t> sample_chunk(const ExportPlan& plan, std::size_t element_size);
// [N, cells...] with leading extra axes inserted after N (pdebench: {1}).
std::vector<hsize_t> sample_dims(const ExportPlan& plan,
                                 const std::vector<hsize_t>& after_samples = {});
// Root attributes that say where an export came from.
void write_provenance(hid_t file, const ExportPlan& plan);
// Writes dataset `name` [N, extra..., cells...] float32 from field `path`.
void write_field_dataset(hid_t file, const std::string& name, const ExportPlan& plan,
                         const std::string& path, const std::vector<hsize_t>& extra = {});
// Numeric parameters of the problem's own options, from the stored config.
std::vector<std::pair<std::string, double>> simulation_parameters(const DatasetReader& data);

void write_native(hid_t file, const ExportPlan& plan);
void write_pdebench(hid_t file, const ExportPlan& plan);
void write_fno(hid_t file, const ExportPlan& plan);
void write_neuralop(hid_t file, const ExportPlan& plan);
void write_well(hid_t file, const ExportPlan& plan);
// The 128-byte MATLAB 7.3 header written into the fno user block.
std::string matlab_header();

} // namespace skr::detail
