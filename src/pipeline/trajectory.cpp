#include "pipeline/trajectory.hpp"

#include "discretize/dmda_grid.hpp"
#include "pipeline/run_phases.hpp"
#include "util/error.hpp"

#include <petsc/private/petscimpl.h> // PetscObjectStateIncrease: force a refactorization (bench)

#include <algorithm>
#include <cmath>
#include <limits>

namespace skr {

SolveStats summarize_steps(const std::vector<SolveStats>& steps) {
  SolveStats total;
  total.converged = !steps.empty();
  const SolveStats* worst = nullptr;
  for (const SolveStats& s : steps) {
    total.iterations += s.iterations;
    total.solve_seconds += s.solve_seconds;
    total.rel_residual = std::max(total.rel_residual, s.rel_residual);
    if (std::isnan(s.rel_residual)) total.rel_residual = s.rel_residual;
    total.converged = total.converged && s.converged;
    if (!worst || (worst->converged && !s.converged) ||
        (worst->converged == s.converged && s.fallback > worst->fallback))
      worst = &s;
  }
  if (worst) {
    total.reason = worst->reason;
    total.fallback = worst->fallback;
  }
  return total;
}

TrajectorySolver::TrajectorySolver(const TimeProblem& problem, MPI_Comm comm)
    : problem_(problem), comm_(comm) {
  if (!problem.advances_itself()) {
    stepper_ = std::make_unique<TimeStepper>(problem, comm);
    return;
  }
  Handle<Mat> unused;
  problem.create_system(comm, unused.out(), shape_.out());
}

namespace {

// Pads a failed trajectory's frames with NaN up to `frames`.
void pad_frames(std::vector<std::vector<double>>& recorded, int frames) {
  if (recorded.empty()) return;
  const std::size_t size = recorded.front().size();
  while (recorded.size() < std::size_t(frames))
    recorded.emplace_back(size, std::numeric_limits<double>::quiet_NaN());
}

// The same for frames recorded one after another in `states`.
void pad_frames(std::vector<double>& states, int recorded, int frames) {
  states.resize(states.size() / std::size_t(recorded) * std::size_t(frames),
                std::numeric_limits<double>::quiet_NaN());
}

} // namespace

TrajectoryRun TrajectorySolver::solve(const Sample& sample, SequenceSolver& solver, Vec x) {
  if (!stepper_) return advance_itself(sample, solver.ksp());
  const TimeSettings& time = problem_.time();
  TrajectoryRun run;
  std::vector<double> states; // the recorded frames, one after another (rank 0)
  int recorded = 0;
  const auto record_frame = [&](Vec state) {
    PhaseTimer::Scope scope(timer_, phase::record);
    append_to_root(state, states);
    if (recorded++ == 0) states.reserve(states.size() * std::size_t(time.frames()));
  };
  {
    PhaseTimer::Scope scope(timer_, phase::assemble);
    stepper_->start(sample);
  }
  record_frame(stepper_->state());
  for (int n = 0; n < time.steps; ++n) {
    if (!step(solver, x, run)) break;
    if (time.records(n + 1)) record_frame(x);
  }
  run.total = summarize_steps(run.steps);
  if (states.empty()) return run; // not the group's rank 0
  PhaseTimer::Scope scope(timer_, phase::record);
  pad_frames(states, recorded, time.frames());
  run.outputs = problem_.trajectory_outputs(sample, std::move(states));
  return run;
}

double TrajectorySolver::first_step_stiffness(const Sample& sample) {
  if (!stepper_) return skr::first_step_stiffness(problem_, sample, comm_);
  stepper_->start(sample); // solve() starts every trajectory afresh
  return stepper_->first_step_stiffness();
}

bool TrajectorySolver::step(SequenceSolver& solver, Vec x, TrajectoryRun& run) {
  {
    PhaseTimer::Scope scope(timer_, phase::assemble);
    if (!stepper_->form_next() && refactor_every_step_)
      SKR_PETSC(PetscObjectStateIncrease((PetscObject)stepper_->A()));
    stepper_->predict(x);
  }
  {
    PhaseTimer::Scope scope(timer_, phase::solve);
    run.steps.push_back(solver.solve(stepper_->A(), stepper_->b(), x));
  }
  if (!run.steps.back().converged) return false;
  PhaseTimer::Scope scope(timer_, phase::assemble);
  stepper_->accept(x);
  return true;
}

TrajectoryRun TrajectorySolver::advance_itself(const Sample& sample, KSP ksp) {
  TrajectoryResult result = problem_.advance(sample, comm_, ksp);
  TrajectoryRun run;
  for (const StepRecord& r : result.steps) {
    SolveStats s;
    s.iterations = r.iterations;
    s.rel_residual = r.rel_residual;
    s.solve_seconds = r.seconds;
    s.converged = r.converged;
    s.reason = r.reason;
    run.steps.push_back(s);
  }
  run.total = summarize_steps(run.steps);
  if (result.frames.empty() || result.frames.front().empty()) return run;
  pad_frames(result.frames, problem_.time().frames());
  run.outputs = problem_.trajectory_outputs(sample, result.frames);
  return run;
}

SolverSettings self_advancing_settings(const TimeProblem& problem, SolverSettings requested) {
  if (requested.ksp_type != "auto") return requested;
  if (const auto choice = problem.auto_solver()) {
    requested.ksp_type = choice->ksp;
    requested.pc_type = choice->pc;
  } else {
    requested.ksp_type = KSPGMRES; // created, never used
  }
  return requested;
}

} // namespace skr
