#include "pipeline/auto_solver.hpp"

#include "discretize/dmda_grid.hpp"
#include "pipeline/sequence_system.hpp"
#include "solve/gcrodr.hpp"
#include "solve/rcg.hpp"
#include "util/error.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>

#include <fmt/format.h>

namespace skr {

namespace {

// The pilot's systems, assembled once and replayed for every candidate into
// the work system, whose operator changes only when the sample's does, as in
// the run. Holds each distinct operator of the pilot (at most pilot_size()).
class PilotSystems {
public:
  PilotSystems(SequenceSystem& work, const std::vector<Sample>& samples) : work_(work) {
    const auto start = std::chrono::steady_clock::now();
    for (const Sample& sample : samples) {
      // The work system may already hold the first sample's operator (a
      // family whose operator never changes, after an earlier run on it).
      if (work.assemble(sample) || operators_.empty()) {
        operators_.emplace_back();
        SKR_PETSC(MatDuplicate(work.A(), MAT_COPY_VALUES, operators_.back().out()));
      }
      operator_of_.push_back(operators_.size() - 1);
      rhs_.emplace_back();
      SKR_PETSC(VecDuplicate(work.b(), rhs_.back().out()));
      SKR_PETSC(VecCopy(work.b(), rhs_.back()));
    }
    assembly_seconds_ =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  // Makes the work system sample k's.
  void load(std::size_t k) { work_.assign(operators_[operator_of_[k]], rhs_[k]); }
  double assembly_seconds() const { return assembly_seconds_; }

private:
  SequenceSystem& work_;
  std::vector<Handle<Mat>> operators_;
  std::vector<std::size_t> operator_of_;
  std::vector<Handle<Vec>> rhs_;
  double assembly_seconds_ = 0;
};

} // namespace

double pace_limit(const std::vector<double>& best, const std::vector<double>& mine, std::size_t k) {
  if (!std::isfinite(best[0])) return std::numeric_limits<double>::infinity();
  if (k == 0) return kPace * best[0];
  return mine[0] + kPace * (best[k] - best[0]);
}

bool wants_pilot(SolverSettings& base) {
  if (base.ksp_type != "auto") return false;
  char ksp[256] = "", pc[256] = "";
  PetscBool ksp_set = PETSC_FALSE, pc_set = PETSC_FALSE;
  SKR_PETSC(PetscOptionsGetString(nullptr, nullptr, "-ksp_type", ksp, sizeof ksp, &ksp_set));
  SKR_PETSC(PetscOptionsGetString(nullptr, nullptr, "-pc_type", pc, sizeof pc, &pc_set));
  if (!ksp_set && !pc_set) return true;
  base.ksp_type = ksp_set ? ksp : KSPGCRODR;
  if (pc_set) base.pc_type = pc;
  return false;
}

std::size_t pilot_size(std::size_t samples) {
  return std::min<std::size_t>(samples, std::clamp<std::size_t>(samples / 40, 4, 20));
}

std::vector<std::pair<std::string, SolverSettings>> auto_candidates(const Problem& problem,
                                                                    const SolverSettings& base) {
  auto with = [&](const char* ksp, const char* pc, bool warm, int reuse) {
    SolverSettings s = base;
    s.ksp_type = ksp;
    s.pc_type = pc;
    s.warm_start = warm ? WarmStart::on : WarmStart::off;
    s.pc_reuse = reuse;
    return s;
  };
  // The likely winner first: its time bounds how long the others may take.
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
  if (problem.grid().dims() == 3) {
    // In 3-D fill-in grows as n^(4/3) and a factorization cannot be stopped
    // half-way: lead with CG + ICC (SPD) or GCRO-DR, try direct last, and
    // not at all beyond 20^3 unknowns.
    std::rotate(c.begin(), c.begin() + 1, c.end());
    std::stable_partition(c.begin(), c.end(), [](const auto& k) { return k.first == "cg + icc"; });
    if (problem.grid().points() > 8000) c.pop_back();
  }
  return c;
}

SolverChoice choose_solver(const Problem& problem, const std::vector<Sample>& samples,
                           const SolverSettings& base, std::size_t run_samples,
                           SequenceSystem* run_system) {
  if (samples.empty()) fail("auto solver: no pilot samples");
  SolverChoice choice;
  choice.pilot_samples = samples.size();
  std::optional<SequenceSystem> own;
  SequenceSystem& work = run_system ? *run_system : own.emplace(problem, PETSC_COMM_SELF);
  const MPI_Comm comm = PetscObjectComm((PetscObject)work.A());
  PilotSystems systems(work, samples);
  choice.assembly_seconds = systems.assembly_seconds();
  Handle<Vec> x;
  SKR_PETSC(VecDuplicate(work.b(), x.out()));
  const std::size_t measured_from = samples.size() / 2;
  const double inf = std::numeric_limits<double>::infinity();
  double best = inf, budget = inf, winner_total = 0, pilot_total = 0;
  // The fastest candidate's cumulative time after each pilot system: a
  // candidate more than kPace times slower on the same systems stops there.
  std::vector<double> best_prefix(samples.size(), inf);
  for (auto& [name, settings] : auto_candidates(problem, base)) {
    PilotResult r{name, settings, inf, false};
    if (budget <= 0) {
      r.skipped = true;
      choice.pilot.push_back(std::move(r));
      continue;
    }
    // A candidate that needs thousands of iterations per system is not the
    // fastest: cap its iterations and its time so the pilot stays short.
    SolverSettings pilot_settings = settings;
    pilot_settings.max_it = std::min(settings.max_it, 3000);
    pilot_settings.fallback = "none";
    auto solver = std::make_unique<SequenceSolver>(comm, pilot_settings);
    PilotContinuation kept;
    SKR_PETSC(VecZeroEntries(x));
    std::vector<double> prefix;
    double seconds = 0, total = 0;
    r.converged = true;
    for (std::size_t k = 0; k < samples.size() && r.converged; ++k) {
      const double limit = std::min(pace_limit(best_prefix, prefix, k), budget);
      if (std::isfinite(limit)) solver->set_time_limit(std::max(limit - total, 0.0));
      systems.load(k);
      const SolveStats stats = solver->solve(work.A(), work.b(), x);
      if (run_system) {
        kept.stats.push_back(stats);
        kept.solutions.push_back(gather_to_root(x));
      }
      total += stats.solve_seconds;
      prefix.push_back(total);
      r.converged = stats.converged && total <= limit;
      if (k >= measured_from) seconds += stats.solve_seconds;
    }
    pilot_total += total;
    if (std::isfinite(best)) budget -= total;
    if (!r.converged) {
      choice.pilot.push_back(std::move(r));
      continue;
    }
    r.mean_seconds = seconds / double(samples.size() - measured_from);
    // The first candidate sets the exploration budget: a share of what the
    // systems after the pilot, the only ones a faster method could still
    // speed up, would take at its steady pace.
    if (!std::isfinite(best))
      budget = kExplorationShare * double(run_samples - std::min(run_samples, samples.size())) *
               r.mean_seconds;
    if (total < best_prefix.back()) best_prefix = prefix;
    if (r.mean_seconds < best) {
      best = r.mean_seconds;
      winner_total = total;
      choice.settings = settings;
      choice.name = name;
      if (run_system) {
        kept.solver = std::move(solver);
        SKR_PETSC(VecDuplicate(x, kept.last.out()));
        SKR_PETSC(VecCopy(x, kept.last));
        choice.continuation = std::move(kept);
      }
    }
    choice.pilot.push_back(std::move(r));
  }
  if (choice.name.empty()) fail("auto solver: no candidate converged on the pilot samples");
  choice.exploration_seconds = pilot_total - winner_total;
  if (choice.continuation.solver) choice.continuation.solver->end_pilot(choice.settings);
  return choice;
}

std::string SolverChoice::report() const {
  std::string text =
      fmt::format("auto solver: pilot on {} samples -> {} (the others took {:.3f} s)\n",
                  pilot_samples, name, exploration_seconds);
  for (const auto& r : pilot)
    text += r.skipped     ? fmt::format("  {:<28} skipped: exploration budget spent\n", r.name)
            : r.converged ? fmt::format("  {:<28} {:.4f} s/system\n", r.name, r.mean_seconds)
                          : fmt::format("  {:<28} stopped: over the pilot's budget or {}x the "
                                        "best's time\n",
                                        r.name, kPace);
  return text;
}

} // namespace skr
