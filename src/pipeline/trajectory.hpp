#pragma once
// One trajectory of a time-dependent family (discretize/time_problem.hpp),
// solved step by step: every step's system goes through the run's one
// SequenceSolver, so its recycled space, preconditioner (or factorization:
// the stepper leaves A untouched while its values stay put) and warm start
// carry from step to step and from trajectory to trajectory. Each step's
// initial guess is the extrapolation 2 u^n - u^{n-1} (u^n on the first).
// Families that advance themselves run their own advance() instead, with
// the solver's KSP (burgers2d's Newton iterations solve with it).
#include "discretize/time_stepper.hpp"
#include "solve/sequence_solver.hpp"
#include "util/phase_timer.hpp"

#include <memory>
#include <vector>

namespace skr {

struct TrajectoryRun {
  Fields outputs;                // every output's recorded frames (on the group's rank 0 only)
  SolveStats total;              // summarize_steps(steps)
  std::vector<SolveStats> steps; // one per step done (fewer than S if a step failed)
};

// A trajectory's /stats row: iterations and seconds summed, the largest
// residual, converged when every step converged, reason and fallback of
// the worst step (the first failed one, else the one with the largest fallback).
SolveStats summarize_steps(const std::vector<SolveStats>& steps);

// A self-advancing family's solver settings: --solver auto means the
// family's auto_solver() (its systems arise inside advance(), out of a
// pilot's reach), or a plain GMRES that stays unused when it solves none.
SolverSettings self_advancing_settings(const TimeProblem& problem, SolverSettings requested);

class TrajectorySolver {
public:
  TrajectorySolver(const TimeProblem& problem, MPI_Comm comm);

  // A vector shaped like a state, for the solver's x.
  Vec state_shape() const { return stepper_ ? stepper_->b() : shape_.get(); }
  // Solves `sample`'s trajectory. x is the solver's work vector (state-shaped);
  // a step that fails ends the trajectory (its remaining frames are NaN).
  TrajectoryRun solve(const Sample& sample, SequenceSolver& solver, Vec x);
  // first_step_stiffness of `sample`, from this solver's own stepper when it
  // has one (its systems exist already: --solver auto's cost model reads it).
  double first_step_stiffness(const Sample& sample);
  // Benchmarks only: mark A changed before every step, so that a direct
  // solver refactors at every step (what FEniCS-style generators do).
  void set_refactor_every_step(bool on) { refactor_every_step_ = on; }
  // --timing: steps are charged to phase::assemble, their solves to
  // phase::solve, the frames to phase::record (null: not timed).
  void set_timer(PhaseTimer* timer) { timer_ = timer; }

private:
  TrajectoryRun advance_itself(const Sample& sample, KSP ksp);
  // One step: form, predict, solve, accept; false if the solve failed.
  bool step(SequenceSolver& solver, Vec x, TrajectoryRun& run);

  const TimeProblem& problem_;
  MPI_Comm comm_;
  std::unique_ptr<TimeStepper> stepper_; // null for a self-advancing family
  Handle<Vec> shape_;                    // a state of a self-advancing family
  bool refactor_every_step_ = false;
  PhaseTimer* timer_ = nullptr;
};

} // namespace skr
