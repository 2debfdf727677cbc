#include "pipeline/generate.hpp"

#include "discretize/dmda_grid.hpp"
#include "io/dataset_writer.hpp"
#include "pipeline/auto_solver.hpp"
#include "pipeline/sample_recorder.hpp"
#include "pipeline/work_queue.hpp"
#include "sort/sorter.hpp"
#include "util/error.hpp"
#include "util/mpi.hpp"
#include "util/progress.hpp"
#include "util/seed.hpp"
#include "util/signals.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <optional>
#include <tuple>

namespace skr {

std::vector<std::uint64_t> sample_seeds(std::uint64_t base, std::size_t samples) {
  std::vector<std::uint64_t> seeds(samples);
  for (std::size_t i = 0; i < samples; ++i) seeds[i] = derive_seed(base, i);
  return seeds;
}

sort::FeatureMatrix sample_features(const Problem& problem,
                                    const std::vector<std::uint64_t>& seeds) {
  const std::size_t n = seeds.size();
  const std::size_t d = problem.features(problem.draw(seeds.at(0))).size();
  sort::FeatureMatrix features(n, d);
  // Drawing is deterministic per seed and Problem::draw is thread-safe.
#pragma omp parallel for schedule(dynamic, 4)
  for (long long i = 0; i < static_cast<long long>(n); ++i) {
    const auto f = problem.features(problem.draw(seeds[i]));
    std::copy(f.begin(), f.end(), features.row(i));
  }
  return features;
}

sort::SortOptions sort_options_for(const Problem& problem, std::size_t feature_columns,
                                   const std::string& method) {
  sort::SortOptions options;
  options.method = sort::parse_method(method);
  const Grid& grid = problem.grid();
  if (grid.dims() == 2 && feature_columns >= grid.points()) { // leading field: FFT-reducible
    options.field_nx = grid.cells[0];
    options.field_ny = grid.cells[1];
    options.fft_keep = std::min({options.fft_keep, grid.cells[0], grid.cells[1]});
  }
  return options;
}

std::vector<std::size_t> solve_order(const Problem& problem,
                                     const std::vector<std::uint64_t>& seeds,
                                     const std::string& method, GenerateSummary* summary) {
  const auto features = sample_features(problem, seeds);
  const sort::SortOptions options = sort_options_for(problem, features.cols, method);
  auto result = sort::sort_with_report(features, options);
  if (summary) {
    summary->sort_method = sort::to_string(result.method);
    summary->sort_seconds = result.seconds;
    summary->sort_path_length = result.path_length;
    summary->random_path_length = result.random_path_length;
  }
  return std::move(result.order);
}

namespace {

// Opens the output on every rank: rank 0 creates (or resumes) the run's
// directory, the others join it once it exists.
DatasetWriter open_writer(MPI_Comm comm, const GenerateConfig& config,
                          const DatasetSchema& schema) {
  std::optional<DatasetWriter> writer;
  on_root(comm, [&] {
    writer.emplace(config.resume ? DatasetWriter::resume(config.out, schema)
                                 : DatasetWriter(config.out, schema, config.overwrite));
  });
  if (comm_rank(comm) != 0)
    writer.emplace(config.resume ? DatasetWriter::resume(config.out, schema)
                                 : DatasetWriter::attach(config.out, schema));
  writer->set_rank(comm_rank(comm));
  return std::move(*writer);
}

// --solver auto: rank 0 runs the pilot, every rank uses its choice.
SolverSettings resolve_solver(MPI_Comm comm, const Problem& problem,
                              const std::vector<std::uint64_t>& seeds,
                              const std::vector<std::size_t>& order,
                              const SolverSettings& requested, std::string* report) {
  if (requested.ksp_type != "auto") return requested;
  std::string chosen;
  on_root(comm, [&] {
    std::vector<Sample> pilot;
    for (std::size_t p = 0; p < pilot_size(order.size()); ++p)
      pilot.push_back(problem.draw(seeds[order[p]]));
    const SolverChoice choice = choose_solver(problem, pilot, requested);
    chosen = choice.name;
    *report = choice.report();
  });
  chosen = broadcast(comm, chosen);
  *report = broadcast(comm, *report);
  for (const auto& [name, settings] : auto_candidates(problem, requested))
    if (name == chosen) return settings;
  throw CollectiveError("auto solver: inconsistent choice across ranks");
}

} // namespace

GenerateSummary run_generate(const Problem& problem, const GenerateConfig& config) {
  const auto start = std::chrono::steady_clock::now();
  const MPI_Comm comm = PETSC_COMM_WORLD;
  const int rank = comm_rank(comm), ranks = comm_size(comm);
  InterruptGuard interrupt_guard; // signals from here on end in a checkpoint
  GenerateSummary summary;
  summary.samples = config.samples;
  summary.ranks = ranks;
  const auto seeds = sample_seeds(config.seed, config.samples);

  // The schema comes from sample 0's fields; open the output before any
  // expensive work so that an unwritable path fails at once.
  DatasetSchema schema = schema_for(problem, problem.draw(seeds.at(0)), config.samples);
  schema.double_precision = config.double_precision;
  schema.config = config.config_text;
  schema.base_seed = config.seed;
  schema.rtol = config.solver.rtol;
  DatasetWriter writer = open_writer(comm, config, schema);
  summary.resumed = writer.done_count();

  // Every rank computes the same order (deterministic), no communication.
  const auto order = solve_order(problem, seeds, config.sort_method, &summary);
  const SolverSettings settings =
      resolve_solver(comm, problem, seeds, order, config.solver, &summary.solver_report);
  if (!summary.solver_report.empty()) writer.annotate("solver_auto_pilot", summary.solver_report);

  // Each rank solves its systems alone (PETSC_COMM_SELF), one KSP for all of them.
  Handle<Mat> A;
  Handle<Vec> b, x;
  problem.create_system(PETSC_COMM_SELF, A.out(), b.out());
  SKR_PETSC(VecDuplicate(b, x.out()));
  SKR_PETSC(VecZeroEntries(x));
  SequenceSolver solver(PETSC_COMM_SELF, settings);
  summary.solver = solver.description();
  writer.annotate("solver",
                  fmt::format("{}{}{}", summary.solver, settings.warm_start ? ", warm start" : "",
                              settings.pc_reuse > 1
                                  ? fmt::format(", PC rebuilt every {}", settings.pc_reuse)
                                  : ""));
  writer.annotate("ranks", std::to_string(ranks));

  Progress progress("generate", config.samples, config.progress && rank == 0);
  WorkQueue queue(comm, order.size(), default_block_size(order.size(), ranks));
  SampleRecorder recorder(
      writer, summary, progress, config.checkpoint_samples, config.checkpoint_seconds,
      config.max_failures,
      ranks > 1 ? std::function<std::size_t()>([&] { return queue.handed_out(); }) : nullptr);
  recorder.set_logging(config.verbose, config.log_json, rank);
  for (auto [first, last] = queue.next(); first < last; std::tie(first, last) = queue.next()) {
    for (std::size_t position = first; position < last; ++position) {
      const std::size_t index = order[position];
      if (writer.done()[index]) continue;
      const Sample sample = problem.draw(seeds[index]);
      problem.assemble(sample, A, b);
      SolveStats stats = solver.solve(A, b, x);
      stats.solve_position = static_cast<long long>(position);
      recorder.record(index, sample, problem.outputs(sample, gather_to_storage(x)), stats, x);
    }
  }
  progress.finish();

  // Every rank's batches are on disk before rank 0 assembles the file.
  writer.checkpoint();
  MPI_Barrier(comm);
  on_root(comm, [&] { writer.finish(); });
  if (rank != 0) writer.detach();

  summary.converged = static_cast<std::size_t>(sum_over(comm, double(summary.converged)));
  summary.failed = static_cast<std::size_t>(sum_over(comm, double(summary.failed)));
  summary.iterations = static_cast<long long>(sum_over(comm, double(summary.iterations)));
  summary.solve_seconds = sum_over(comm, summary.solve_seconds);
  summary.max_rel_residual = max_over(comm, summary.max_rel_residual);
  summary.total_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

} // namespace skr
