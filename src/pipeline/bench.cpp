#include "pipeline/bench.hpp"

#include "pipeline/auto_solver.hpp"
#include "pipeline/bench_time.hpp"
#include "pipeline/generate.hpp"
#include "pipeline/sequence_system.hpp"
#include "util/error.hpp"
#include "util/progress.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <ostream>

#include <fmt/ostream.h>

namespace skr {

const std::vector<std::string>& bench_method_names() {
  static const std::vector<std::string> names{"gmres",
                                              "gcrodr",
                                              "gcrodr+warm",
                                              "gcrodr+reusepc",
                                              "gcrodr+warm+reusepc",
                                              "cg",
                                              "direct",
                                              "cg+hypre",
                                              "cg+gamg",
                                              "cg+mg",
                                              "rcg",
                                              "rcg+hypre",
                                              "auto"};
  return names;
}

bool is_recycling_method(const std::string& method) {
  // auto is not a baseline either: it is what generate does by default.
  return method.rfind("gcrodr", 0) == 0 || method.rfind("rcg", 0) == 0 || method == "auto";
}

namespace {

// Methods that bring their own preconditioner run once per rtol, not per PC.
bool has_own_pc(const std::string& method) {
  return method == "direct" || method == "cg+hypre" || method == "cg+gamg" || method == "cg+mg" ||
         method == "rcg+hypre" || method == "auto";
}

} // namespace

SolverSettings bench_settings(const std::string& method, const std::string& pc, double rtol,
                              const BenchConfig& config, bool spd) {
  SolverSettings s = config.base;
  s.rtol = rtol;
  s.pc_type = pc;
  s.warm_start = WarmStart::off;
  s.pc_reuse = 1;
  if (method == "gmres")
    s.ksp_type = KSPGMRES;
  else if (method == "bcgs")
    s.ksp_type = KSPBCGS;
  else if (method == "cg")
    s.ksp_type = KSPCG;
  else if (method == "direct") {
    s.ksp_type = KSPPREONLY;
    s.pc_type = spd ? PCCHOLESKY : PCLU;
  } else if (method == "cg+hypre" || method == "cg+gamg" || method == "cg+mg") {
    s.ksp_type = KSPCG;
    s.pc_type = method.substr(3); // BoomerAMG, smoothed aggregation, geometric multigrid
  } else if (method == "rcg" || method == "rcg+hypre") {
    s.ksp_type = "rcg"; // deflated CG, SPD only; W carried across the sequence
    if (method == "rcg+hypre") s.pc_type = PCHYPRE;
  } else if (is_recycling_method(method)) {
    s.ksp_type = "gcrodr";
    s.warm_start = method.find("+warm") != std::string::npos ? WarmStart::on : WarmStart::off;
    if (method.find("+reusepc") != std::string::npos) s.pc_reuse = config.pc_reuse;
  } else {
    fail("--methods: unknown method '{}'", method);
  }
  return s;
}

namespace {

BenchRow new_row(const std::string& method, double rtol, const SequenceSolver& solver,
                 std::size_t samples) {
  BenchRow row;
  row.rtol = rtol;
  row.method = method;
  row.solver = solver.description();
  row.pc = row.solver.substr(row.solver.find(" + ") + 3);
  row.samples = samples;
  return row;
}

void add_sample(BenchRow& row, const SolveStats& stats) {
  row.iterations.push_back(stats.iterations);
  row.seconds.push_back(stats.solve_seconds);
  row.converged += stats.converged;
  row.max_rel_residual = std::max(row.max_rel_residual, stats.rel_residual);
}

// Means over the samples; extra_seconds (auto's exploration) is charged too.
void finish_row(BenchRow& row, double extra_seconds) {
  double its = 0, secs = extra_seconds;
  for (std::size_t k = 0; k < row.iterations.size(); ++k) {
    its += row.iterations[k];
    secs += row.seconds[k];
  }
  row.mean_iterations = its / row.samples;
  row.mean_solve_seconds = secs / row.samples;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Every method but auto, each with its own solver and iterate, solves sample
// k before any of them solves sample k + 1: a change in the machine's speed
// during the run (it is shared) then hits every method alike, and each
// sample is assembled once. Fills group[i] for runs[i].
void solve_side_by_side(const Problem& problem, const BenchConfig& config, double rtol,
                        const std::vector<std::pair<std::string, std::string>>& runs,
                        const std::vector<Sample>& samples, SequenceSystem& system, bool progress,
                        std::vector<BenchRow>& group) {
  struct Live {
    std::size_t slot;
    std::unique_ptr<SequenceSolver> solver;
    Handle<Vec> x;
  };
  std::vector<Live> live;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const auto& [method, pc] = runs[i];
    if (method == "auto") continue;
    Live run{i,
             std::make_unique<SequenceSolver>(
                 PETSC_COMM_SELF, bench_settings(method, pc, rtol, config, problem.spd())),
             {}};
    SKR_PETSC(VecDuplicate(system.b(), run.x.out()));
    SKR_PETSC(VecZeroEntries(run.x));
    group[i] = new_row(method, rtol, *run.solver, samples.size());
    live.push_back(std::move(run));
  }
  if (live.empty()) return;
  Progress bar(fmt::format("bench rtol {:.0e}, {} methods side by side", rtol, live.size()),
               samples.size(), progress);
  double assembly = 0;
  for (std::size_t k = 0; k < samples.size(); ++k) {
    const auto start = std::chrono::steady_clock::now();
    system.assemble(samples[k]);
    assembly += seconds_since(start);
    for (auto& run : live)
      add_sample(group[run.slot], run.solver->solve(system.A(), system.b(), run.x));
    bar.update(k + 1, "");
  }
  bar.finish();
  for (auto& run : live) {
    BenchRow& row = group[run.slot];
    finish_row(row, 0);
    row.wall_seconds = assembly + row.mean_solve_seconds * row.samples;
  }
}

// auto: generate's pilot on the first samples, timed and charged to the
// method (all but assembling its systems, which no method is charged for);
// the winner goes on from there, as in generate. It uses the run's system
// for its pilot, so it runs on its own.
BenchRow solve_auto(const BenchConfig& config, double rtol, const std::vector<Sample>& samples,
                    const Problem& problem, SequenceSystem& system, bool progress) {
  SolverSettings base = config.base;
  base.rtol = rtol;
  const std::vector<Sample> head(samples.begin(), samples.begin() + pilot_size(samples.size()));
  std::cout << auto_forecast(problem, base, head, config.auto_policy); // before it runs
  const auto pilot_start = std::chrono::steady_clock::now();
  SolverChoice choice =
      choose_solver(problem, head, base, samples.size(), &system, config.auto_policy);
  const double pilot_wall = seconds_since(pilot_start);
  PilotContinuation pilot = std::move(choice.continuation);
  // The winner's own pilot solves count below, per sample.
  double pilot_seconds = pilot_wall - choice.assembly_seconds;
  for (const SolveStats& s : pilot.stats) pilot_seconds -= s.solve_seconds;

  SequenceSolver& solver = *pilot.solver;
  BenchRow row = new_row("auto", rtol, solver, samples.size());
  Handle<Vec> x;
  SKR_PETSC(VecDuplicate(system.b(), x.out()));
  SKR_PETSC(VecZeroEntries(x));
  if (pilot.last) SKR_PETSC(VecCopy(pilot.last, x));
  Progress bar(fmt::format("bench auto rtol {:.0e}", rtol), samples.size(), progress);
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t k = 0; k < samples.size(); ++k) {
    SolveStats stats;
    if (k < pilot.stats.size()) { // solved by the winner in the pilot
      stats = pilot.stats[k];
    } else {
      system.assemble(samples[k]);
      stats = solver.solve(system.A(), system.b(), x);
    }
    add_sample(row, stats);
    bar.update(k + 1, fmt::format("its {}", stats.iterations));
  }
  bar.finish();
  row.wall_seconds = pilot_wall + seconds_since(start);
  row.pilot_seconds = pilot_seconds;
  row.choice_source = choice.source;
  row.choice_report = choice.report();
  finish_row(row, pilot_seconds);
  return row;
}

// The fastest non-recycling method that solved every sample (group.size():
// none), among those side by side, or also among those run alone.
std::size_t fastest_baseline(const std::vector<BenchRow>& group, bool with_alone) {
  std::size_t best = group.size();
  for (std::size_t i = 0; i < group.size(); ++i) {
    const BenchRow& r = group[i];
    // samples == 0: auto's slot, still an empty row before auto has run.
    if (is_recycling_method(r.method) || (r.alone && !with_alone) || r.samples == 0 ||
        r.converged != r.samples)
      continue;
    if (best == group.size() || r.mean_solve_seconds < group[best].mean_solve_seconds) best = i;
  }
  return best;
}

// Speed-ups within one rtol: against GMRES with the same PC, and against the
// fastest baseline side by side (auto: side by side or alone).
void set_speedups(std::vector<BenchRow>& group) {
  const std::size_t side_by_side = fastest_baseline(group, false);
  const std::size_t any = fastest_baseline(group, true);
  for (BenchRow& r : group) {
    for (const BenchRow& g : group)
      if (g.method == "gmres" && g.pc == r.pc)
        r.speedup_vs_gmres = g.mean_solve_seconds / r.mean_solve_seconds;
    const std::size_t b = r.method == "auto" ? any : side_by_side;
    if (b == group.size()) continue;
    r.speedup_vs_best = group[b].mean_solve_seconds / r.mean_solve_seconds;
    r.best_baseline = group[b].method + " + " + group[b].pc;
  }
}

void check_method_names(const BenchConfig& config) {
  for (const auto& m : config.methods)
    if (std::find(bench_method_names().begin(), bench_method_names().end(), m) ==
        bench_method_names().end())
      fail("--methods: unknown method '{}'", m);
}

bool spd_only(const Problem& problem, const std::string& method) {
  return (method.rfind("cg", 0) == 0 || method.rfind("rcg", 0) == 0) && !problem.spd();
}

// Says which methods and PCs do not apply to the family; fails when none is left.
void report_skipped(const Problem& problem, const BenchConfig& config) {
  for (const auto& pc : config.pcs)
    if (!pc_applies(problem, pc))
      fmt::print(stderr, "bench: --pc {} skipped: needs symmetric systems, and {}'s are not\n", pc,
                 problem.name());
  const bool any_pc = std::any_of(config.pcs.begin(), config.pcs.end(),
                                  [&](const std::string& pc) { return pc_applies(problem, pc); });
  if (std::none_of(config.methods.begin(), config.methods.end(), [&](const std::string& m) {
        return !spd_only(problem, m) && (has_own_pc(m) || any_pc);
      }))
    fail("bench: no method and preconditioner of --methods and --pc apply to {}", problem.name());
  for (const auto& method : config.methods)
    if (spd_only(problem, method))
      fmt::print(stderr, "bench: {} skipped: needs SPD systems, and {}'s are not\n", method,
                 problem.name());
}

// (method, pc) pairs that apply to the family (no ICC on advdiff).
std::vector<std::pair<std::string, std::string>> bench_runs(const Problem& problem,
                                                            const BenchConfig& config) {
  std::vector<std::pair<std::string, std::string>> runs;
  for (const auto& method : config.methods) {
    if (spd_only(problem, method)) continue;
    if (has_own_pc(method))
      runs.emplace_back(method, "");
    else
      for (const auto& pc : config.pcs)
        if (pc_applies(problem, pc)) runs.emplace_back(method, pc);
  }
  return runs;
}

// Every run at one tolerance: side by side, then auto alone.
std::vector<BenchRow> bench_at_rtol(const Problem& problem, const BenchConfig& config, double rtol,
                                    const std::vector<Sample>& samples, SequenceSystem& system,
                                    bool progress) {
  const auto runs = bench_runs(problem, config);
  std::vector<BenchRow> group(runs.size());
  solve_side_by_side(problem, config, rtol, runs, samples, system, progress, group);
  const std::size_t fastest = fastest_baseline(group, false);
  bool ran_auto = false;
  for (std::size_t i = 0; i < runs.size(); ++i)
    if (runs[i].first == "auto") {
      group[i] = solve_auto(config, rtol, samples, problem, system, progress);
      ran_auto = true;
    }
  // auto runs on its own, its caches warm where those of the methods
  // interleaved are not (up to 2x on a small direct solve): the fastest
  // baseline runs on its own too, right after it, and auto is compared with
  // the faster of its two runs.
  if (ran_auto && fastest < group.size()) {
    std::vector<BenchRow> alone(1);
    solve_side_by_side(problem, config, rtol, {runs[fastest]}, samples, system, progress, alone);
    alone[0].method += " alone";
    alone[0].alone = true;
    group.push_back(std::move(alone[0]));
  }
  set_speedups(group);
  return group;
}

} // namespace

std::vector<BenchRow> run_bench(const Problem& problem, const BenchConfig& config, bool progress) {
  if (const TimeProblem* timed = as_time_problem(problem))
    return run_time_bench(*timed, config, progress);
  check_method_names(config);
  const auto seeds = sample_seeds(config.seed, config.samples);
  const auto order = solve_order(problem, seeds, config.sort_method, nullptr);
  // Every method sees the very same samples in the very same order.
  std::vector<Sample> samples;
  samples.reserve(order.size());
  for (std::size_t index : order) samples.push_back(problem.draw(seeds[index]));

  SequenceSystem system(problem, PETSC_COMM_SELF);
  report_skipped(problem, config);
  std::vector<BenchRow> rows;
  for (double rtol : config.rtols) {
    auto group = bench_at_rtol(problem, config, rtol, samples, system, progress);
    for (auto& row : group) rows.push_back(std::move(row));
  }
  return rows;
}

namespace {
std::string how_auto_chose(const std::string& source) {
  if (source == "cache") return "was remembered from an earlier run (cache)";
  if (source == "prediction") return "was taken as predicted, without a pilot";
  return "won its pilot";
}
} // namespace

void print_bench_table(std::ostream& out, const std::vector<BenchRow>& rows) {
  fmt::print(out, "{:>7} {:<10} {:<20} {:>9} {:>11} {:>9} {:>9} {:>9} {:>10} {:>6}\n", "rtol", "pc",
             "method", "mean its", "mean solve", "wall", "x gmres", "x best", "max res", "conv");
  for (const auto& r : rows) {
    const std::string vs_gmres =
        r.speedup_vs_gmres > 0 ? fmt::format("{:.2f}", r.speedup_vs_gmres) : "-";
    const std::string vs_best =
        r.speedup_vs_best > 0 ? fmt::format("{:.2f}", r.speedup_vs_best) : "-";
    fmt::print(
        out,
        "{:>7.0e} {:<10} {:<20} {:>9.1f} {:>10.4f}s {:>8.2f}s {:>9} {:>9} {:>10.2e} {:>3}/{}\n",
        r.rtol, r.pc, r.method, r.mean_iterations, r.mean_solve_seconds, r.wall_seconds, vs_gmres,
        vs_best, r.max_rel_residual, r.converged, r.samples);
  }
  if (!rows.empty() && !rows.back().best_baseline.empty())
    fmt::print(
        out,
        "x best: speed-up against the fastest non-recycling method at that rtol ({} at the last)\n",
        rows.back().best_baseline);
  if (std::any_of(rows.begin(), rows.end(), [](const BenchRow& r) { return r.alone; }))
    fmt::print(out, "auto's x best: against the faster of that method side by side and alone\n");
  for (const auto& r : rows)
    if (r.method == "auto")
      fmt::print(out,
                 "auto at rtol {:.0e}: {} {}; trying the others took {:.3f} s, {:.1f}% of its "
                 "time\n{}",
                 r.rtol, r.solver, how_auto_chose(r.choice_source), r.pilot_seconds,
                 100 * r.pilot_seconds / (r.mean_solve_seconds * double(r.samples)),
                 r.choice_report);
}

void write_bench_csv(const std::string& path, const std::vector<BenchRow>& rows) {
  std::ofstream out(path);
  if (!out) fail("--csv: cannot write '{}'", path);
  out << "rtol,pc,method,solver,mean_iterations,mean_solve_seconds,wall_seconds,speedup_vs_gmres,"
         "speedup_vs_best,best_baseline,max_rel_residual,converged,samples,alone,pilot_seconds\n";
  for (const auto& r : rows)
    fmt::print(out, "{:g},{},{},{},{:.3f},{:.6g},{:.6g},{:.4g},{:.4g},{},{:.4g},{},{},{},{:.6g}\n",
               r.rtol, r.pc, r.method, r.solver, r.mean_iterations, r.mean_solve_seconds,
               r.wall_seconds, r.speedup_vs_gmres, r.speedup_vs_best, r.best_baseline,
               r.max_rel_residual, r.converged, r.samples, r.alone ? 1 : 0, r.pilot_seconds);
  if (!out) fail("--csv: error writing '{}'", path);
}

namespace {
template <typename T> std::string json_array(const std::vector<T>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += fmt::format("{}{:g}", i ? "," : "", double(v[i]));
  return s + "]";
}
} // namespace

std::size_t system_unknowns(const Problem& problem) {
  Handle<Mat> A;
  Handle<Vec> b;
  problem.create_system(PETSC_COMM_SELF, A.out(), b.out());
  PetscInt rows = 0, columns = 0;
  SKR_PETSC(MatGetSize(A, &rows, &columns));
  return static_cast<std::size_t>(rows);
}

void write_bench_json(const std::string& path, const Problem& problem, const BenchConfig& config,
                      const std::vector<BenchRow>& rows) {
  std::ofstream out(path);
  if (!out) fail("--json: cannot write '{}'", path);
  fmt::print(
      out,
      "{{\"problem\": \"{}\", \"unknowns\": {}, \"samples\": {}, \"seed\": {}, \"sort\": \"{}\", "
      "\"restart\": {}, \"recycle\": {}, \"rows\": [\n",
      problem.name(), system_unknowns(problem), config.samples, config.seed, config.sort_method,
      config.base.restart, config.base.recycle);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    fmt::print(out,
               "  {{\"rtol\": {:g}, \"pc\": \"{}\", \"method\": \"{}\", \"solver\": \"{}\", "
               "\"mean_iterations\": {:g}, "
               "\"mean_solve_seconds\": {:g}, \"wall_seconds\": {:g}, \"speedup_vs_gmres\": {:g}, "
               "\"speedup_vs_best\": {:g}, \"best_baseline\": \"{}\", \"max_rel_residual\": {:g}, "
               "\"converged\": {}, \"samples\": {}, \"alone\": {}, \"pilot_seconds\": {:g}, "
               "\"iterations\": {}, \"seconds\": {}}}{}\n",
               r.rtol, r.pc, r.method, r.solver, r.mean_iterations, r.mean_solve_seconds,
               r.wall_seconds, r.speedup_vs_gmres, r.speedup_vs_best, r.best_baseline,
               r.max_rel_residual, r.converged, r.samples, r.alone, r.pilot_seconds,
               json_array(r.iterations), json_array(r.seconds), i + 1 < rows.size() ? "," : "");
  }
  out << "]}\n";
  if (!out) fail("--json: error writing '{}'", path);
}

} // namespace skr
