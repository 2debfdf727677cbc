#include "pipeline/bench_time.hpp"

#include "pipeline/auto_solver.hpp"
#include "pipeline/generate.hpp"
#include "pipeline/trajectory.hpp"
#include "util/error.hpp"
#include "util/progress.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>

namespace skr {

namespace {

bool own_pc(const std::string& method) {
  return method.rfind("direct", 0) == 0 || method == "cg+hypre" || method == "cg+gamg" ||
         method == "auto";
}

// A method's settings across time: every iterative method starts from the
// extrapolation; AMG hierarchies and recycling PCs are kept for --pc-reuse steps.
SolverSettings time_settings_for(const std::string& method, const std::string& pc, double rtol,
                                 const BenchConfig& config, bool spd) {
  static const std::vector<std::string> known{
      "direct", "direct+once", "gmres",          "bcgs",        "cg",                  "cg+hypre",
      "cg+gamg", "gcrodr",     "gcrodr+warm",    "gcrodr+reusepc", "gcrodr+warm+reusepc", "auto"};
  if (std::find(known.begin(), known.end(), method) == known.end())
    fail("--methods: '{}' is not a method across time ({})", method,
         "direct, direct+once, gmres, bcgs, cg, cg+hypre, cg+gamg, gcrodr[+warm][+reusepc], auto");
  SolverSettings s =
      bench_settings(method == "direct+once" ? "direct" : method, pc, rtol, config, spd);
  s.warm_start = WarmStart::on;
  if (method == "cg+hypre" || method == "cg+gamg") s.pc_reuse = config.pc_reuse;
  return s;
}

struct MethodRun {
  std::string method, pc;
  std::unique_ptr<TrajectorySolver> trajectories;
  std::unique_ptr<SequenceSolver> solver;
  Handle<Vec> x;
  BenchRow row;
  double pilot_seconds = 0;
};

void add_trajectory(BenchRow& row, const TrajectoryRun& run, double wall) {
  for (const SolveStats& s : run.steps) {
    row.iterations.push_back(s.iterations);
    row.seconds.push_back(s.solve_seconds);
    row.max_rel_residual = std::max(row.max_rel_residual, s.rel_residual);
    row.converged += s.converged;
  }
  row.wall_seconds += wall;
}

// auto: generate's choice, its pilot (on first-step systems) timed and charged.
std::unique_ptr<SequenceSolver> auto_solver(const TimeProblem& problem, const BenchConfig& config,
                                            double rtol, const std::vector<Sample>& samples,
                                            MethodRun& run) {
  SolverSettings base = config.base;
  base.rtol = rtol;
  base.ksp_type = "auto";
  run.row.choice_source = "prediction";
  if (problem.advances_itself()) // no pilot: the family's own choice
    return std::make_unique<SequenceSolver>(PETSC_COMM_SELF,
                                            self_advancing_settings(problem, base));
  const auto start = std::chrono::steady_clock::now();
  std::vector<Sample> head(samples.begin(),
                           samples.begin() + std::ptrdiff_t(pilot_size(samples.size())));
  SolverChoice choice = choose_solver(problem, head, base, samples.size(), nullptr,
                                      config.auto_policy, run.trajectories.get());
  run.pilot_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.row.choice_source = choice.source;
  run.row.choice_report = choice.report();
  SolverSettings chosen = choice.settings;
  if (chosen.warm_start == WarmStart::automatic) chosen.warm_start = WarmStart::on;
  return std::make_unique<SequenceSolver>(PETSC_COMM_SELF, chosen);
}

std::vector<MethodRun> method_runs(const TimeProblem& problem, const BenchConfig& config,
                                   double rtol, const std::vector<Sample>& samples) {
  std::vector<MethodRun> runs;
  for (const auto& method : config.methods) {
    if (method.rfind("cg", 0) == 0 && !problem.spd()) {
      fmt::print(stderr, "bench: {} skipped: needs SPD systems\n", method);
      continue;
    }
    for (const auto& pc : own_pc(method) ? std::vector<std::string>{""} : config.pcs) {
      if (!pc.empty() && !pc_applies(problem, pc)) continue;
      MethodRun run;
      run.method = method;
      run.pc = pc;
      run.trajectories = std::make_unique<TrajectorySolver>(problem, PETSC_COMM_SELF);
      run.trajectories->set_refactor_every_step(method == "direct");
      run.solver = method == "auto"
                       ? auto_solver(problem, config, rtol, samples, run)
                       : std::make_unique<SequenceSolver>(
                             PETSC_COMM_SELF,
                             time_settings_for(method, pc, rtol, config, problem.spd()));
      SKR_PETSC(VecDuplicate(run.trajectories->state_shape(), run.x.out()));
      SKR_PETSC(VecZeroEntries(run.x));
      run.row.rtol = rtol;
      run.row.method = method;
      run.row.solver = run.solver->description();
      run.row.pc = run.row.solver.substr(run.row.solver.find(" + ") + 3);
      runs.push_back(std::move(run));
    }
  }
  return runs;
}

// Means per step; speed-ups against direct refactored every step (x best
// column: against the fastest method that is neither auto nor recycling).
void finish_rows(std::vector<MethodRun>& runs) {
  for (MethodRun& r : runs) {
    BenchRow& row = r.row;
    row.samples = row.iterations.size();
    double its = 0, secs = r.pilot_seconds;
    for (std::size_t k = 0; k < row.samples; ++k) {
      its += row.iterations[k];
      secs += row.seconds[k];
    }
    row.mean_iterations = its / double(std::max<std::size_t>(row.samples, 1));
    row.mean_solve_seconds = secs / double(std::max<std::size_t>(row.samples, 1));
    row.pilot_seconds = r.pilot_seconds;
    row.wall_seconds += r.pilot_seconds;
  }
  const BenchRow* best = nullptr;
  for (const MethodRun& r : runs)
    if (!is_recycling_method(r.method) && r.row.converged == r.row.samples &&
        (!best || r.row.mean_solve_seconds < best->mean_solve_seconds))
      best = &r.row;
  for (MethodRun& r : runs) {
    for (const MethodRun& g : runs)
      if (g.method == "direct") r.row.speedup_vs_gmres = g.row.mean_solve_seconds / r.row.mean_solve_seconds;
    if (best) {
      r.row.speedup_vs_best = best->mean_solve_seconds / r.row.mean_solve_seconds;
      r.row.best_baseline = best->method + (best->pc.empty() ? "" : " + " + best->pc);
    }
  }
}

} // namespace

std::vector<BenchRow> run_time_bench(const TimeProblem& problem, const BenchConfig& config,
                                     bool progress) {
  const auto seeds = sample_seeds(config.seed, config.samples);
  const auto order = solve_order(problem, seeds, config.sort_method, nullptr);
  std::vector<Sample> samples;
  for (std::size_t index : order) samples.push_back(problem.draw(seeds[index]));
  const TimeSettings& time = problem.time();
  std::cout << fmt::format("across time: {} trajectories of {} {} steps (dt {}); means per step; "
                           "'x gmres' = speed-up against direct refactored every step\n",
                           samples.size(), time.steps, to_string(time.scheme), time.dt);
  std::vector<BenchRow> rows;
  for (double rtol : config.rtols) {
    std::vector<MethodRun> runs = method_runs(problem, config, rtol, samples);
    if (runs.empty()) fail("bench: no method of --methods applies to {}", problem.name());
    Progress bar(fmt::format("bench rtol {:.0e}, {} methods across time", rtol, runs.size()),
                 samples.size(), progress);
    for (std::size_t k = 0; k < samples.size(); ++k) {
      for (MethodRun& run : runs) { // trajectory k by every method before k + 1
        const auto start = std::chrono::steady_clock::now();
        const TrajectoryRun t = run.trajectories->solve(samples[k], *run.solver, run.x);
        add_trajectory(run.row, t,
                       std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
                           .count());
      }
      bar.update(k + 1, "");
    }
    bar.finish();
    finish_rows(runs);
    for (MethodRun& run : runs) rows.push_back(std::move(run.row));
  }
  return rows;
}

} // namespace skr
