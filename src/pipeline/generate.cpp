#include "pipeline/generate.hpp"

#include "discretize/dmda_grid.hpp"
#include "io/dataset_writer.hpp"
#include "pipeline/auto_solver.hpp"
#include "pipeline/memory_check.hpp"
#include "pipeline/sample_recorder.hpp"
#include "pipeline/sequence_system.hpp"
#include "pipeline/system_groups.hpp"
#include "pipeline/work_queue.hpp"
#include "sort/sorter.hpp"
#include "util/error.hpp"
#include "util/mpi.hpp"
#include "util/progress.hpp"
#include "util/seed.hpp"
#include "util/signals.hpp"
#include "util/teardown_guard.hpp"

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
    if (pending_signal()) continue; // SIGINT / SIGTERM: stop drawing (no throw out of omp)
    const auto f = problem.features(problem.draw(seeds[i]));
    std::copy(f.begin(), f.end(), features.row(i));
  }
  if (const int signal = pending_signal()) throw Interrupted(signal, Interrupted::Stage::drawing);
  return features;
}

sort::SortOptions sort_options_for(const Problem& problem, std::size_t feature_columns,
                                   const std::string& method) {
  sort::SortOptions options;
  options.method = sort::parse_method(method);
  const Grid& grid = problem.grid();
  if (grid.dims() == 2 && feature_columns >= grid.points()) { // leading fields: FFT-reducible
    options.field_nx = grid.cells[0];
    options.field_ny = grid.cells[1];
    options.field_count = static_cast<int>(feature_columns / grid.points());
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

std::pair<std::size_t, std::size_t> shard_range(std::size_t samples, std::size_t shard,
                                                std::size_t shards) {
  if (shards == 0 || shard >= shards) fail("--shard {}/{}: need 0 <= i < K", shard, shards);
  if (shards > samples)
    fail("--shard {}/{}: more shards than the {} samples", shard, shards, samples);
  return {samples * shard / shards, samples * (shard + 1) / shards};
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

// --solver auto: rank 0 runs the pilot (or takes the cache's choice), every
// rank uses its choice. A serial run (run_system given) goes on with the
// pilot's winner and its results.
SolverSettings resolve_solver(MPI_Comm comm, const Problem& problem,
                              const std::vector<std::uint64_t>& seeds,
                              const std::vector<std::size_t>& order, const GenerateConfig& config,
                              GenerateSummary& summary, SequenceSystem* run_system,
                              PilotContinuation* continuation) {
  SolverSettings requested = config.solver;
  if (!wants_pilot(requested)) return requested;
  SolverSettings chosen;
  on_root(comm, [&] {
    std::vector<Sample> pilot;
    for (std::size_t p = 0; p < pilot_size(order.size()); ++p)
      pilot.push_back(problem.draw(seeds[order[p]]));
    SolverChoice choice = choose_solver(problem, pilot, config.solver, order.size(), run_system,
                                        config.auto_policy);
    chosen = choice.settings;
    summary.solver_report = choice.report();
    summary.solver_choice = choice.source;
    *continuation = std::move(choice.continuation);
  });
  // A candidate differs from the requested settings in these four only.
  SolverSettings settings = config.solver;
  settings.ksp_type = broadcast(comm, chosen.ksp_type);
  settings.pc_type = broadcast(comm, chosen.pc_type);
  settings.warm_start = WarmStart(std::stoi(broadcast(comm, std::to_string(int(chosen.warm_start)))));
  settings.pc_reuse = std::stoi(broadcast(comm, std::to_string(chosen.pc_reuse)));
  summary.solver_report = broadcast(comm, summary.solver_report);
  summary.solver_choice = broadcast(comm, summary.solver_choice);
  return settings;
}

} // namespace

std::string outcome_line(const GenerateSummary& s, double rtol) {
  std::string line = fmt::format(
      "largest true relative residual: {:.3e} (rtol {:.1e}) | converged {}/{} | failed {}",
      s.max_rel_residual, rtol, s.converged, s.converged + s.failed, s.failed);
  // A sample the solver only reached after a reset, or not at all, is no
  // failure, but its cost and its solver differ from the others'.
  if (s.retried) line += fmt::format(" | {} converged after a solver reset", s.retried);
  if (s.direct) line += fmt::format(" | {} solved by the direct fallback", s.direct);
  if (s.resumed) line += fmt::format(" | {} resumed from the checkpoint", s.resumed);
  return line + "\n";
}

GenerateSummary run_generate(const Problem& problem, const GenerateConfig& config) {
  check_pc_applies(problem, config.solver.pc_type);
  check_pc_type(config.solver.pc_type);
  const auto start = std::chrono::steady_clock::now();
  const MPI_Comm comm = PETSC_COMM_WORLD;
  check_memory(problem, config.samples, config.solver, config.ranks_per_system, comm);
  const int rank = comm_rank(comm), ranks = comm_size(comm);
  InterruptGuard interrupt_guard; // signals from here on end in a checkpoint
  // Checked before any output exists; outlives every PETSc object on its comm.
  const SystemGroups groups(comm, config.ranks_per_system);
  GenerateSummary summary;
  summary.samples = config.samples;
  summary.ranks = ranks;
  const auto seeds = sample_seeds(config.seed, config.samples);

  // Every rank computes the same order (deterministic), no communication. A
  // shard needs it to know its samples before it opens its file; a whole run
  // opens the output first, so that an unwritable path fails before the sort.
  const bool sharded = config.shards > 1;
  std::vector<std::size_t> full_order;
  const auto sort_samples = [&] {
    full_order = solve_order(problem, seeds, config.sort_method, &summary);
  };
  if (sharded) sort_samples();

  // The schema comes from sample 0's fields.
  DatasetSchema schema = schema_for(problem, problem.draw(seeds.at(0)), config.samples);
  schema.double_precision = config.double_precision;
  schema.config = config.config_text;
  schema.base_seed = config.seed;
  schema.rtol = config.solver.rtol;
  const auto [first_position, last_position] =
      shard_range(config.samples, config.shard, config.shards);
  if (sharded) {
    schema.sample_index.assign(full_order.begin() + std::ptrdiff_t(first_position),
                               full_order.begin() + std::ptrdiff_t(last_position));
    std::sort(schema.sample_index.begin(), schema.sample_index.end());
    schema.samples = schema.sample_index.size();
    schema.shard = fmt::format("{}/{}", config.shard, config.shards);
    summary.samples = schema.samples;
  }
  DatasetWriter writer = open_writer(comm, config, schema);
  summary.resumed = writer.done_count();
  if (!sharded) sort_samples();
  // This run's part of the sorted order: order[p] is solved at position first_position + p.
  const std::vector<std::size_t> order(full_order.begin() + std::ptrdiff_t(first_position),
                                       full_order.begin() + std::ptrdiff_t(last_position));
  // Each group of ranks (by default one rank) solves its systems together, one KSP for all.
  SequenceSystem system(problem, groups.comm());
  Handle<Vec> x;
  SKR_PETSC(VecDuplicate(system.b(), x.out()));
  SKR_PETSC(VecZeroEntries(x));
  PilotContinuation pilot;
  const SolverSettings settings =
      resolve_solver(comm, problem, seeds, order, config, summary, ranks == 1 ? &system : nullptr,
                     &pilot);
  if (!summary.solver_report.empty()) {
    writer.annotate("solver_auto_pilot", summary.solver_report);
    writer.annotate("solver_choice", summary.solver_choice);
  }
  if (pilot.last) SKR_PETSC(VecCopy(pilot.last, x));
  std::unique_ptr<SequenceSolver> own;
  if (!pilot.solver) own = std::make_unique<SequenceSolver>(groups.comm(), settings);
  SequenceSolver& solver = own ? *own : *pilot.solver;
  summary.solver = solver.description();
  writer.annotate("solver",
                  fmt::format("{}{}{}", summary.solver, warm_start_note(solver),
                              settings.pc_reuse > 1
                                  ? fmt::format(", PC rebuilt every {}", settings.pc_reuse)
                                  : ""));
  writer.annotate("ranks", std::to_string(ranks));
  if (groups.size() > 1) writer.annotate("ranks_per_system", std::to_string(groups.size()));

  Progress progress("generate", summary.samples, config.progress && rank == 0);
  WorkQueue queue(comm, order.size(), default_block_size(order.size(), groups.count()));
  SampleRecorder recorder(writer, summary, progress, config.checkpoint_samples,
                          config.checkpoint_seconds, config.max_failures,
                          groups.count() > 1
                              ? std::function<std::size_t()>([&] { return queue.handed_out(); })
                              : nullptr);
  recorder.set_logging(config.verbose, config.log_json, rank);
  recorder.set_failure_counter([&] { return queue.add_failure(); });
  // The pilot's winner already solved the first samples: record its results.
  for (std::size_t p = 0; p < pilot.stats.size(); ++p) {
    const std::size_t index = order[p];
    if (writer.is_done(index)) continue;
    const Sample sample = problem.draw(seeds[index]);
    SolveStats stats = pilot.stats[p];
    stats.solve_position = static_cast<long long>(first_position + p);
    recorder.record(index, sample, problem.outputs(sample, pilot.solutions[p]), stats, x);
  }
  groups.for_each_position(queue, [&](std::size_t position) {
    const std::size_t index = order[position];
    if (position < pilot.stats.size() || writer.is_done(index)) return; // recorded above
    const Sample sample = problem.draw(seeds[index]);
    system.assemble(sample);
    SolveStats stats = solver.solve(system.A(), system.b(), x);
    stats.solve_position = static_cast<long long>(first_position + position);
    // The group's leader records the sample (zeroing x if the solve failed);
    // the other ranks of the group zero their parts of x alike.
    const auto solution = gather_to_root(x);
    groups.record(
        [&] { recorder.record(index, sample, problem.outputs(sample, solution), stats, x); },
        [&] {
          if (!stats.converged) SKR_PETSC(VecZeroEntries(x));
        });
  });
  progress.finish();

  // All ranks assemble the file together (parallel HDF5).
  writer.finish(comm);

  const auto total = [&](std::size_t count) {
    return static_cast<std::size_t>(sum_over(comm, double(count)));
  };
  for (std::size_t* count :
       {&summary.converged, &summary.failed, &summary.retried, &summary.direct})
    *count = total(*count);
  summary.iterations = static_cast<long long>(sum_over(comm, double(summary.iterations)));
  summary.solve_seconds = sum_over(comm, summary.solve_seconds);
  summary.max_rel_residual = max_over(comm, summary.max_rel_residual);
  summary.total_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (config.guard_teardown) arm_teardown_guard(config.out, summary.failed ? 3 : 0);
  return summary;
}

} // namespace skr
