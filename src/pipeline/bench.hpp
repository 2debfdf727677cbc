#pragma once
// skr-gen bench: every method solves the same sorted sequence of systems in
// one process, so their times are comparable side by side. Reports mean
// iterations and solve time, wall time, speed-ups against GMRES (same PC) and
// against the fastest non-recycling baseline, and the largest true residual.
#include "pipeline/auto_solver.hpp"
#include "discretize/problem.hpp"
#include "solve/sequence_solver.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace skr {

// Methods: gmres, gcrodr, gcrodr+warm, gcrodr+reusepc, gcrodr+warm+reusepc,
// cg, direct (LU, or Cholesky for SPD families), cg+hypre (BoomerAMG).
const std::vector<std::string>& bench_method_names();
bool is_recycling_method(const std::string& method);

struct BenchConfig {
  std::size_t samples = 100;
  std::uint64_t seed = 0;
  std::string sort_method = "auto";
  std::vector<std::string> pcs{"none"};
  std::vector<double> rtols{1e-8};
  std::vector<std::string> methods{"gmres", "gcrodr"};
  SolverSettings base; // restart, recycle, max_it
  int pc_reuse = 10;   // the r of gcrodr+reusepc
  AutoPolicy auto_policy; // auto's cache key and --explore
};

struct BenchRow {
  double rtol = 0;
  std::string pc;     // the preconditioner actually used
  std::string method; // "<method> alone": the fastest baseline re-run after auto
  std::string solver; // KSP + PC description
  double mean_iterations = 0;
  double mean_solve_seconds = 0;
  double wall_seconds = 0; // assembly + solves of the whole sequence
  double max_rel_residual = 0;
  std::size_t converged = 0, samples = 0;
  double speedup_vs_gmres = 0; // 0: no GMRES row to compare with
  double speedup_vs_best = 0;  // against the fastest non-recycling method at this rtol
  std::string best_baseline;   // auto's: the faster of that method side by side and alone
  bool alone = false;          // solved on its own, as auto is, not side by side
  double pilot_seconds = 0;    // auto: its pilot beyond the winner's own solves (the others')
  std::string choice_source;   // auto: "pilot", "cache" or "prediction" (SolverChoice::source)
  std::string choice_report;   // auto: what it tried, in order, and how each did (its report)
  std::vector<int> iterations; // per sample, in solve order
  std::vector<double> seconds;
};

// Time-dependent families go to run_time_bench (pipeline/bench_time.hpp).
std::vector<BenchRow> run_bench(const Problem& problem, const BenchConfig& config, bool progress);
// The settings of one bench method with one PC at one rtol.
SolverSettings bench_settings(const std::string& method, const std::string& pc, double rtol,
                              const BenchConfig& config, bool spd);

void print_bench_table(std::ostream& out, const std::vector<BenchRow>& rows);
void write_bench_csv(const std::string& path, const std::vector<BenchRow>& rows);
// The number of unknowns of the problem's systems.
std::size_t system_unknowns(const Problem& problem);

void write_bench_json(const std::string& path, const Problem& problem, const BenchConfig& config,
                      const std::vector<BenchRow>& rows);

} // namespace skr
