#include "pipeline/auto_solver.hpp"

#include "discretize/dmda_grid.hpp"
#include "pipeline/auto_cost_model.hpp"
#include "pipeline/pilot_systems.hpp"
#include "pipeline/sequence_system.hpp"
#include "pipeline/trajectory.hpp"
#include "solve/gcrodr.hpp"
#include "util/choice.hpp"
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
// against the pace of the fastest so far and the exploration budget. Without
// `allowance` the first candidate to finish sets the budget for the others
// (steady runs: the winner's pilot systems are the run's); with it, every
// candidate's systems, the winner's included, come out of that allowance
// (time-dependent runs: the run starts its trajectories afresh).
class Pilot {
public:
  Pilot(PilotSystems& systems, SequenceSystem& work, std::size_t samples, std::size_t run_samples,
        bool keep_continuation, std::optional<double> allowance = std::nullopt)
      : systems_(systems), work_(work), samples_(samples), run_samples_(run_samples),
        keep_(keep_continuation), whole_pilot_budget_(allowance.has_value()),
        budget_(allowance.value_or(kInf)), best_prefix_(samples, kInf) {
    SKR_PETSC(VecDuplicate(work.b(), x_.out()));
  }

  // Solves the pilot systems with `c` (unless the budget rules it out) and
  // records it in `choice`, taking the lead if it is the fastest so far.
  const PilotResult& run(const Candidate& c, SolverChoice& choice) {
    PilotResult r = result_for(c);
    if (const auto why = why_skip(c)) {
      r.skipped = true;
      r.why_skipped = *why;
      choice.pilot.push_back(std::move(r));
      return choice.pilot.back();
    }
    auto solver = pilot_solver(c.settings);
    PilotContinuation kept;
    const Trial trial = solve_systems(*solver, kept);
    charge(trial.total);
    r.converged = trial.converged;
    if (r.converged) {
      r.mean_seconds = trial.measured_seconds / double(samples_ - measured_from());
      set_budget_from(r.mean_seconds);
      if (trial.total < best_prefix_.back()) best_prefix_ = trial.prefix;
      if (r.mean_seconds < best_) take_lead(c, r.mean_seconds, trial.total, solver, kept, choice);
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

  // One candidate's pass over the pilot systems.
  struct Trial {
    std::vector<double> prefix;             // cumulative solve time after each system
    double total = 0, measured_seconds = 0; // all systems; the measured second half
    bool converged = true;
  };

  static PilotResult result_for(const Candidate& c) {
    PilotResult r;
    r.name = c.name;
    r.settings = c.settings;
    r.predicted_seconds = c.predicted_seconds;
    r.mean_seconds = kInf;
    return r;
  }

  // Why `c` is not tried: the budget is spent, or its prediction is over it.
  // A first system runs to its end whatever the time limit (a factorization
  // or a hierarchy is not interrupted): one predicted past what is left
  // would overrun the budget by the difference.
  std::optional<std::string> why_skip(const Candidate& c) const {
    if (budget_ <= 0) return "exploration budget spent";
    if (c.predicted_first_seconds > budget_)
      return fmt::format("predicted {:.4f} s for its first system (set-up included), over the "
                         "{:.4f} s left",
                         c.predicted_first_seconds, budget_);
    return std::nullopt;
  }

  // A candidate that needs thousands of iterations per system is not the
  // fastest: cap its iterations and its time so the pilot stays short.
  std::unique_ptr<SequenceSolver> pilot_solver(const SolverSettings& settings) const {
    SolverSettings pilot_settings = settings;
    pilot_settings.max_it = std::min(settings.max_it, 3000);
    pilot_settings.fallback = "none";
    const MPI_Comm comm = PetscObjectComm((PetscObject)work_.A());
    return std::make_unique<SequenceSolver>(comm, pilot_settings);
  }

  std::size_t measured_from() const { return samples_ / 2; }

  // Solves the pilot systems in order until one fails or the candidate
  // falls behind the fastest's pace (or past the budget, once one finished),
  // or would: a system is not started when the candidate's last one (a
  // steady one: from the second on, or any with an operator that changes)
  // says it would end past the limit, since its set-up is not interrupted.
  Trial solve_systems(SequenceSolver& solver, PilotContinuation& kept) {
    Trial t;
    SKR_PETSC(VecZeroEntries(x_));
    for (std::size_t k = 0; k < samples_ && t.converged; ++k) {
      const double limit = std::min(pace_limit(best_prefix_, t.prefix, k),
                                    std::isfinite(best_) ? budget_ : kInf);
      if (next_system_past(t.prefix, k, systems_.operator_fixed(), limit)) {
        t.converged = false;
        break;
      }
      if (std::isfinite(limit)) solver.set_time_limit(std::max(limit - t.total, 0.0));
      systems_.load(k, x_);
      const SolveStats stats = solver.solve(work_.A(), work_.b(), x_);
      systems_.solved(k, x_, stats.converged);
      if (keep_) {
        kept.stats.push_back(stats);
        kept.solutions.push_back(gather_to_root(x_));
      }
      t.total += stats.solve_seconds;
      t.prefix.push_back(t.total);
      t.converged = stats.converged && t.total <= limit;
      if (k >= measured_from()) t.measured_seconds += stats.solve_seconds;
    }
    return t;
  }

  void charge(double seconds) {
    pilot_total_ += seconds;
    if (whole_pilot_budget_ || std::isfinite(best_)) budget_ -= seconds;
  }

  // Steady runs: the first candidate to finish sets the exploration budget,
  // a share of what the systems after the pilot, the only ones a faster
  // method could still speed up, would take at its steady pace.
  void set_budget_from(double mean_seconds) {
    if (whole_pilot_budget_ || std::isfinite(best_)) return;
    budget_ = kExplorationShare * double(run_samples_ - std::min(run_samples_, samples_)) *
              mean_seconds;
  }

  void take_lead(const Candidate& c, double mean_seconds, double total,
                 std::unique_ptr<SequenceSolver>& solver, PilotContinuation& kept,
                 SolverChoice& choice) {
    best_ = mean_seconds;
    winner_total_ = total;
    choice.settings = c.settings;
    choice.name = c.name;
    if (!keep_) return;
    kept.solver = std::move(solver);
    SKR_PETSC(VecDuplicate(x_, kept.last.out()));
    SKR_PETSC(VecCopy(x_, kept.last));
    choice.continuation = std::move(kept);
  }

  PilotSystems& systems_;
  SequenceSystem& work_;
  const std::size_t samples_, run_samples_;
  const bool keep_, whole_pilot_budget_;
  Handle<Vec> x_;
  double best_ = kInf, budget_ = kInf, winner_total_ = 0, pilot_total_ = 0;
  // The fastest candidate's cumulative time after each pilot system: a
  // candidate more than kPace times slower on the same systems stops there.
  std::vector<double> best_prefix_;
};

// What the cost model needs to know of a pilot's systems.
struct PilotShape {
  bool operator_fixed = false;
  std::size_t systems = 0;
  std::optional<double> step_stiffness; // time steps only
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
           const Problem& problem, const PilotShape& shape, const SolverChoice& choice) {
  if (policy.key.empty()) return;
  const Grid& grid = problem.grid();
  const std::string measured_as = cost_class(problem);
  for (const PilotResult& r : choice.pilot)
    if (r.converged)
      cache.set_coefficient(measured_as, r.name,
                            measured_coefficient(r.name, grid.dims(), grid.points(),
                                                 shape.operator_fixed, r.mean_seconds,
                                                 time_steps_of(problem, shape.step_stiffness)));
  const auto winner = std::find_if(choice.pilot.begin(), choice.pilot.end(),
                                   [&](const PilotResult& r) { return r.name == choice.name; });
  cache.remember(entry_key(policy, base), {choice.name, winner->mean_seconds});
  cache.save_in_background();
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

} // namespace

po::options_description auto_options() {
  po::options_description desc("auto solver options");
  add_option(desc, "explore", "cached",
             "--solver auto: always (a full pilot) | cached (start with the winner a run with the "
             "same key remembered; explore if it got > 20% slower) | never (remembered or "
             "predicted winner, no alternatives)");
  return desc;
}

AutoPolicy auto_policy(const po::variables_map& vm, std::string key) {
  AutoPolicy policy;
  policy.key = std::move(key);
  policy.explore = get_choice<Explore>(
      vm, "explore",
      {{"always", Explore::always}, {"cached", Explore::cached}, {"never", Explore::never}});
  return policy;
}

std::string auto_cache_key(const std::string& family, const std::string& options, int ranks) {
  return fmt::format("{} | {} | ranks {}", family, options, ranks);
}

bool next_system_past(const std::vector<double>& mine, std::size_t k, bool operator_fixed,
                      double limit) {
  if (k < (operator_fixed ? 2u : 1u)) return false;
  const double last = mine[k - 1] - (k >= 2 ? mine[k - 2] : 0.0);
  return mine[k - 1] + last > limit;
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

std::string auto_forecast(const Problem& problem, const SolverSettings& base,
                          const std::vector<Sample>& samples, const AutoPolicy& policy) {
  SequenceSystem work(problem, PETSC_COMM_SELF);
  const auto systems = pilot_systems(problem, work, samples, samples.size());
  const auto stiffness =
      problem.is_time_dependent() ? std::optional(systems->step_stiffness()) : std::nullopt;
  const AutoCache cache(policy.key.empty() ? "" : policy.cache_path);
  const auto ranked =
      ranked_candidates(problem, base, systems->operator_fixed(), &cache, stiffness);
  std::string text = fmt::format("auto: predicted winner {} at {:.4f} s/{}; it would try, "
                                 "most promising first:",
                                 ranked.front().name, ranked.front().predicted_seconds,
                                 stiffness ? fmt::format("step (stiffness {:.3g})", *stiffness)
                                           : std::string("system"));
  for (const Candidate& c : ranked) text += fmt::format(" {} {:.4f};", c.name, c.predicted_seconds);
  text.back() = '\n';
  if (const auto cached = remembered(cache, policy, base))
    text += fmt::format("auto remembers {} at {:.4f} s/system for this configuration ({})\n",
                        cached->method, cached->seconds, cache.path());
  return text;
}

namespace {

// The candidates of a pilot, most promising first: the remembered winner
// leads when the cache holds one for this run.
struct PilotPlan {
  std::vector<Candidate> candidates;
  std::optional<CachedChoice> cached;
  bool from_cache = false; // the cache's winner leads
  // Time-dependent runs: what the whole pilot may cost; nullopt: no pilot pays.
  std::optional<double> allowance;
};

// Time-dependent runs start their first trajectory afresh with the winner,
// so every pilot step is spent: the pilot as a whole, the leader's steps
// included, may cost kTimePilotShare of the run's predicted solve time (at
// the leader's pace: remembered, else predicted). nullopt when the leader's
// own steps, its first with the set-up, would cost more than that.
std::optional<double> time_pilot_allowance(const PilotPlan& plan, bool operator_fixed,
                                           std::size_t pilot_systems, std::size_t run_systems) {
  const Candidate& leader = plan.candidates.front();
  const double per_system = plan.from_cache ? plan.cached->seconds : leader.predicted_seconds;
  const double first = 1 / first_system_share(leader.name, operator_fixed);
  const double leader_cost = per_system * (double(pilot_systems) - 1 + first);
  const double allowance = kTimePilotShare * double(run_systems) * per_system;
  if (leader_cost > allowance) return std::nullopt;
  return allowance;
}

// The plan for a pilot of `shape.systems` systems.
PilotPlan plan_pilot(const Problem& problem, const SolverSettings& base, const AutoCache& cache,
                     const AutoPolicy& policy, const PilotShape& shape, std::size_t run_samples) {
  PilotPlan plan;
  plan.candidates =
      ranked_candidates(problem, base, shape.operator_fixed, &cache, shape.step_stiffness);
  plan.cached = remembered(cache, policy, base);
  plan.from_cache = lead_with(plan.candidates, plan.cached);
  if (problem.is_time_dependent())
    plan.allowance = time_pilot_allowance(plan, shape.operator_fixed, shape.systems,
                                          run_systems(problem, run_samples));
  return plan;
}

// A time-dependent run too short for a pilot, known before any step is
// formed (from the uncapped pilot length: pilot_systems may take fewer).
// Unless the cache remembers a winner, the leader is the one predicted at
// the stiffness of the first step (`step_stiffness`, set here).
bool too_short_for_pilot(const TimeProblem& time, const std::vector<Sample>& samples,
                         const SolverSettings& base, const AutoCache& cache,
                         const AutoPolicy& policy, std::size_t run_samples,
                         TrajectorySolver* run_trajectories,
                         std::optional<double>& step_stiffness, PilotPlan& plan) {
  if (policy.explore == Explore::always) return false;
  if (!remembered(cache, policy, base))
    step_stiffness = run_trajectories
                         ? run_trajectories->first_step_stiffness(samples.front())
                         : first_step_stiffness(time, samples.front(), PETSC_COMM_SELF);
  const PilotShape shape{!time.operator_changes_in_time(),
                         pilot_steps(run_systems(time, run_samples)), step_stiffness};
  plan = plan_pilot(time, base, cache, policy, shape, run_samples);
  return !plan.allowance;
}

// A run too short for any pilot to pay takes the leader untried.
void take_untried_leader(const PilotPlan& plan, SolverChoice& choice) {
  const Candidate& leader = plan.candidates.front();
  choice.settings = leader.settings;
  choice.name = leader.name;
  choice.source = plan.from_cache ? "cache" : "prediction";
  choice.pilot_samples = 0;
  PilotResult r;
  r.name = leader.name;
  r.settings = leader.settings;
  r.predicted_seconds = leader.predicted_seconds;
  r.skipped = true;
  r.why_skipped =
      fmt::format("taken untried: a pilot would cost more than {:.0f}% of this short run",
                  100 * kTimePilotShare);
  choice.pilot.push_back(std::move(r));
}

// Tries the candidates in order, until the remembered winner proves still
// as fast (or --explore never stops after the first).
void explore(Pilot& pilot, const PilotPlan& plan, const AutoPolicy& policy, SolverChoice& choice) {
  for (const Candidate& c : plan.candidates) {
    if (!choice.name.empty()) {
      // The remembered winner, as fast as it was: no need to look further.
      const bool remembered_won = plan.from_cache && choice.name == plan.cached->method;
      const bool still_fast = remembered_won && choice.pilot.front().mean_seconds <=
                                                    (1 + policy.drift) * plan.cached->seconds;
      if (still_fast || (policy.explore == Explore::never && remembered_won)) {
        choice.source = "cache";
        return;
      }
      if (policy.explore == Explore::never) {
        choice.source = "prediction";
        return;
      }
    }
    pilot.run(c, choice);
  }
}

} // namespace

SolverChoice choose_solver(const Problem& problem, const std::vector<Sample>& samples,
                           const SolverSettings& base, std::size_t run_samples,
                           SequenceSystem* run_system, const AutoPolicy& policy,
                           TrajectorySolver* run_trajectories) {
  if (samples.empty()) fail("auto solver: no pilot samples");
  SolverChoice choice;
  AutoCache cache(policy.key.empty() ? "" : policy.cache_path);
  const TimeProblem* time = as_time_problem(problem);
  const bool time_steps = time != nullptr;
  if (time_steps) choice.pilot_unit = "time steps";
  if (PilotPlan untried;
      time && too_short_for_pilot(*time, samples, base, cache, policy, run_samples,
                                  run_trajectories, choice.step_stiffness, untried)) {
    take_untried_leader(untried, choice);
    return choice;
  }
  std::optional<SequenceSystem> own;
  SequenceSystem& work = run_system ? *run_system : own.emplace(problem, PETSC_COMM_SELF);
  const auto systems = pilot_systems(problem, work, samples, run_samples);
  // From the pilot's own first step, unless too_short_for_pilot measured it.
  if (time && !choice.step_stiffness) choice.step_stiffness = systems->step_stiffness();
  const PilotShape shape{systems->operator_fixed(), systems->size(), choice.step_stiffness};
  const PilotPlan plan = plan_pilot(problem, base, cache, policy, shape, run_samples);
  choice.pilot_samples = systems->size();
  // A time-dependent run starts its first trajectory afresh with the winner:
  // no continuation, and the winner's pilot steps count as exploration.
  Pilot pilot(*systems, work, systems->size(), run_systems(problem, run_samples),
              run_system != nullptr && !time_steps, plan.allowance);
  explore(pilot, plan, policy, choice);
  if (choice.name.empty()) fail("auto solver: no candidate converged on the pilot samples");
  choice.assembly_seconds = systems->assembly_seconds(); // time steps: formed along the pilot
  choice.exploration_seconds = time_steps ? pilot.pilot_seconds() : pilot.exploration_seconds();
  if (choice.continuation.solver) choice.continuation.solver->end_pilot(choice.settings);
  if (choice.source == "pilot")
    learn(cache, policy, base, problem, shape, choice);
  return choice;
}

namespace {

std::string headline(const SolverChoice& c) {
  const std::string stiffness =
      c.step_stiffness ? fmt::format(", steps of stiffness {:.3g}", *c.step_stiffness) : "";
  if (c.pilot_samples == 0)
    return fmt::format(
        "auto solver: no pilot -> {} ({}; the run is too short for a pilot to pay{})\n", c.name,
        c.source == "cache" ? "remembered from an earlier run" : "predicted", stiffness);
  const char* why = c.source == "cache" ? "; remembered from an earlier run, still as fast"
                    : c.source == "prediction"
                        ? "; predicted, no alternative tried (--explore never)"
                        : "";
  return fmt::format("auto solver: pilot on {} {}{} -> {} (the others took {:.3f} s){}\n",
                     c.pilot_samples, c.pilot_unit, stiffness, c.name, c.exploration_seconds,
                     why);
}

} // namespace

std::string SolverChoice::report() const {
  std::string text = headline(*this);
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
