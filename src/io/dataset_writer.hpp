#pragma once
// Writes skr-gen's native dataset layout (docs/ARCHITECTURE.md, README):
//   /grid/{x,y[,z]}, /inputs/<field> [N, nx, ny], /inputs/<scalar> [N],
//   /outputs/<field> [N, nx, ny], /meta/{seed,solve_position} [N],
//   /stats/{iterations,rel_residual,solve_seconds,converged,reason} [N],
// fields chunked one sample per chunk, gzip + shuffle. The file is written
// as PATH.partial and renamed to PATH by finish(), after the attribute
// `complete` = 1 is written last: a file that is not complete never sits
// under the final name.
#include "io/h5.hpp"
#include "problems/problem.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace skr {

struct DatasetSchema {
  std::string problem;
  Grid grid;
  std::vector<std::string> input_fields;
  std::vector<std::string> input_scalars;
  std::vector<std::string> output_fields;
  std::size_t samples = 0;
  bool double_precision = false;
  int gzip_level = 4;
  // Provenance.
  std::string config;
  std::uint64_t base_seed = 0;
  double rtol = 0;
};

// The schema of a problem's datasets, from the fields of one drawn sample.
DatasetSchema schema_for(const Problem& problem, const Sample& sample, std::size_t samples);

struct SolveStats {
  int iterations = 0;
  double rel_residual = 0;
  double solve_seconds = 0;
  bool converged = false;
  int reason = 0; // PETSc KSPConvergedReason
  long long solve_position = -1;
};

class DatasetWriter {
public:
  DatasetWriter(std::string path, DatasetSchema schema, bool overwrite);
  ~DatasetWriter();
  DatasetWriter(const DatasetWriter&) = delete;
  DatasetWriter& operator=(const DatasetWriter&) = delete;

  // Writes sample `index` (its row in every dataset).
  void write(std::size_t index, const Sample& sample, const Fields& outputs, const SolveStats& stats);
  // Marks the file complete and moves it to its final name.
  void finish();

  const std::string& path() const { return path_; }
  std::string partial_path() const { return path_ + ".partial"; }

private:
  void create_layout();
  void write_row(const std::string& dataset, std::size_t index, hid_t memory_type, const void* data,
                 std::size_t count);

  std::string path_;
  DatasetSchema schema_;
  h5::Id file_;
  std::size_t written_ = 0;
  bool finished_ = false;
};

} // namespace skr
