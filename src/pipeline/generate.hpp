#pragma once
// The generate pipeline: draw N samples of a family, sort them by
// similarity, solve them in that order with one KSP (recycling across the
// sequence), and write each sample at its original index.
#include "discretize/problem.hpp"
#include "io/deflate_chunk.hpp"
#include "pipeline/auto_solver.hpp"
#include "solve/sequence_solver.hpp"
#include "sort/feature_matrix.hpp"
#include "sort/sorter.hpp"
#include "util/phase_timer.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace skr {

struct GenerateConfig {
  std::string out;
  bool overwrite = false;
  std::size_t samples = 0;
  std::uint64_t seed = 0;
  bool double_precision = false;
  Compression compression; // --compression (io/deflate_chunk.hpp)
  std::string sort_method = "auto";
  SolverSettings solver;
  AutoPolicy auto_policy;  // --solver auto: the cache key and --explore
  std::string config_text; // the resolved configuration, stored as provenance
  bool progress = true;
  bool verbose = false;  // a line per sample on stderr
  bool log_json = false; // a JSON object per sample on stdout
  bool resume = false;   // continue OUT.partial left by a killed run
  // The output is the run's last product (no export follows): once it is
  // complete, a crash while releasing solver objects keeps the exit status
  // (util/teardown_guard.hpp).
  bool guard_teardown = true;
  std::size_t checkpoint_samples = 32; // flush completed samples this often...
  double checkpoint_seconds = 60;      // ...or after this long, whichever first
  std::size_t checkpoint_growth = 2;   // each full batch this many times the last
  long long max_failures = -1;         // abort after more failed samples (-1: never)
  int ranks_per_system = 1;            // MPI ranks that solve each system together
  std::size_t shard = 0, shards = 1;   // --shard i/K: solve only part i of K of the order
  bool timing = false;                 // --timing: wall time per phase (summary.timing)
};

struct GenerateSummary {
  std::size_t samples = 0;
  std::size_t converged = 0;
  std::size_t failed = 0;
  std::size_t retried = 0; // converged only after a reset of the solver (fallback 1)
  std::size_t direct = 0;  // solved by the direct fallback (fallback 2)
  std::size_t resumed = 0; // samples found done in the resumed file
  int ranks = 1;
  double total_seconds = 0;
  double solve_seconds = 0;
  long long iterations = 0;
  double max_rel_residual = 0;
  std::string solver;
  std::string solver_report; // the auto pilot's table, if --solver auto
  std::string solver_choice; // where auto's choice came from: pilot, cache or prediction
  std::string sort_method;
  double sort_seconds = 0;
  double sort_path_length = 0, random_path_length = 0;
  std::string timing; // --timing: the per-phase table (util/phase_timer.hpp)
};

// Seeds of the N samples of a run: derive_seed(base, i).
std::vector<std::uint64_t> sample_seeds(std::uint64_t base, std::size_t samples);

// One row of Problem::features per sample (drawn in parallel).
sort::FeatureMatrix sample_features(const Problem& problem,
                                    const std::vector<std::uint64_t>& seeds);
// Samples [first, last) only, `columns` features each (feature_columns).
sort::FeatureMatrix sample_features(const Problem& problem, const std::vector<std::uint64_t>& seeds,
                                    std::size_t first, std::size_t last, std::size_t columns);
// The number of features of the family's samples (sample 0's).
std::size_t feature_columns(const Problem& problem, const std::vector<std::uint64_t>& seeds);

// Sorting options for a family's features: 2-D and 3-D fields are FFT-reducible.
sort::SortOptions sort_options_for(const Problem& problem, std::size_t feature_columns,
                                   const std::string& method);

// The order in which to solve the samples: order[position] = sample index.
// `timer` (optional) is charged the draw of the features and the sort.
std::vector<std::size_t> solve_order(const Problem& problem,
                                     const std::vector<std::uint64_t>& seeds,
                                     const std::string& method, GenerateSummary* summary,
                                     PhaseTimer* timer = nullptr);

// Positions [first, last) of the sorted order that shard i of K solves:
// contiguous, so that recycling still works inside each shard.
std::pair<std::size_t, std::size_t> shard_range(std::size_t samples, std::size_t shard,
                                                std::size_t shards);

GenerateSummary run_generate(const Problem& problem, const GenerateConfig& config);

// The run's outcome line: largest true residual, converged / failed samples,
// those that needed a fallback, those resumed from a checkpoint.
std::string outcome_line(const GenerateSummary& summary, double rtol);

} // namespace skr
