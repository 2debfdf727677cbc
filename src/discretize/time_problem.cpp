#include "discretize/time_problem.hpp"

#include "discretize/dmda_grid.hpp"
#include "discretize/time_stepper.hpp"
#include "util/error.hpp"

namespace skr {

void TimeProblem::initial_state(const Sample& sample, Vec u) const {
  scatter_from_storage(sample.fields.at("u0"), u);
}

TrajectoryResult TimeProblem::advance(const Sample&, MPI_Comm, KSP) const {
  fail("{}: advance() called, but the family does not advance itself", name());
}

Fields TimeProblem::trajectory_outputs(const Sample& sample,
                                       const std::vector<std::vector<double>>& frames) const {
  std::vector<double> states;
  states.reserve(frames.empty() ? 0 : frames.size() * frames.front().size());
  for (const auto& frame : frames) states.insert(states.end(), frame.begin(), frame.end());
  return trajectory_outputs(sample, std::move(states));
}

void TimeProblem::assemble(const Sample& sample, Mat A, Vec b) const {
  TimeStepper stepper(*this, PetscObjectComm((PetscObject)A));
  stepper.start(sample);
  stepper.form_next();
  SKR_PETSC(MatCopy(stepper.A(), A, SAME_NONZERO_PATTERN));
  SKR_PETSC(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
  SKR_PETSC(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
  SKR_PETSC(VecCopy(stepper.b(), b));
}

const TimeProblem* as_time_problem(const Problem& problem) {
  return problem.is_time_dependent() ? dynamic_cast<const TimeProblem*>(&problem) : nullptr;
}

} // namespace skr
