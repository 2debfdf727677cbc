#pragma once
// The native layout's structure, shared by the final dataset and the
// checkpoint batches of an unfinished run: which datasets exist, their
// shapes and types, and writing a checkpoint batch's rows into them.
#include "io/h5.hpp"
#include "discretize/problem.hpp"
#include "solve/solve_stats.hpp"

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

// One sample as the layout stores it: inputs, outputs, seed and statistics
// (`steps`: a trajectory's per-step statistics, /stats/steps/*).
struct SampleRow {
  const Sample& sample;
  const Fields& outputs;
  const SolveStats& stats;
  const std::vector<SolveStats>& steps;
};

// Writes `rows` as rows 0..rows.size()-1 of a file of as many samples (a
// checkpoint batch): a field a row at a time (each row its own chunks), each
// per-sample value in one write for all rows.
void write_sample_rows(hid_t file, const DatasetSchema& schema, const std::vector<SampleRow>& rows);

} // namespace skr
