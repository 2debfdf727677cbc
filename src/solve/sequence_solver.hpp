#pragma once
// One KSP kept alive across a whole sequence of systems, so that a recycling
// method (gcrodr) carries its subspace from one solve to the next. Every
// solution's true relative residual ||b - A x|| / ||b|| is computed after the
// solve; if it misses rtol although the KSP claims convergence, the solve is
// continued from x (at most twice) rather than storing an inaccurate sample.
#include "solve/solve_stats.hpp"
#include "util/options.hpp"
#include "util/petsc_handle.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace skr {

// Initial guess of each solve: zero, the previous solution in the sequence,
// or (automatic) the previous solution when the operator is the previous
// one's and that solution leaves a smaller residual than zero: then only b
// changed and, sorted, the neighbour's solution is close (thermal: 14-18%
// fewer GCRO-DR iterations); when the operator changes a warm start can cost
// iterations (Helmholtz: 5% more), so the guess stays zero.
enum class WarmStart { off, on, automatic };

struct SolverSettings {
  std::string ksp_type = "gcrodr";
  std::string pc_type = "ilu";
  double rtol = 1e-8;
  int max_it = 10000;
  int restart = 40; // GMRES and GCRO-DR cycle length m
  int recycle = 20; // recycle dimension k of GCRO-DR, and of rcg when recycle_given
  bool recycle_given = false; // else rcg keeps its own default k
  WarmStart warm_start = WarmStart::automatic;
  int pc_reuse = 1; // rebuild the preconditioner every pc_reuse systems
  // GCRO-DR: time solves with and without the recycled space, use the faster
  // (KSPGCRODRSetAdaptive; time-dependent families, where it rarely pays).
  bool adaptive_recycling = false;
  // What to try when a solve fails: "none", "reset" (forget the recycled
  // space and rebuild the PC, from a zero guess), or "direct" (reset, then LU).
  std::string fallback = "direct";
};

po::options_description solver_options();
SolverSettings solver_settings(const po::variables_map& vm);
// Every field as one line of key=value words (doubles exact) and back: how
// a choice made on one rank reaches the others in one broadcast. Parsing
// throws a one-line error on an unknown, missing or malformed field.
std::string to_text(const SolverSettings& s);
SolverSettings settings_from_text(const std::string& text);
// --restart and --recycle (part of solver_options; bench declares them alone)
// and their reading, with GCRO-DR's k < m check when s.ksp_type recycles.
void add_recycling_options(po::options_description& desc);
void read_recycling_options(const po::variables_map& vm, SolverSettings& s);
// Throws a one-line error unless PETSc knows the preconditioner (also for
// --solver auto, which picks its own).
void check_pc_type(const std::string& pc_type);
// False for preonly (a direct solve): only iterative KSPs start from a guess.
bool takes_initial_guess(KSP ksp);

// State of SequenceSolver::set_time_limit's convergence test.
struct SolveDeadline {
  double limit = 0;
  std::chrono::steady_clock::time_point end;
  void* default_context = nullptr;
};

class SequenceSolver {
public:
  SequenceSolver(MPI_Comm comm, const SolverSettings& settings);

  // Solves A x = b (x holds the previous solution, the initial guess when
  // warm_start says so), with the fallbacks of settings().fallback when the
  // first attempt fails.
  SolveStats solve(Mat A, Vec b, Vec x);

  // Every later solve gives up (KSP_DIVERGED_ITS) once it has run this long;
  // used by pilots that must not spend minutes on a hopeless candidate.
  void set_time_limit(double seconds);
  // Ends a pilot: no time limit, and `settings`' max_it and fallback from
  // the next solve on (the KSP, its preconditioner and its recycled space stay).
  void end_pilot(const SolverSettings& settings);

  KSP ksp() const { return ksp_; }
  const SolverSettings& settings() const { return settings_; }
  // The KSP and PC actually in use after PETSc options were applied.
  std::string description() const;

private:
  void configure();
  SolveStats attempt(KSP ksp, Mat A, Vec b, Vec x, bool nonzero_guess);
  KSP direct_solver();
  double true_residual(Mat A, Vec b, Vec x);

  SolverSettings settings_;
  // Declared before ksp_: the KSP's convergence test refers to it until the KSP is destroyed.
  std::unique_ptr<SolveDeadline> deadline_;
  Handle<KSP> ksp_;
  Handle<Vec> residual_;
  Handle<KSP> direct_;
  long long solves_ = 0;
  // The operator of the previous solve, for WarmStart::automatic.
  PetscObjectId last_id_ = -1;
  PetscObjectState last_state_ = -1;
};

// ", warm start" / ", warm start when only b changes" / "" (also for a
// direct solve, which takes no guess) for run summaries.
std::string warm_start_note(const SequenceSolver& solver);

} // namespace skr
