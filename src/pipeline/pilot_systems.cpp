#include "pipeline/pilot_systems.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <chrono>

namespace skr {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

PilotSystems::PilotSystems(SequenceSystem& work, const std::vector<Sample>& samples)
    : work_(work), size_(samples.size()) {
  const auto start = std::chrono::steady_clock::now();
  for (const Sample& sample : samples) {
    // The work system may already hold the first sample's operator (a
    // family whose operator never changes, after an earlier run on it).
    const bool changed = work.assemble(sample);
    keep(work.A(), changed, work.b());
  }
  assembly_seconds_ = seconds_since(start);
  operator_fixed_ = operators_.size() == 1 && rhs_.size() > 1;
}

PilotSystems::PilotSystems(SequenceSystem& work, const TimeProblem& problem,
                           std::vector<Sample> samples, std::size_t steps)
    : work_(work), samples_(std::move(samples)) {
  trajectory_steps_ = problem.time().steps;
  size_ = std::min(steps, samples_.size() * std::size_t(trajectory_steps_));
  operator_fixed_ = !problem.operator_changes_in_time();
  stepper_ = std::make_unique<TimeStepper>(problem, PetscObjectComm((PetscObject)work.A()));
}

void PilotSystems::keep(Mat A, bool changed, Vec b) {
  if (changed || operators_.empty()) {
    operators_.emplace_back();
    SKR_PETSC(MatDuplicate(A, MAT_COPY_VALUES, operators_.back().out()));
  }
  operator_of_.push_back(operators_.size() - 1);
  rhs_.emplace_back();
  SKR_PETSC(VecDuplicate(b, rhs_.back().out()));
  SKR_PETSC(VecCopy(b, rhs_.back()));
}

void PilotSystems::form_next_step() {
  const auto start = std::chrono::steady_clock::now();
  if (rhs_.empty() || stepper_->step() == trajectory_steps_)
    stepper_->start(samples_.at(trajectory_++));
  const bool changed = stepper_->form_next();
  keep(stepper_->A(), changed, stepper_->b());
  guesses_.emplace_back();
  SKR_PETSC(VecDuplicate(stepper_->b(), guesses_.back().out()));
  stepper_->predict(guesses_.back());
  assembly_seconds_ += seconds_since(start);
}

void PilotSystems::load(std::size_t k, Vec x) {
  if (k >= size_) fail("auto pilot: system {} of {}", k, size_);
  if (stepper_ && k == rhs_.size()) {
    if (accepted_ < k) fail("auto pilot: time step {} asked for before step {} was solved", k, k - 1);
    form_next_step();
  }
  work_.assign(operators_[operator_of_[k]], rhs_[k]);
  if (stepper_) SKR_PETSC(VecCopy(guesses_[k], x));
}

double PilotSystems::step_stiffness() {
  if (!stepper_) fail("auto pilot: a steady system has no time step");
  if (rhs_.empty()) form_next_step();
  return stepper_->stiffness();
}

void PilotSystems::solved(std::size_t k, Vec x, bool converged) {
  if (!stepper_ || !converged || k != accepted_) return;
  stepper_->accept(x); // the newest step: its solution starts the next one
  ++accepted_;
}

std::size_t pilot_steps(std::size_t total_steps) {
  return std::min<std::size_t>(total_steps, std::clamp<std::size_t>(total_steps / 100, 8, 24));
}

} // namespace skr
