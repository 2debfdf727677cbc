#include "pipeline/auto_solver.hpp"

#include "discretize/dmda_grid.hpp"
#include "pipeline/auto_cost_model.hpp"
#include "pipeline/pilot_systems.hpp"
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

// One pilot: candidates solve the pilot systems one after the other, each
// against the pace of the fastest so far and the exploration budget.
class Pilot {
public:
  Pilot(PilotSystems& systems, SequenceSystem& work, std::size_t samples, std::size_t run_samples,
        bool keep_continuation)
      : systems_(systems), work_(work), samples_(samples), run_samples_(run_samples),
        keep_(keep_continuation), best_prefix_(samples, kInf) {
    SKR_PETSC(VecDuplicate(work.b(), x_.out()));
  }

  // Solves the pilot systems with `c` (unless the budget rules it out) and
  // records it in `choice`, taking the lead if it is the fastest so far.
  const PilotResult& run(const Candidate& c, SolverChoice& choice) {
    PilotResult r;
    r.name = c.name;
    r.settings = c.settings;
    r.predicted_seconds = c.predicted_seconds;
    r.mean_seconds = kInf;
    if (budget_ <= 0 || c.predicted_seconds > kPace * budget_) {
      r.skipped = true;
      r.why_skipped = budget_ <= 0 ? "exploration budget spent"
                                   : fmt::format("predicted {:.4f} s/system, over the budget",
                                                 c.predicted_seconds);
      choice.pilot.push_back(std::move(r));
      return choice.pilot.back();
    }
    // A candidate that needs thousands of iterations per system is not the
    // fastest: cap its iterations and its time so the pilot stays short.
    SolverSettings pilot_settings = c.settings;
    pilot_settings.max_it = std::min(c.settings.max_it, 3000);
    pilot_settings.fallback = "none";
    const MPI_Comm comm = PetscObjectComm((PetscObject)work_.A());
    auto solver = std::make_unique<SequenceSolver>(comm, pilot_settings);
    PilotContinuation kept;
    SKR_PETSC(VecZeroEntries(x_));
    std::vector<double> prefix;
    const std::size_t measured_from = samples_ / 2;
    double seconds = 0, total = 0;
    r.converged = true;
    for (std::size_t k = 0; k < samples_ && r.converged; ++k) {
      const double limit = std::min(pace_limit(best_prefix_, prefix, k), budget_);
      if (std::isfinite(limit)) solver->set_time_limit(std::max(limit - total, 0.0));
      systems_.load(k, x_);
      const SolveStats stats = solver->solve(work_.A(), work_.b(), x_);
      systems_.solved(k, x_, stats.converged);
      if (keep_) {
        kept.stats.push_back(stats);
        kept.solutions.push_back(gather_to_root(x_));
      }
      total += stats.solve_seconds;
      prefix.push_back(total);
      r.converged = stats.converged && total <= limit;
      if (k >= measured_from) seconds += stats.solve_seconds;
    }
    pilot_total_ += total;
    if (std::isfinite(best_)) budget_ -= total;
    if (r.converged) {
      r.mean_seconds = seconds / double(samples_ - measured_from);
      // The first candidate sets the exploration budget: a share of what the
      // systems after the pilot, the only ones a faster method could still
      // speed up, would take at its steady pace.
      if (!std::isfinite(best_))
        budget_ = kExplorationShare * double(run_samples_ - std::min(run_samples_, samples_)) *
                  r.mean_seconds;
      if (total < best_prefix_.back()) best_prefix_ = prefix;
      if (r.mean_seconds < best_) {
        best_ = r.mean_seconds;
        winner_total_ = total;
        choice.settings = c.settings;
        choice.name = c.name;
        if (keep_) {
          kept.solver = std::move(solver);
          SKR_PETSC(VecDuplicate(x_, kept.last.out()));
          SKR_PETSC(VecCopy(x_, kept.last));
          choice.continuation = std::move(kept);
        }
      }
    }
    choice.pilot.push_back(std::move(r));
    return choice.pilot.back();
  }

  // What the candidates that lost cost.
  double exploration_seconds() const { return pilot_total_ - winner_total_; }
  // What every candidate cost, the winner included.
  double pilot_seconds() const { return pilot_total_; }

private:
  static constexpr double kInf = std::numeric_limits<double>::infinity();
  PilotSystems& systems_;
  SequenceSystem& work_;
  const std::size_t samples_, run_samples_;
  const bool keep_;
  Handle<Vec> x_;
  double best_ = kInf, budget_ = kInf, winner_total_ = 0, pilot_total_ = 0;
  // The fastest candidate's cumulative time after each pilot system: a
  // candidate more than kPace times slower on the same systems stops there.
  std::vector<double> best_prefix_;
};

// The cache entry's key: the run's, and the settings every candidate shares.
std::string entry_key(const AutoPolicy& policy, const SolverSettings& base) {
  return fmt::format("{} | rtol {} max-it {} restart {} recycle {}", policy.key, base.rtol,
                     base.max_it, base.restart, base.recycle);
}

// The cache's entry for this run, unless --explore always or no key.
std::optional<CachedChoice> remembered(const AutoCache& cache, const AutoPolicy& policy,
                                       const SolverSettings& base) {
  if (policy.key.empty() || policy.explore == Explore::always) return std::nullopt;
  return cache.find(entry_key(policy, base));
}

// Puts the remembered winner first, if it is still a candidate.
bool lead_with(std::vector<Candidate>& candidates, const std::optional<CachedChoice>& cached) {
  if (!cached) return false;
  const auto it = std::find_if(candidates.begin(), candidates.end(),
                               [&](const Candidate& c) { return c.name == cached->method; });
  if (it == candidates.end()) return false;
  std::rotate(candidates.begin(), it, it + 1);
  return true;
}

// Teaches the cache what this pilot measured: every finished candidate's
// cost coefficient, and the winner for this run's key.
void learn(AutoCache& cache, const AutoPolicy& policy, const SolverSettings& base,
           const Problem& problem, bool operator_fixed, const SolverChoice& choice) {
  if (policy.key.empty()) return;
  const Grid& grid = problem.grid();
  for (const PilotResult& r : choice.pilot)
    if (r.converged)
      cache.set_coefficient(std::string(problem.name()), r.name,
                            measured_coefficient(r.name, grid.dims(), grid.points(),
                                                 operator_fixed, r.mean_seconds,
                                                 problem.is_time_dependent()));
  const auto winner = std::find_if(choice.pilot.begin(), choice.pilot.end(),
                                   [&](const PilotResult& r) { return r.name == choice.name; });
  cache.remember(entry_key(policy, base), {choice.name, winner->mean_seconds});
  cache.save();
}

// The systems of a pilot: the samples' (steady) or the first steps of their
// trajectories (time-dependent: pilot_steps of the run's, from its first
// trajectories, since a step's system needs the step before).
std::unique_ptr<PilotSystems> pilot_systems(const Problem& problem, SequenceSystem& work,
                                            const std::vector<Sample>& samples,
                                            std::size_t run_samples) {
  const TimeProblem* time = as_time_problem(problem);
  if (!time) return std::make_unique<PilotSystems>(work, samples);
  std::size_t steps = pilot_steps(run_samples * std::size_t(time->time().steps));
  // A moving operator is kept per step (~76 bytes per unknown with b and the
  // guess): at most ~256 MB of them, and 4 steps whatever the size.
  PetscInt unknowns = 0;
  SKR_PETSC(VecGetSize(work.b(), &unknowns));
  if (time->operator_changes_in_time())
    steps = std::min(steps, std::max<std::size_t>(4, (256u << 20) / (76 * std::size_t(unknowns))));
  return std::make_unique<PilotSystems>(work, *time, samples, steps);
}

// Systems in the run: samples, or time steps of every trajectory.
std::size_t run_systems(const Problem& problem, std::size_t run_samples) {
  const TimeProblem* time = as_time_problem(problem);
  return time ? run_samples * std::size_t(time->time().steps) : run_samples;
}

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

po::options_description auto_options() {
  po::options_description desc("auto solver options");
  add_option(desc, "explore", "cached",
             "--solver auto: always (a full pilot) | cached (start with the winner a run with the "
             "same key remembered; explore if its time drifted > 20%) | never (remembered or "
             "predicted winner, no alternatives)");
  return desc;
}

AutoPolicy auto_policy(const po::variables_map& vm, std::string key) {
  AutoPolicy policy;
  policy.key = std::move(key);
  const std::string explore = get_string(vm, "explore");
  if (explore == "always")
    policy.explore = Explore::always;
  else if (explore == "cached")
    policy.explore = Explore::cached;
  else if (explore == "never")
    policy.explore = Explore::never;
  else
    fail("--explore: '{}' is not always, cached or never", explore);
  return policy;
}

std::string auto_cache_key(const std::string& family, const std::string& options, int ranks) {
  return fmt::format("{} | {} | ranks {}", family, options, ranks);
}

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

std::vector<Candidate> ranked_candidates(const Problem& problem, const SolverSettings& base,
                                         bool operator_fixed, const AutoCache* cache) {
  auto candidates = auto_candidates(problem, base);
  const Grid& grid = problem.grid();
  for (Candidate& c : candidates)
    c.predicted_seconds = predict_seconds(
        c.name, grid.dims(), grid.points(), operator_fixed,
        cache ? cache->coefficient(std::string(problem.name()), c.name) : std::nullopt,
        problem.is_time_dependent());
  std::stable_sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    return a.predicted_seconds < b.predicted_seconds;
  });
  return candidates;
}

std::string auto_forecast(const Problem& problem, const SolverSettings& base,
                          const std::vector<Sample>& samples, const AutoPolicy& policy) {
  SequenceSystem work(problem, PETSC_COMM_SELF);
  const auto systems = pilot_systems(problem, work, samples, samples.size());
  const AutoCache cache(policy.key.empty() ? "" : policy.cache_path);
  const auto ranked = ranked_candidates(problem, base, systems->operator_fixed(), &cache);
  std::string text = fmt::format("auto: predicted winner {} at {:.4f} s/system; it would try, "
                                 "most promising first:",
                                 ranked.front().name, ranked.front().predicted_seconds);
  for (const Candidate& c : ranked) text += fmt::format(" {} {:.4f};", c.name, c.predicted_seconds);
  text.back() = '\n';
  if (const auto cached = remembered(cache, policy, base))
    text += fmt::format("auto remembers {} at {:.4f} s/system for this configuration ({})\n",
                        cached->method, cached->seconds, cache.path());
  return text;
}

SolverChoice choose_solver(const Problem& problem, const std::vector<Sample>& samples,
                           const SolverSettings& base, std::size_t run_samples,
                           SequenceSystem* run_system, const AutoPolicy& policy) {
  if (samples.empty()) fail("auto solver: no pilot samples");
  SolverChoice choice;
  std::optional<SequenceSystem> own;
  SequenceSystem& work = run_system ? *run_system : own.emplace(problem, PETSC_COMM_SELF);
  const auto systems_kept = pilot_systems(problem, work, samples, run_samples);
  PilotSystems& systems = *systems_kept;
  const bool time_steps = problem.is_time_dependent();
  choice.pilot_samples = systems.size();
  if (time_steps) choice.pilot_unit = "time steps";
  AutoCache cache(policy.key.empty() ? "" : policy.cache_path);
  auto candidates = ranked_candidates(problem, base, systems.operator_fixed(), &cache);
  const auto cached = remembered(cache, policy, base);
  const bool from_cache = lead_with(candidates, cached);
  // A time-dependent run starts its first trajectory afresh with the winner:
  // no continuation, and the winner's pilot steps count as exploration.
  Pilot pilot(systems, work, systems.size(), run_systems(problem, run_samples),
              run_system != nullptr && !time_steps);
  for (const Candidate& c : candidates) {
    if (!choice.name.empty()) {
      // The remembered winner, as fast as it was: no need to look further.
      const bool remembered_won = from_cache && choice.name == cached->method;
      const bool still_fast = remembered_won && std::abs(choice.pilot.front().mean_seconds -
                                                         cached->seconds) <=
                                                    policy.drift * cached->seconds;
      if (still_fast || (policy.explore == Explore::never && remembered_won)) {
        choice.source = "cache";
        break;
      }
      if (policy.explore == Explore::never) {
        choice.source = "prediction";
        break;
      }
    }
    pilot.run(c, choice);
  }
  if (choice.name.empty()) fail("auto solver: no candidate converged on the pilot samples");
  choice.assembly_seconds = systems.assembly_seconds(); // time steps: formed along the pilot
  choice.exploration_seconds = time_steps ? pilot.pilot_seconds() : pilot.exploration_seconds();
  if (choice.continuation.solver) choice.continuation.solver->end_pilot(choice.settings);
  if (choice.source == "pilot") learn(cache, policy, base, problem, systems.operator_fixed(), choice);
  return choice;
}

std::string SolverChoice::report() const {
  std::string text =
      fmt::format("auto solver: pilot on {} {} -> {} (the others took {:.3f} s){}\n",
                  pilot_samples, pilot_unit, name, exploration_seconds,
                  source == "cache"        ? "; remembered from an earlier run, still as fast"
                  : source == "prediction" ? "; predicted, no alternative tried (--explore never)"
                                           : "");
  for (const auto& r : pilot)
    text += r.skipped ? fmt::format("  {:<28} skipped: {}\n", r.name, r.why_skipped)
            : r.converged
                ? fmt::format("  {:<28} {:.4f} s/system (predicted {:.4f})\n", r.name,
                              r.mean_seconds, r.predicted_seconds)
                : fmt::format("  {:<28} stopped: over the pilot's budget or {}x the best's time\n",
                              r.name, kPace);
  return text;
}

} // namespace skr
