#include "pipeline/auto_solver.hpp"

#include "solve/gcrodr.hpp"
#include "util/error.hpp"

#include <algorithm>
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
  std::vector<std::pair<std::string, SolverSettings>> c{
      {"gcrodr+warm + ilu", with(KSPGCRODR, PCILU, true, 1)},
      {"gcrodr+warm+reusepc + ilu", with(KSPGCRODR, PCILU, true, 10)},
      {"gmres + ilu", with(KSPGMRES, PCILU, false, 1)},
      {problem.spd() ? "direct (cholesky)" : "direct (lu)",
       with(KSPPREONLY, problem.spd() ? PCCHOLESKY : PCLU, false, 1)},
  };
  if (problem.spd()) {
    c.push_back({"cg + icc", with(KSPCG, PCICC, false, 1)});
    c.push_back({"cg + hypre", with(KSPCG, PCHYPRE, false, 1)});
  }
  return c;
}

SolverChoice choose_solver(const Problem& problem, const std::vector<Sample>& samples, const SolverSettings& base) {
  if (samples.empty()) fail("auto solver: no pilot samples");
  SolverChoice choice;
  choice.pilot_samples = samples.size();
  Handle<Mat> A;
  Handle<Vec> b, x;
  problem.create_system(PETSC_COMM_SELF, A.out(), b.out());
  SKR_PETSC(VecDuplicate(b, x.out()));
  const std::size_t measured_from = samples.size() / 2;
  double best = std::numeric_limits<double>::infinity();
  for (auto& [name, settings] : auto_candidates(problem, base)) {
    PilotResult r{name, settings, 0, true};
    SequenceSolver solver(PETSC_COMM_SELF, settings);
    SKR_PETSC(VecZeroEntries(x));
    double seconds = 0;
    for (std::size_t k = 0; k < samples.size() && r.converged; ++k) {
      problem.assemble(samples[k], A, b);
      const SolveStats stats = solver.solve(A, b, x);
      r.converged = stats.converged && stats.fallback == 0;
      if (k >= measured_from) seconds += stats.solve_seconds;
    }
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
                        : fmt::format("  {:<28} did not converge\n", r.name);
  return text;
}

} // namespace skr
