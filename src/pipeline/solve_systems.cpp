#include "pipeline/solve_systems.hpp"

#include "pipeline/sample_recorder.hpp"

#include "io/dataset_writer.hpp"
#include "pipeline/auto_solver.hpp"
#include "sort/sorter.hpp"
#include "systems/petsc_convert.hpp"
#include "systems/scan.hpp"
#include "systems/system_problem.hpp"
#include "util/error.hpp"
#include "util/progress.hpp"
#include "util/signals.hpp"
#include "util/teardown_guard.hpp"

#include <chrono>
#include <climits>
#include <cmath>
#include <filesystem>

namespace skr {

namespace {

using systems::System;

DatasetSchema systems_schema(const SolveSystemsConfig& config, std::size_t count,
                             std::int64_t unknowns) {
  DatasetSchema schema;
  schema.problem = "systems";
  schema.grid = unit_box({static_cast<int>(unknowns)});
  schema.output_fields = {"solution"};
  schema.samples = count;
  schema.double_precision = config.double_precision;
  schema.config = config.config_text;
  schema.rtol = config.solver.rtol;
  return schema;
}

// Holds A and b of the system being solved, rebuilding only what changes.
class CurrentSystem {
public:
  CurrentSystem(const systems::SystemSource& source, const systems::ScanResult& scan)
      : source_(source), scan_(scan) {}

  void load(std::size_t index) {
    if (scan_.identical_matrices && A_.get()) { // A stays, and so does its preconditioner
      systems::update_vector(
          b_, systems::load_rhs(source_, index, static_cast<std::size_t>(scan_.rows)));
      return;
    }
    const System s = systems::load_system(source_, index);
    if (A_.get() && scan_.shared_pattern)
      systems::update_values(A_, s.A);
    else
      systems::create_matrix(s.A, A_.out());
    if (b_.get())
      systems::update_vector(b_, s.b);
    else
      systems::create_vector(s.b, b_.out());
  }
  Mat A() const { return A_; }
  Vec b() const { return b_; }

private:
  const systems::SystemSource& source_;
  const systems::ScanResult& scan_;
  Handle<Mat> A_;
  Handle<Vec> b_;
};

// Reads every system and checks it before any output exists.
systems::ScanResult scan_all(const systems::SystemSource& source, const SolveSystemsConfig& config,
                             SolveSystemsSummary& summary) {
  Progress progress("read", source.size(), config.progress);
  auto scan = systems::scan_systems(source, config.feature_dims, 0,
                                    [&](std::size_t i) { progress.update(i + 1); });
  progress.finish();
  summary.samples = scan.systems;
  summary.unknowns = scan.rows;
  summary.identical_matrices = scan.identical_matrices;
  return scan;
}

sort::SortResult sort_systems(const systems::FeatureChoice& features,
                              const SolveSystemsConfig& config, SolveSystemsSummary& summary) {
  sort::SortOptions options;
  options.method = sort::parse_method(config.sort_method);
  auto sorted = sort::sort_with_report(features.features, options);
  summary.sort_method = sort::to_string(sorted.method);
  summary.sort_seconds = sorted.seconds;
  summary.sort_path_length = sorted.path_length;
  summary.random_path_length = sorted.random_path_length;
  return sorted;
}

// The input's provenance: where the systems came from and how they were sorted.
void annotate_input(DatasetWriter& writer, const SolveSystemsConfig& config,
                    const SolveSystemsSummary& summary, const systems::FeatureChoice& features,
                    const sort::SortResult& sorted, const systems::ScanResult& scan) {
  writer.annotate("source", config.systems);
  writer.annotate("source_format", summary.source_format);
  writer.annotate("features", features.name);
  writer.annotate("features_description", features.description);
  writer.annotate("sort_method", summary.sort_method);
  writer.annotate("sort_path_length", fmt::format("{:.6g}", sorted.path_length));
  writer.annotate("random_path_length", fmt::format("{:.6g}", sorted.random_path_length));
  writer.annotate("identical_matrices", scan.identical_matrices ? "true" : "false");
  writer.annotate("shared_pattern", scan.shared_pattern ? "true" : "false");
}

// --solver auto: a pilot on the first systems in solve order picks the
// settings; one matrix for all means one preconditioner (or factorization).
SolverSettings choose_settings(const SolveSystemsConfig& config,
                               const systems::SystemSource& source,
                               const systems::ScanResult& scan,
                               const std::vector<std::size_t>& order, DatasetWriter& writer,
                               SolveSystemsSummary& summary) {
  SolverSettings settings = config.solver;
  if (wants_pilot(settings)) {
    const System first = systems::load_system(source, order[0]);
    const systems::SequenceProblem problem(source, scan.rows, scan.shared_pattern,
                                           systems::looks_spd(first.A));
    std::vector<Sample> pilot;
    for (std::size_t p = 0; p < pilot_size(order.size()); ++p)
      pilot.push_back(problem.draw(order[p]));
    const SolverChoice choice = choose_solver(problem, pilot, settings, order.size());
    settings = choice.settings;
    summary.solver_report = choice.report();
    writer.annotate("solver_auto_pilot", summary.solver_report);
  }
  if (scan.identical_matrices) settings.pc_reuse = INT_MAX;
  return settings;
}

std::string solver_note(const SequenceSolver& solver, const SolverSettings& settings,
                        const systems::ScanResult& scan) {
  return fmt::format("{}{}{}", solver.description(), warm_start_note(solver),
                     scan.identical_matrices ? ", preconditioner built once (identical matrices)"
                     : settings.pc_reuse > 1
                         ? fmt::format(", PC rebuilt every {}", settings.pc_reuse)
                         : "");
}

// Solves the systems in `order` with one SequenceSolver (skipping those a
// resumed file holds) and records each solution under its input index.
void solve_in_order(const SolveSystemsConfig& config, const systems::SystemSource& source,
                    const systems::ScanResult& scan, const std::vector<std::size_t>& order,
                    const SolverSettings& settings, DatasetWriter& writer,
                    SolveSystemsSummary& summary) {
  CurrentSystem current(source, scan);
  current.load(order[0]);
  Handle<Vec> x;
  SKR_PETSC(VecDuplicate(current.b(), x.out()));
  SKR_PETSC(VecZeroEntries(x));
  SequenceSolver solver(PETSC_COMM_SELF, settings);
  summary.solver = solver.description();
  writer.annotate("solver", solver_note(solver, settings, scan));

  Progress progress("solve", scan.systems, config.progress);
  SampleRecorder recorder(writer, summary, progress, config.checkpoint_samples,
                          config.checkpoint_seconds, -1);
  for (std::size_t position = 0; position < order.size(); ++position) {
    const std::size_t index = order[position];
    if (writer.is_done(index)) continue;
    current.load(index);
    SolveStats stats = solver.solve(current.A(), current.b(), x);
    stats.solve_position = static_cast<long long>(position);
    // /meta/seed holds the system's index in the input.
    recorder.record(index, Sample(index), Fields{{"solution", systems::to_vector(x)}}, stats, x);
  }
  progress.finish();
}

} // namespace

// Read and check -> choose features -> sort -> open the output -> choose the
// solver -> solve in order and record.
SolveSystemsSummary run_solve_systems(const SolveSystemsConfig& config) {
  const auto start = std::chrono::steady_clock::now();
  InterruptGuard interrupt_guard;
  SolveSystemsSummary summary;
  // Cheap checks first; then every system is read and checked before any output exists.
  if (!config.overwrite && !config.resume && std::filesystem::exists(config.out))
    fail("output '{}' already exists (use --overwrite to replace it)", config.out);
  const auto source = systems::open_systems(config.systems, config.format);
  summary.source_format = source->format();
  const auto scan = scan_all(*source, config, summary);
  const auto features = systems::choose_features(config.features, scan, *source);
  summary.features = features.description;
  const auto sorted = sort_systems(features, config, summary);

  const DatasetSchema schema = systems_schema(config, scan.systems, scan.rows);
  DatasetWriter writer = config.resume ? DatasetWriter::resume(config.out, schema)
                                       : DatasetWriter(config.out, schema, config.overwrite);
  summary.resumed = writer.done_count();
  annotate_input(writer, config, summary, features, sorted, scan);
  const SolverSettings settings =
      choose_settings(config, *source, scan, sorted.order, writer, summary);
  solve_in_order(config, *source, scan, sorted.order, settings, writer, summary);
  writer.finish();
  summary.total_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  arm_teardown_guard(config.out, summary.failed ? 3 : 0);
  return summary;
}

} // namespace skr
