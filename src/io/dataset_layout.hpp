#pragma once
// The native layout's structure, shared by the final dataset and the
// checkpoint batches of an unfinished run: which datasets exist, their
// shapes and types, and writing a checkpoint batch's rows into them.
#include "discretize/problem.hpp"
#include "io/deflate_chunk.hpp"
#include "io/h5.hpp"
#include "solve/solve_stats.hpp"

#include <map>
#include <string>
#include <vector>

namespace skr {

struct DatasetSchema;

// The current time as "YYYY-MM-DDTHH:MM:SSZ".
std::string utc_now();

// Creates the native layout (root attributes, /grid, /inputs, /outputs,
// /meta, /stats) for schema.samples rows in an open file.
void create_native_layout(hid_t file, const DatasetSchema& schema);

// (Re)writes the root attributes known only as a run goes: `created` (now,
// if schema.created is empty) and schema.notes.
void write_run_notes(hid_t file, const DatasetSchema& schema);

// Paths of every per-sample dataset of the schema ("inputs/coeff", "stats/iterations", ...).
std::vector<std::string> sample_dataset_paths(const DatasetSchema& schema);

// Writes `count` values of `memory_type` as row `row` of dataset `path`.
void write_dataset_row(hid_t file, const std::string& path, std::size_t row, hid_t memory_type,
                       const void* data, std::size_t count);

class CompressionTasks;

// One row of a compressed field whose chunks (the row or, for trajectories,
// its frames) are compressed by `tasks` (io/compression_tasks.hpp), from
// task `first` on: the writer takes their bytes from there, in order.
struct RowChunks {
  CompressionTasks* tasks = nullptr;
  std::size_t first = 0, count = 0, chunk_values = 0;
};
// Dataset path ("outputs/solution") -> that field's row.
using CompressedFields = std::map<std::string, RowChunks>;

// Values per chunk of a field of `schema`: its grid (a row, or one frame).
std::size_t field_chunk_values(const DatasetSchema& schema);
// The bytes a compressed field stores for a chunk of `count` values (as
// float unless `as_double`; compression.enabled() must hold).
std::vector<unsigned char> compress_field_chunk(const double* values, std::size_t count,
                                                bool as_double, const Compression& compression);

// One sample as the layout stores it: inputs, outputs, seed and statistics
// (`steps`: a trajectory's per-step statistics, /stats/steps/*).
struct SampleRow {
  const Sample& sample;
  const Fields& outputs;
  const SolveStats& stats;
  const std::vector<SolveStats>& steps;
  const CompressedFields* compressed = nullptr; // fields whose chunks CompressionTasks compress
};

// Writes `rows` as rows 0..rows.size()-1 of a file of as many samples (a
// checkpoint batch): a field a row at a time (each row its own chunks), each
// per-sample value in one write for all rows.
void write_sample_rows(hid_t file, const DatasetSchema& schema, const std::vector<SampleRow>& rows);

} // namespace skr
