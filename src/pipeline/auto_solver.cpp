#include "pipeline/auto_solver.hpp"

#include "solve/gcrodr.hpp"
#include "solve/rcg.hpp"
#include "util/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace skr {

std::size_t pilot_size(std::size_t samples) {
  return std::min<std::size_t>(samples, std::clamp<std::size_t>(samples / 40, 4, 20));
}

std::vector<std::pair<std::string, SolverSettings>> auto_candidates(const Problem& problem,
                                                                    const SolverSettings& base) {
  auto with = [&](const char* ksp, const char* pc, bool warm, int reuse) {
    SolverSettings s = base;
    s.ksp_type = ksp;
    s.pc_type = pc;
    s.warm_start = warm;
    s.pc_reuse = reuse;
    return s;
  };
  // Direct first: its time bounds how long the others may take.
  std::vector<std::pair<std::string, SolverSettings>> c{
      {problem.spd() ? "direct (cholesky)" : "direct (lu)",
       with(KSPPREONLY, problem.spd() ? PCCHOLESKY : PCLU, false, 1)},
      {"gcrodr+warm + ilu", with(KSPGCRODR, PCILU, true, 1)},
      {"gcrodr+warm+reusepc + ilu", with(KSPGCRODR, PCILU, true, 10)},
      {"gmres + ilu", with(KSPGMRES, PCILU, false, 1)},
  };
  if (problem.spd()) {
    c.push_back({"cg + icc", with(KSPCG, PCICC, false, 1)});
    c.push_back({"cg + hypre", with(KSPCG, PCHYPRE, false, 1)});
    c.push_back({"rcg+warm + icc", with(KSPRCG, PCICC, true, 1)});
    c.push_back({"rcg + hypre", with(KSPRCG, PCHYPRE, false, 1)});
  }
  return c;
}

SolverChoice choose_solver(const Problem& problem, const std::vector<Sample>& samples,
                           const SolverSettings& base) {
  if (samples.empty()) fail("auto solver: no pilot samples");
  SolverChoice choice;
  choice.pilot_samples = samples.size();
  Handle<Mat> A;
  Handle<Vec> b, x;
  problem.create_system(PETSC_COMM_SELF, A.out(), b.out());
  SKR_PETSC(VecDuplicate(b, x.out()));
  const std::size_t measured_from = samples.size() / 2;
  double best = std::numeric_limits<double>::infinity();
  double best_total = std::numeric_limits<double>::infinity();
  for (auto& [name, settings] : auto_candidates(problem, base)) {
    PilotResult r{name, settings, 0, true};
    // A candidate that needs thousands of iterations per system is not the
    // fastest: cap its iterations and its time so the pilot stays short.
    SolverSettings pilot_settings = settings;
    pilot_settings.max_it = std::min(settings.max_it, 3000);
    pilot_settings.fallback = "none";
    SequenceSolver solver(PETSC_COMM_SELF, pilot_settings);
    SKR_PETSC(VecZeroEntries(x));
    double seconds = 0, total = 0;
    for (std::size_t k = 0; k < samples.size() && r.converged; ++k) {
      // The whole candidate may take at most 3x the best total so far.
      if (std::isfinite(best_total)) solver.set_time_limit(std::max(3 * best_total - total, 0.0));
      problem.assemble(samples[k], A, b);
      const SolveStats stats = solver.solve(A, b, x);
      r.converged = stats.converged && total + stats.solve_seconds <= 3 * best_total;
      total += stats.solve_seconds;
      if (k >= measured_from) seconds += stats.solve_seconds;
    }
    if (r.converged) best_total = std::min(best_total, total);
    r.mean_seconds = r.converged ? seconds / double(samples.size() - measured_from)
                                 : std::numeric_limits<double>::infinity();
    if (r.converged && r.mean_seconds < best) {
      best = r.mean_seconds;
      choice.settings = settings;
      choice.name = name;
    }
    choice.pilot.push_back(std::move(r));
  }
  if (choice.name.empty()) fail("auto solver: no candidate converged on the pilot samples");
  return choice;
}

std::string SolverChoice::report() const {
  std::string text = fmt::format("auto solver: pilot on {} samples -> {}\n", pilot_samples, name);
  for (const auto& r : pilot)
    text += r.converged ? fmt::format("  {:<28} {:.4f} s/system\n", r.name, r.mean_seconds)
                        : fmt::format("  {:<28} stopped: not converged within the pilot's budget\n",
                                      r.name);
  return text;
}

} // namespace skr
