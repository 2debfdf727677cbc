#pragma once
// The systems an auto pilot (auto_solver.hpp) solves with every candidate,
// in the order of the run, each candidate from the first:
//   * steady families: the pilot samples' systems, assembled once and
//     replayed; a candidate's previous solution stays its next guess;
//   * time-dependent families: the first steps of the first trajectories.
//     A step's system depends on the previous step's solution, so steps are
//     formed (TimeStepper) as the pilot reaches them, from the first
//     candidate's converged solution of the step before, and replayed for the
//     others together with the step's extrapolated guess (2 u^n - u^{n-1}),
//     the warm start of the run. Each candidate thus sees what it would see
//     in the run: consecutive steps, slowly changing operators, close guesses,
//     its preconditioner and recycled space carried from step to step.
// The work system's operator changes only when a system's does, as in the run.
#include "discretize/time_stepper.hpp"
#include "pipeline/sequence_system.hpp"
#include "util/petsc_handle.hpp"

#include <memory>
#include <vector>

namespace skr {

class PilotSystems {
public:
  // Steady: every sample's system.
  PilotSystems(SequenceSystem& work, const std::vector<Sample>& samples);
  // Time-dependent: `steps` steps of the trajectories of `samples`, in order.
  PilotSystems(SequenceSystem& work, const TimeProblem& problem, std::vector<Sample> samples,
               std::size_t steps);

  std::size_t size() const { return size_; }
  // Makes the work system system k's (k <= the systems formed so far); a
  // time step also puts its extrapolated guess into x.
  void load(std::size_t k, Vec x);
  // x solves system k (converged or not): the first converged solution of
  // the newest step lets the trajectory advance.
  void solved(std::size_t k, Vec x, bool converged);
  double assembly_seconds() const { return assembly_seconds_; }
  // Time-dependent: the newest step's stiffness (TimeStepper::stiffness),
  // the first's (formed here) before the pilot solves any.
  double step_stiffness();
  // Only b changes along the pilot: factorizations and hierarchies are kept.
  bool operator_fixed() const { return operator_fixed_; }

private:
  void keep(Mat A, bool changed, Vec b);
  void form_next_step();

  SequenceSystem& work_;
  std::vector<Handle<Mat>> operators_;
  std::vector<std::size_t> operator_of_;
  std::vector<Handle<Vec>> rhs_, guesses_;
  std::size_t size_ = 0;
  double assembly_seconds_ = 0;
  bool operator_fixed_ = false;
  // Time-dependent only.
  std::unique_ptr<TimeStepper> stepper_;
  std::vector<Sample> samples_;
  int trajectory_steps_ = 0;
  std::size_t trajectory_ = 0; // trajectories started
  std::size_t accepted_ = 0; // steps whose solution the stepper has taken
};

// How many time steps a pilot of a run of `total_steps` steps solves per
// candidate (about 1%, 8 to 24): enough for recyclers and warm starts to
// settle. choose_solver takes fewer on large grids with a moving operator,
// whose every step's matrix the pilot keeps (at most ~256 MB, 4 steps at least).
std::size_t pilot_steps(std::size_t total_steps);

} // namespace skr
