#pragma once
// Reads skr-gen's native dataset layout (see io/dataset_writer.hpp): root
// provenance attributes, /grid, /inputs, /outputs, /meta, /stats; for a
// time-dependent dataset (trajectories) also its time attributes, /grid/t
// and /stats/steps/* (see TimeAxis). Opening
// checks, in this order, that the file exists, is HDF5, opens (truncated or
// corrupt files fail here), carries format = "skr-gen", and is complete;
// every failure is one skr::Error line naming the file.
//
//   DatasetReader data("darcy.h5");
//   Sample s = data.read_inputs(3);      // fields + scalars + seed of sample 3
//   Fields u = data.read_outputs(3);     // {"solution": [...]}
//   auto problem = problem_from_dataset(data);
#include "io/h5.hpp"
#include "discretize/problem.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace skr {

// One stored array: /inputs/coeff float32 [N, nx, ny], chunks, filters.
struct ArrayInfo {
  std::string path; // "inputs/coeff"
  std::string name; // "coeff"
  std::vector<hsize_t> shape;
  std::string dtype;          // "float32", "float64", "uint64", ...
  std::vector<hsize_t> chunk; // empty: contiguous
  std::string compression;    // "gzip:4+shuffle", "none"
};

// Summary of /stats over all samples.
struct StatsSummary {
  std::size_t samples = 0;
  double iterations_mean = 0;
  long long iterations_min = 0, iterations_max = 0;
  double max_rel_residual = 0;
  double solve_seconds_total = 0, solve_seconds_mean = 0;
  std::size_t not_converged = 0;
};

// The time axis of a time-dependent dataset: root attributes time_dependent
// = 1, time_scheme, dt, t_final, steps, record_every, frames, and /grid/t.
// Its outputs are /outputs/<field> [N, T, cells...] (frame 0 = the initial
// condition), read as one frame-major row of T * cells values; its inputs
// stay [N, cells...]; /stats/steps/<name> [N, steps] holds every step, or
// [N, frames - 1] the sums over each recorded interval (attribute
// step_stats = "frame"; files without it are per step).
// A steady dataset has dependent = false and frames = 1.
struct TimeAxis {
  bool dependent = false;
  std::string scheme; // "be" | "cn" | "bdf2"
  double dt = 0, t_final = 0;
  long long steps = 0, record_every = 1;
  std::size_t frames = 1;
  bool stats_per_step = true; // /stats/steps: per step, else per recorded interval
  long long stat_columns() const { return stats_per_step ? steps : steps / record_every; }
  std::vector<double> times; // /grid/t, one per frame
};

// Summary of /stats/steps over every column (step, or recorded interval)
// of the trajectories written.
struct StepStatsSummary {
  std::size_t steps = 0; // columns counted (trajectories x columns)
  double iterations_mean = 0;
  long long iterations_max = 0;
  std::size_t hardest_sample = 0, hardest_step = 0; // where iterations_max was (its column)
  double max_rel_residual = 0;
  double seconds_mean = 0, seconds_max = 0;
};

enum class Incomplete { refuse, allow };

class DatasetReader {
public:
  explicit DatasetReader(std::string path, Incomplete incomplete = Incomplete::refuse);

  const std::string& path() const { return path_; }
  hid_t file() const { return file_; }

  std::string problem() const { return problem_; }
  std::string config() const { return config_; }
  std::uint64_t base_seed() const;
  std::size_t samples() const { return samples_; }
  std::size_t samples_done() const { return samples_done_; }
  bool complete() const { return complete_; }
  std::string precision() const;
  double rtol() const;
  // Every root attribute as text, in name order.
  std::vector<std::pair<std::string, std::string>> attributes() const;
  // Downsampling stride of a converted file (1 for generated files).
  int stride() const;

  // Time-dependent datasets: the time axis (steady: dependent = false).
  const TimeAxis& time() const { return time_; }
  bool time_dependent() const { return time_.dependent; }
  std::size_t frames() const { return time_.frames; }
  // /stats/steps/* [N, steps] (empty for steady data) and their summary.
  const std::vector<ArrayInfo>& step_arrays() const { return step_arrays_; }
  StepStatsSummary step_stats() const;

  // Coordinates of /grid/x, /grid/y[, /grid/z] (never /grid/t).
  std::vector<std::vector<double>> coordinates() const;
  std::vector<int> cells() const;

  const std::vector<ArrayInfo>& input_fields() const { return input_fields_; }
  const std::vector<ArrayInfo>& input_scalars() const { return input_scalars_; }
  const std::vector<ArrayInfo>& output_fields() const { return output_fields_; }
  // Every dataset of a group ("meta", "stats", ...; subgroups such as
  // stats/steps are not listed).
  std::vector<ArrayInfo> arrays(const std::string& group) const;

  // Sample i's inputs as stored (fields as double, scalars, seed).
  Sample read_inputs(std::size_t i) const;
  Fields read_outputs(std::size_t i) const;
  // Row i of one field dataset ("inputs/coeff"), as float or double.
  std::vector<float> read_field_float(const std::string& path, std::size_t i) const;
  std::vector<double> read_field(const std::string& path, std::size_t i) const;
  // A whole per-sample column ("meta/seed", "stats/iterations") as double,
  // and the seeds exactly.
  std::vector<double> read_column(const std::string& path) const;
  std::vector<std::uint64_t> seeds() const;

  StatsSummary stats() const;

private:
  std::string path_;
  h5::Id file_;
  std::string problem_, config_;
  std::size_t samples_ = 0, samples_done_ = 0;
  bool complete_ = false;
  std::vector<ArrayInfo> input_fields_, input_scalars_, output_fields_, step_arrays_;
  TimeAxis time_;
  void read_time_axis();
};

// Fails unless the stored config agrees with the root attributes: its
// `problem` and `precision` lines (where present) name the file's problem
// and precision, and the precision is float or double.
void check_stored_config(const DatasetReader& data);

// Rebuilds the Problem that generated the dataset from its stored problem
// name and config text: the "key = value" lines are parsed with Boost
// program_options restricted to the family's options and --grid; keys of
// generate and the solver are ignored. Refuses downsampled (--stride) files,
// whose grid no longer matches their config, and files that fail
// check_stored_config.
std::unique_ptr<Problem> problem_from_dataset(const DatasetReader& data);
// The same from the parts (used by tests and by files not yet opened).
std::unique_ptr<Problem> problem_from_config(const std::string& problem, const std::string& config);

// Parses "key = value" lines (blank and '#' lines skipped) in order.
std::vector<std::pair<std::string, std::string>> parse_config_lines(const std::string& config);

} // namespace skr
