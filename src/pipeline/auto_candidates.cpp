#include "pipeline/auto_candidates.hpp"

#include "discretize/time_problem.hpp"
#include "solve/gcrodr.hpp"
#include "solve/rcg.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace skr {

namespace {

// Time-dependent families: every iterative method starts from the guess
// extrapolated from the last two steps (what --warm-start auto means there);
// a direct solve factors once per trajectory when the operator is fixed in
// time, and keeping a PC over steps (reusepc) only matters when it moves.
std::vector<Candidate> time_candidates(const TimeProblem& problem, const SolverSettings& base) {
  auto with = [&](const char* ksp, const char* pc, int reuse) {
    SolverSettings s = base;
    s.ksp_type = ksp;
    s.pc_type = pc;
    s.warm_start = std::string(ksp) == KSPPREONLY ? WarmStart::off : WarmStart::on;
    s.pc_reuse = reuse;
    s.adaptive_recycling = true; // GCRO-DR: recycle only while it pays
    return s;
  };
  const bool spd = problem.spd(), moving = problem.operator_changes_in_time();
  std::vector<Candidate> c{
      {spd ? "direct (cholesky)" : "direct (lu)", with(KSPPREONLY, spd ? PCCHOLESKY : PCLU, 1)},
      {"gcrodr+warm + ilu", with(KSPGCRODR, PCILU, 1)},
      {"gmres+warm + ilu", with(KSPGMRES, PCILU, 1)},
      {"bicgstab+warm + ilu", with(KSPBCGS, PCILU, 1)},
  };
  if (moving) {
    c.push_back({"gcrodr+warm+reusepc + ilu", with(KSPGCRODR, PCILU, 10)});
    c.push_back({"gmres+warm+reusepc + ilu", with(KSPGMRES, PCILU, 10)});
  }
  if (spd) {
    c.push_back({"cg+warm + icc", with(KSPCG, PCICC, 1)});
    c.push_back({"rcg+warm + icc", with(KSPRCG, PCICC, 1)});
    c.push_back({"cg+warm + hypre", with(KSPCG, PCHYPRE, 1)});
    c.push_back({"cg+warm + gamg", with(KSPCG, PCGAMG, 1)});
    if (moving) c.push_back({"cg+warm+reusepc + hypre", with(KSPCG, PCHYPRE, 10)});
  }
  return c;
}

} // namespace

std::optional<TimeSteps> time_steps_of(const Problem& problem,
                                       std::optional<double> step_stiffness) {
  if (!problem.is_time_dependent()) return std::nullopt;
  return TimeSteps{step_stiffness.value_or(kReferenceStiffness), problem.symmetric()};
}


std::vector<Candidate> auto_candidates(const Problem& problem, const SolverSettings& base) {
  if (const TimeProblem* time = as_time_problem(problem)) return time_candidates(*time, base);
  auto with = [&](const char* ksp, const char* pc, bool warm, int reuse) {
    SolverSettings s = base;
    s.ksp_type = ksp;
    s.pc_type = pc;
    s.warm_start = warm ? WarmStart::on : WarmStart::off;
    s.pc_reuse = reuse;
    return s;
  };
  std::vector<Candidate> c{
      {problem.spd() ? "direct (cholesky)" : "direct (lu)",
       with(KSPPREONLY, problem.spd() ? PCCHOLESKY : PCLU, false, 1)},
      {"gcrodr+warm + ilu", with(KSPGCRODR, PCILU, true, 1)},
      {"gcrodr+warm+reusepc + ilu", with(KSPGCRODR, PCILU, true, 10)},
      {"gmres + ilu", with(KSPGMRES, PCILU, false, 1)},
  };
  if (problem.spd()) {
    c.push_back({"cg + icc", with(KSPCG, PCICC, false, 1)});
    c.push_back({"cg + hypre", with(KSPCG, PCHYPRE, false, 1)});
    c.push_back({"cg + gamg", with(KSPCG, PCGAMG, false, 1)});
    c.push_back({"cg + mg", with(KSPCG, PCMG, false, 1)}); // geometric, on the grid
    c.push_back({"rcg+warm + icc", with(KSPRCG, PCICC, true, 1)});
    c.push_back({"rcg + hypre", with(KSPRCG, PCHYPRE, false, 1)});
  }
  if (!problem.symmetric()) { // consecutive solutions are close: start from the last one
    c.push_back({"gmres+warm + ilu", with(KSPGMRES, PCILU, true, 1)});
    c.push_back({"bicgstab+warm + ilu", with(KSPBCGS, PCILU, true, 1)});
  }
  return c;
}

// A coefficient measured at one size says little of another 16x larger: a
// factorization grows faster there than its law (fill, memory), and darcy
// 64²'s Cholesky, learned first, ranked ahead of CG + BoomerAMG at 421², where
// the pilot then spent 8% of the run on it. So each size class learns its own.
std::string cost_class(const Problem& problem) {
  const double unknowns = std::max<double>(double(problem.grid().points()), 1.0);
  return fmt::format("{} 4^{}", problem.name(), std::lround(std::log(unknowns) / std::log(4.0)));
}

std::vector<Candidate> ranked_candidates(const Problem& problem, const SolverSettings& base,
                                         bool operator_fixed, const AutoCache* cache,
                                         std::optional<double> step_stiffness) {
  auto candidates = auto_candidates(problem, base);
  const Grid& grid = problem.grid();
  const std::string measured_as = cost_class(problem);
  for (Candidate& c : candidates) {
    c.predicted_seconds = predict_seconds(
        c.name, grid.dims(), grid.points(), operator_fixed,
        cache ? cache->coefficient(measured_as, c.name) : std::nullopt,
        time_steps_of(problem, step_stiffness));
    c.predicted_first_seconds = c.predicted_seconds / first_system_share(c.name, operator_fixed);
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    return a.predicted_seconds < b.predicted_seconds;
  });
  return candidates;
}

} // namespace skr
