#pragma once
// --solver auto: a short pilot on the first few systems of the sorted
// sequence tries the candidate methods, most promising first, and the run
// continues with the fastest. Candidates: a direct factorization; CG + ICC,
// BoomerAMG, GAMG and geometric multigrid, recycled CG (SPD families); GCRO-DR (recycling, warm
// start, ILU, also with the PC rebuilt every 10 systems), GMRES + ILU, and
// for non-symmetric families warm-started GMRES and BiCGStab + ILU. The
// order comes from a cost model (auto_cost_model.hpp) refreshed by every
// pilot, and the winner of a run is remembered (auto_cache.hpp): the next
// run with the same key starts with it and explores only if it got slower.
#include "pipeline/auto_cache.hpp"
#include "pipeline/auto_candidates.hpp"
#include "discretize/problem.hpp"
#include "solve/sequence_solver.hpp"
#include "util/petsc_handle.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace skr {

class SequenceSystem;
class TrajectorySolver;

// --explore: always (a full pilot, then remember), cached (start with the
// remembered winner; explore only if it got slower than remembered by more
// than kCacheDrift: faster says nothing against it, and on a shared machine
// a two-sided test re-explores at every quieter moment), never (the
// remembered winner, else the predicted one, untried alternatives).
enum class Explore { always, cached, never };
inline constexpr double kCacheDrift = 0.2;

struct AutoPolicy {
  std::string key; // identifies the run for the cache; empty: no cache
  Explore explore = Explore::cached;
  double drift = kCacheDrift; // relative slow-down of the remembered time that calls for a pilot
  std::string cache_path = AutoCache::default_path();
};

po::options_description auto_options(); // --explore
// The policy of --explore; `key` from auto_cache_key.
AutoPolicy auto_policy(const po::variables_map& vm, std::string key);
// The cache key of a run: the family, its operator-shaping options (as
// given: `options`) and the number of ranks; choose_solver adds the solver's
// tolerances and limits, so that generate, estimate and bench share entries.
std::string auto_cache_key(const std::string& family, const std::string& options, int ranks);

struct PilotResult {
  std::string name;
  SolverSettings settings;
  double predicted_seconds = 0; // the cost model's, before the pilot
  double mean_seconds = 0;      // over the second half of the pilot (recyclers warmed up)
  bool converged = false;
  bool skipped = false; // not tried: the exploration budget was spent
  std::string why_skipped;
};

// The pilot's winner, ready to go on with the run's next system (its KSP,
// preconditioner and recycled space live), and its results on the pilot
// samples, which the run therefore need not solve again.
struct PilotContinuation {
  std::unique_ptr<SequenceSolver> solver;
  std::vector<SolveStats> stats;
  std::vector<std::vector<double>> solutions; // as gather_to_root gives them
  Handle<Vec> last;                           // the last one: a warm start's guess
};

struct SolverChoice {
  SolverSettings settings;
  std::string name;
  std::string source = "pilot"; // "pilot", "cache" (the remembered winner) or "prediction"
  std::vector<PilotResult> pilot;
  std::size_t pilot_samples = 0;       // systems per candidate
  std::string pilot_unit = "samples"; // or "time steps" (of the first trajectories)
  std::optional<double> step_stiffness; // time steps: their stiffness (auto_cost_model.hpp)
  double assembly_seconds = 0;    // assembling the pilot systems, once for all candidates
  double exploration_seconds = 0; // solving them with the candidates that lost
  PilotContinuation continuation; // only when choose_solver was given the run's system
  std::string report() const;     // one line per candidate
};

// What auto would do before any run: the ranked candidates and, if the cache
// holds one for `policy.key`, the remembered winner (one line each).
std::string auto_forecast(const Problem& problem, const SolverSettings& base,
                          const std::vector<Sample>& samples, const AutoPolicy& policy);

// Runs the pilot on samples[0 .. pilot) (already in solve order) of a run
// of run_samples systems. The first candidate sets the pace; the others
// together may spend at most kExplorationShare of what the systems after
// the pilot would take at that pace (the pilot's own are solved by then: no
// faster method could speed them up), and one whose first system (its
// set-up, which no time limit interrupts) is predicted to take more than
// what is left of that budget is not tried. Each stops once it has taken
// kPace times as long as the fastest candidate on the same pilot systems
// (first systems, with their set-ups, compared apart), or before a system
// its last one says would take it past that, so a clear loser costs about
// two systems. The pilot systems are assembled once for all candidates. A
// run no longer than its pilot therefore tries no alternative, and one of
// few, fast systems hardly any: none could win back what exploring it costs.
// With run_system (a serial run's system) the candidates solve on it, and
// the choice carries the winner's continuation. With a policy key, the cache steers and learns.
// Time-dependent runs: the whole pilot, the winner's steps included, comes
// out of kTimePilotShare of the run's predicted solve time; a run too short
// for that takes the leader untried (pilot_samples 0, source "cache" or
// "prediction"), unless --explore always. With run_trajectories (the run's
// own), the first step's stiffness comes from its stepper.
SolverChoice choose_solver(const Problem& problem, const std::vector<Sample>& pilot_samples,
                           const SolverSettings& base, std::size_t run_samples,
                           SequenceSystem* run_system = nullptr, const AutoPolicy& policy = {},
                           TrajectorySolver* run_trajectories = nullptr);
inline constexpr double kExplorationShare = 0.03;
// Time-dependent runs: the share of the run's predicted solve time the whole
// pilot may take (its steps are all spent, the winner's too); a run too short
// for the leader's own pilot steps takes the leader (remembered winner, else
// the predicted one) untried, unless --explore always.
inline constexpr double kTimePilotShare = 0.03;
inline constexpr double kPace = 3;

// How long a candidate may have taken by the end of pilot system k, given
// its own cumulative solve times so far (`mine`, systems 0 .. k-1) and the
// fastest candidate's (`best`, all systems; infinite before one finished):
// kPace times the fastest's first system (a set-up against a set-up), then
// its own first system plus kPace times the fastest's on systems 1 .. k.
double pace_limit(const std::vector<double>& best, const std::vector<double>& mine, std::size_t k);

// Whether a candidate should not start pilot system k, given its cumulative
// solve times so far (`mine`, systems 0 .. k-1): its last system says this
// one would end past `limit`. With a fixed operator the first system (which
// built the factorization or hierarchy) says nothing of the later ones.
bool next_system_past(const std::vector<double>& mine, std::size_t k, bool operator_fixed,
                      double limit);

// --solver auto with an explicit -ksp_type or -pc_type among the PETSc
// options: the user chose, so there is nothing to explore. Returns `base` with
// those types (GCRO-DR when only -pc_type is given) and false; otherwise
// `base` unchanged and whether it asks for the pilot (ksp_type "auto").
bool wants_pilot(SolverSettings& base);

// How many leading samples of an N-sample run the pilot uses (about 2.5%, 4 to 20).
std::size_t pilot_size(std::size_t samples);

} // namespace skr
