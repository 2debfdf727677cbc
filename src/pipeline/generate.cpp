#include "pipeline/generate.hpp"

#include "discretize/dmda_grid.hpp"
#include "discretize/time_problem.hpp"
#include "io/dataset_writer.hpp"
#include "pipeline/auto_solver.hpp"
#include "pipeline/distributed_sort.hpp"
#include "pipeline/memory_check.hpp"
#include "pipeline/run_phases.hpp"
#include "pipeline/sample_prefetch.hpp"
#include "pipeline/sample_recorder.hpp"
#include "pipeline/sequence_system.hpp"
#include "pipeline/system_groups.hpp"
#include "pipeline/trajectory.hpp"
#include "pipeline/work_queue.hpp"
#include "sort/sorter.hpp"
#include "util/error.hpp"
#include "util/mpi.hpp"
#include "util/progress.hpp"
#include "util/seed.hpp"
#include "util/signals.hpp"
#include "util/teardown_guard.hpp"
#include "util/threads.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <memory>
#include <numeric>
#include <optional>
#include <tuple>

namespace skr {

std::vector<std::uint64_t> sample_seeds(std::uint64_t base, std::size_t samples) {
  std::vector<std::uint64_t> seeds(samples);
  for (std::size_t i = 0; i < samples; ++i) seeds[i] = derive_seed(base, i);
  return seeds;
}

sort::FeatureMatrix sample_features(const Problem& problem, const std::vector<std::uint64_t>& seeds,
                                    std::size_t first, std::size_t last, std::size_t columns) {
  sort::FeatureMatrix features(last - first, columns);
  std::atomic<bool> mismatch{false};
  // Drawing is deterministic per seed and Problem::draw is thread-safe.
#pragma omp parallel for schedule(dynamic, 4)
  for (long long r = 0; r < static_cast<long long>(last - first); ++r) {
    if (pending_signal()) continue; // SIGINT / SIGTERM: stop drawing (no throw out of omp)
    const auto f = problem.features(problem.draw(seeds[first + std::size_t(r)]));
    if (f.size() != columns) {
      mismatch = true; // reported below (no throw out of omp)
      continue;
    }
    std::copy(f.begin(), f.end(), features.row(std::size_t(r)));
  }
  if (const int signal = pending_signal()) throw Interrupted(signal, Interrupted::Stage::drawing);
  if (mismatch) fail("{}: samples have different numbers of features", problem.name());
  return features;
}

sort::FeatureMatrix sample_features(const Problem& problem,
                                    const std::vector<std::uint64_t>& seeds) {
  return sample_features(problem, seeds, 0, seeds.size(), feature_columns(problem, seeds));
}

std::size_t feature_columns(const Problem& problem, const std::vector<std::uint64_t>& seeds) {
  return problem.features(problem.draw(seeds.at(0))).size();
}

sort::SortOptions sort_options_for(const Problem& problem, std::size_t feature_columns,
                                   const std::string& method) {
  sort::SortOptions options;
  options.method = sort::parse_method(method);
  const Grid& grid = problem.grid();
  const bool box = grid.dims() == 2 || grid.dims() == 3;
  if (box && feature_columns >= grid.points()) { // leading fields: FFT-reducible
    options.field_nx = grid.cells[0];
    options.field_ny = grid.cells[1];
    if (grid.dims() == 3) options.field_nz = grid.cells[2];
    options.field_count = static_cast<int>(feature_columns / grid.points());
    for (int axis = 0; axis < grid.dims(); ++axis)
      options.fft_keep = std::min(options.fft_keep, grid.cells[axis]);
  }
  return options;
}

std::vector<std::size_t> solve_order(const Problem& problem,
                                     const std::vector<std::uint64_t>& seeds,
                                     const std::string& method, GenerateSummary* summary,
                                     PhaseTimer* timer) {
  const auto features = [&] {
    PhaseTimer::Scope scope(timer, phase::draw_features);
    return sample_features(problem, seeds);
  }();
  PhaseTimer::Scope scope(timer, phase::sort);
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

// What the steps of one run share.
struct Run {
  Run(const Problem& p, const GenerateConfig& c, const SystemGroups& g)
      : problem(p), config(c), groups(g) {}
  const Problem& problem;
  const GenerateConfig& config;
  const SystemGroups& groups;
  MPI_Comm comm = PETSC_COMM_WORLD;
  const TimeProblem* time = nullptr; // set for a time-dependent family
  GenerateSummary summary;
  std::vector<std::uint64_t> seeds;
  std::vector<std::size_t> full_order; // the sorted order of every sample
  std::vector<std::size_t> order;      // this run's part: order[p] solved at first_position + p
  std::size_t first_position = 0, last_position = 0;
  PhaseTimer* timer = nullptr; // --timing
  // More than one thread per rank: the next sample is drawn while one is
  // solved, and batches are written by the writer's background thread.
  bool overlap = false;
  bool sharded() const { return config.shards > 1; }
};

// Checks what can be checked before any output exists.
void check_run(const Problem& problem, const GenerateConfig& config, MPI_Comm comm) {
  check_pc_applies(problem, config.solver.pc_type);
  check_pc_type(config.solver.pc_type);
  // The solver's share first: a grid too large is refused before a sample of
  // it is drawn to size the sort's rows.
  check_memory(problem, config.samples, 0, config.solver, config.ranks_per_system, comm);
  const std::size_t sort_columns =
      sort_row_columns(problem, sample_seeds(config.seed, config.samples), config.sort_method);
  check_memory(problem, config.samples, sort_columns, config.solver, config.ranks_per_system, comm);
}

// The ranks draw their shares of the samples' features and sort them
// together (pipeline/distributed_sort.hpp): the same order on every rank.
void sort_samples(Run& run) {
  run.full_order = distributed_solve_order(run.problem, run.seeds, run.config.sort_method, run.comm,
                                           &run.summary, run.timer);
}

// The file's schema, from sample 0's fields; a shard's names its samples.
DatasetSchema run_schema(Run& run) {
  const GenerateConfig& config = run.config;
  DatasetSchema schema = schema_for(run.problem, run.problem.draw(run.seeds.at(0)), config.samples);
  schema.double_precision = config.double_precision;
  schema.compression = config.compression;
  schema.config = config.config_text;
  schema.base_seed = config.seed;
  schema.rtol = config.solver.rtol;
  if (run.sharded()) {
    schema.sample_index.assign(run.full_order.begin() + std::ptrdiff_t(run.first_position),
                               run.full_order.begin() + std::ptrdiff_t(run.last_position));
    std::sort(schema.sample_index.begin(), schema.sample_index.end());
    schema.samples = schema.sample_index.size();
    schema.shard = fmt::format("{}/{}", config.shard, config.shards);
    run.summary.samples = schema.samples;
  }
  return schema;
}

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

// The ranks compute the order together and each gets all of it. A shard
// needs it to know its samples before it opens its file; a whole run opens
// the output first, so that an unwritable path fails before the sort.
DatasetWriter sort_and_open_output(Run& run) {
  std::tie(run.first_position, run.last_position) =
      shard_range(run.config.samples, run.config.shard, run.config.shards);
  if (run.sharded()) sort_samples(run);
  DatasetWriter writer = open_writer(run.comm, run.config, run_schema(run));
  run.summary.resumed = writer.done_count();
  if (!run.sharded()) sort_samples(run);
  run.order.assign(run.full_order.begin() + std::ptrdiff_t(run.first_position),
                   run.full_order.begin() + std::ptrdiff_t(run.last_position));
  return writer;
}

// --solver auto: rank 0 runs the pilot (or takes the cache's choice), every
// rank uses its choice. A serial run (run_system given) goes on with the
// pilot's winner and its results; a serial time run (run_trajectories given)
// lends the pilot its stepper.
SolverSettings resolve_solver(const Run& run, GenerateSummary& summary, SequenceSystem* run_system,
                              TrajectorySolver* run_trajectories,
                              PilotContinuation* continuation) {
  const GenerateConfig& config = run.config;
  SolverSettings requested = config.solver;
  if (!wants_pilot(requested)) return requested;
  SolverSettings chosen;
  on_root(run.comm, [&] {
    std::vector<Sample> pilot;
    for (std::size_t p = 0; p < pilot_size(run.order.size()); ++p)
      pilot.push_back(run.problem.draw(run.seeds[run.order[p]]));
    SolverChoice choice = choose_solver(run.problem, pilot, config.solver, run.order.size(),
                                        run_system, config.auto_policy, run_trajectories);
    chosen = choice.settings;
    summary.solver_report = choice.report();
    summary.solver_choice = choice.source;
    *continuation = std::move(choice.continuation);
  });
  // The winner, every field, in one broadcast.
  const MPI_Comm comm = run.comm;
  const SolverSettings settings = settings_from_text(broadcast(comm, to_text(chosen)));
  summary.solver_report = broadcast(comm, summary.solver_report);
  summary.solver_choice = broadcast(comm, summary.solver_choice);
  return settings;
}

// The solver of the run: the pilot's winner (which goes on with its KSP) or a new one.
struct RunSolver {
  PilotContinuation pilot;
  std::unique_ptr<SequenceSolver> own;
  SequenceSolver* solver = nullptr;
};

// A family that advances itself runs no pilot: ns2d solves no system (a
// plain KSP stands in for "auto", created, never used); burgers2d's Newton
// iterations solve with the KSP of the requested solver, or of the family's
// auto_solver() for "auto".
void note_no_solver(Run& run, DatasetWriter& writer, RunSolver& out) {
  const SolverSettings settings = self_advancing_settings(*run.time, run.config.solver);
  out.own = std::make_unique<SequenceSolver>(run.groups.comm(), settings);
  out.solver = out.own.get();
  const std::string_view name = run.problem.name();
  run.summary.solver =
      run.time->auto_solver()
          ? fmt::format("{} in {}'s Newton iterations", out.solver->description(), name)
          : fmt::format("none ({} advances itself)", name);
  writer.annotate("solver", run.summary.solver);
  writer.annotate("ranks", std::to_string(comm_size(run.comm)));
}

// Chooses the solver and notes it in the file. A serial steady run lets the
// pilot solve its first samples (system given); a trajectory's steps are no
// pilot's samples, and for them an automatic warm start is the extrapolation.
void choose_solver_for(Run& run, DatasetWriter& writer, SequenceSystem* system,
                       TrajectorySolver* trajectories, RunSolver& out) {
  PhaseTimer::Scope scope(run.timer, phase::pilot);
  if (run.time && run.time->advances_itself()) {
    note_no_solver(run, writer, out);
    return;
  }
  const bool serial = comm_size(run.comm) == 1;
  SolverSettings settings = resolve_solver(run, run.summary, serial ? system : nullptr,
                                           serial ? trajectories : nullptr, &out.pilot);
  if (run.time && settings.warm_start == WarmStart::automatic) settings.warm_start = WarmStart::on;
  if (run.time) settings.adaptive_recycling = true; // GCRO-DR: recycle only while it pays
  if (!run.summary.solver_report.empty()) {
    writer.annotate("solver_auto_pilot", run.summary.solver_report);
    writer.annotate("solver_choice", run.summary.solver_choice);
  }
  if (!out.pilot.solver) out.own = std::make_unique<SequenceSolver>(run.groups.comm(), settings);
  out.solver = out.own ? out.own.get() : out.pilot.solver.get();
  run.summary.solver = out.solver->description();
  const std::string warm = run.time && takes_initial_guess(out.solver->ksp()) &&
                                   settings.warm_start == WarmStart::on
                               ? ", extrapolated warm start"
                               : warm_start_note(*out.solver);
  writer.annotate("solver", fmt::format("{}{}{}", run.summary.solver, warm,
                                        settings.pc_reuse > 1
                                            ? fmt::format(", PC rebuilt every {}", settings.pc_reuse)
                                            : ""));
  writer.annotate("ranks", std::to_string(comm_size(run.comm)));
  if (run.groups.size() > 1) writer.annotate("ranks_per_system", std::to_string(run.groups.size()));
}

// Runs `solve_all` with a recorder that writes, logs, checkpoints and stops on signals.
void with_recorder(Run& run, DatasetWriter& writer, WorkQueue& queue,
                   const std::function<void(SampleRecorder&)>& solve_all) {
  const GenerateConfig& config = run.config;
  const int rank = comm_rank(run.comm);
  Progress progress("generate", run.summary.samples, config.progress && rank == 0);
  // A trajectory holds T frames: checkpoint about as many values as steady samples would.
  const std::size_t per_checkpoint =
      run.time ? std::max<std::size_t>(
                     1, config.checkpoint_samples / std::size_t(run.time->time().frames()))
               : config.checkpoint_samples;
  SampleRecorder recorder(writer, run.summary, progress, per_checkpoint, config.checkpoint_seconds,
                          config.max_failures,
                          run.groups.count() > 1
                              ? std::function<std::size_t()>([&] { return queue.handed_out(); })
                              : nullptr);
  recorder.set_logging(config.verbose, config.log_json, rank);
  recorder.set_failure_counter([&] { return queue.add_failure(); });
  recorder.set_timer(run.timer);
  recorder.set_checkpoint_growth(config.checkpoint_growth);
  if (comm_size(run.comm) == 1) // a serial run knows what is left (resumed samples excepted)
    recorder.set_samples_to_record(run.order.size() -
                                   std::min(run.order.size(), writer.done_count()));
  solve_all(recorder);
  progress.finish();
}

// The sample at `position` (drawn ahead while the previous ones were
// solved, when the run overlaps); the ones after it are drawn meanwhile.
PreparedSample take_sample(const Run& run, SamplePrefetch& prefetch, std::size_t position) {
  PhaseTimer::Scope scope(run.timer, phase::assemble);
  return prefetch.take(run.order[position], std::span(run.order).subspan(position + 1));
}

// The system's values come computed with the sample when the family has them.
Sample draw_and_assemble(const Run& run, SequenceSystem& system, SamplePrefetch& prefetch,
                         std::size_t position) {
  PreparedSample prepared = take_sample(run, prefetch, position);
  PhaseTimer::Scope scope(run.timer, phase::assemble);
  system.assemble(prepared.sample, std::move(prepared.values));
  return std::move(prepared.sample);
}

SolveStats timed_solve(const Run& run, SequenceSolver& solver, Mat A, Vec b, Vec x) {
  PhaseTimer::Scope scope(run.timer, phase::solve);
  return solver.solve(A, b, x);
}

// Steady families: each sample's system, solved in sorted order (the pilot's
// winner already solved the first ones: their results are recorded as they are).
void solve_samples(Run& run, DatasetWriter& writer, SequenceSystem& system, RunSolver& chosen,
                   Vec x, SampleRecorder& recorder, WorkQueue& queue) {
  const Problem& problem = run.problem;
  const PilotContinuation& pilot = chosen.pilot;
  for (std::size_t p = 0; p < pilot.stats.size(); ++p) {
    const std::size_t index = run.order[p];
    if (writer.is_done(index)) continue;
    PhaseTimer::Scope record(run.timer, phase::record);
    Sample sample = problem.draw(run.seeds[index]);
    SolveStats stats = pilot.stats[p];
    stats.solve_position = static_cast<long long>(run.first_position + p);
    Fields outputs = problem.outputs(sample, pilot.solutions[p]);
    recorder.record(index, std::move(sample), std::move(outputs), stats, x);
  }
  SamplePrefetch prefetch(problem, run.seeds, run.overlap, system.owned_box());
  run.groups.for_each_position(queue, [&](std::size_t position) {
    const std::size_t index = run.order[position];
    if (position < pilot.stats.size() || writer.is_done(index)) return; // recorded above
    Sample sample = draw_and_assemble(run, system, prefetch, position);
    SolveStats stats = timed_solve(run, *chosen.solver, system.A(), system.b(), x);
    stats.solve_position = static_cast<long long>(run.first_position + position);
    // The group's leader records the sample (zeroing x if the solve failed);
    // the other ranks of the group zero their parts of x alike.
    PhaseTimer::Scope record(run.timer, phase::record);
    std::vector<double> solution = gather_to_root(x);
    run.groups.record(
        [&] {
          Fields outputs = problem.outputs(sample, std::move(solution));
          recorder.record(index, std::move(sample), std::move(outputs), stats, x);
        },
        [&] {
          if (!stats.converged) SKR_PETSC(VecZeroEntries(x));
        });
  });
}

// Time-dependent families: each trajectory in sorted order, every step
// through the one solver; a trajectory is recorded (and resumed) whole.
void solve_trajectories(Run& run, DatasetWriter& writer, TrajectorySolver& trajectories,
                        SequenceSolver& solver, Vec x, SampleRecorder& recorder, WorkQueue& queue) {
  SamplePrefetch prefetch(run.problem, run.seeds, run.overlap);
  run.groups.for_each_position(queue, [&](std::size_t position) {
    const std::size_t index = run.order[position];
    if (writer.is_done(index)) return;
    Sample sample = take_sample(run, prefetch, position).sample;
    TrajectoryRun trajectory = trajectories.solve(sample, solver, x);
    trajectory.total.solve_position = static_cast<long long>(run.first_position + position);
    for (SolveStats& step : trajectory.steps) step.solve_position = trajectory.total.solve_position;
    PhaseTimer::Scope record(run.timer, phase::record);
    run.groups.record(
        [&] {
          recorder.record(index, std::move(sample), std::move(trajectory.outputs), trajectory.total,
                          x, std::move(trajectory.steps));
        },
        [&] {
          if (!trajectory.total.converged) SKR_PETSC(VecZeroEntries(x));
        });
  });
}

// Chooses the solver, then solves every sample (or trajectory) of this run's part.
void solve_and_record(Run& run, DatasetWriter& writer) {
  SequenceSystem system(run.problem, run.groups.comm());
  std::unique_ptr<TrajectorySolver> trajectories;
  if (run.time) {
    trajectories = std::make_unique<TrajectorySolver>(*run.time, run.groups.comm());
    trajectories->set_timer(run.timer);
  }
  Handle<Vec> x;
  SKR_PETSC(VecDuplicate(system.b(), x.out()));
  SKR_PETSC(VecZeroEntries(x));
  RunSolver chosen;
  choose_solver_for(run, writer, run.time ? nullptr : &system, trajectories.get(), chosen);
  if (chosen.pilot.last) SKR_PETSC(VecCopy(chosen.pilot.last, x));
  WorkQueue queue(run.comm, run.order.size(),
                  default_block_size(run.order.size(), run.groups.count()));
  // One process: its final file grows batch by batch, beside the solves.
  if (comm_size(run.comm) == 1) writer.assemble_as_batches_land();
  writer.set_background(run.overlap); // from here on the main thread makes no HDF5 call
  with_recorder(run, writer, queue, [&](SampleRecorder& recorder) {
    if (run.time)
      solve_trajectories(run, writer, *trajectories, *chosen.solver, x, recorder, queue);
    else
      solve_samples(run, writer, system, chosen, x, recorder, queue);
  });
}

// The last samples' batch, then rank 0 assembles the file (io/batch_assembly.hpp).
void finish_output(Run& run, DatasetWriter& writer) {
  {
    PhaseTimer::Scope scope(run.timer, phase::checkpoint);
    writer.flush(); // the background writer's batches too
  }
  PhaseTimer::Scope scope(run.timer, phase::assembly);
  writer.finish(run.comm);
}

// --timing with the overlap: how long the writer thread worked beside the
// phases (this rank's; no share: it is not part of the wall time's split).
std::string background_note(const Run& run, const DatasetWriter& writer) {
  if (!run.overlap) return "";
  return fmt::format("  batch writes beside the phases (writer thread): {:.3f} s\n"
                     "  compressed ahead while the writer was busy (in checkpoint write): "
                     "{:.3f} s\n",
                     writer.batch_seconds(), writer.ahead_seconds());
}

// The job's totals, summed over every rank.
void total_over_ranks(Run& run) {
  const MPI_Comm comm = run.comm;
  GenerateSummary& summary = run.summary;
  for (std::size_t* count :
       {&summary.converged, &summary.failed, &summary.retried, &summary.direct})
    *count = static_cast<std::size_t>(sum_over(comm, double(*count)));
  summary.iterations = static_cast<long long>(sum_over(comm, double(summary.iterations)));
  summary.solve_seconds = sum_over(comm, summary.solve_seconds);
  summary.max_rel_residual = max_over(comm, summary.max_rel_residual);
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

// draw features -> sort -> open the output -> choose the solver -> solve
// and record -> assemble the file -> report.
GenerateSummary run_generate(const Problem& problem, const GenerateConfig& config) {
  const auto start = std::chrono::steady_clock::now();
  check_run(problem, config, PETSC_COMM_WORLD);
  InterruptGuard interrupt_guard; // signals from here on end in a checkpoint
  // Checked before any output exists; outlives every PETSc object on its comm.
  const SystemGroups groups(PETSC_COMM_WORLD, config.ranks_per_system);
  Run run(problem, config, groups);
  std::optional<PhaseTimer> timer;
  if (config.timing) timer.emplace(phase::all());
  run.timer = timer ? &*timer : nullptr;
  run.time = as_time_problem(problem);
  run.overlap = thread_count(0) > 1;
  run.summary.samples = config.samples;
  run.summary.ranks = comm_size(run.comm);
  run.seeds = sample_seeds(config.seed, config.samples);
  DatasetWriter writer = sort_and_open_output(run);
  solve_and_record(run, writer);
  finish_output(run, writer);
  total_over_ranks(run);
  run.summary.total_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (timer) run.summary.timing = timing_table(*timer, run.summary.total_seconds, run.comm) +
                                  background_note(run, writer);
  if (config.guard_teardown) arm_teardown_guard(config.out, run.summary.failed ? 3 : 0);
  return run.summary;
}

} // namespace skr
