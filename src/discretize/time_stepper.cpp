#include "discretize/time_stepper.hpp"

#include "util/error.hpp"

namespace skr {

TimeStepper::TimeStepper(const TimeProblem& problem, MPI_Comm comm) : problem_(problem) {
  problem_.create_system(comm, A_.out(), b_.out());
  Handle<Vec> unused;
  problem_.create_system(comm, L_.out(), unused.out());
  if (problem_.operator_changes_in_time()) problem_.create_system(comm, L_prev_.out(), unused.out());
  for (Vec* v : {u_.out(), u_prev_.out(), guess_.out(), f_now_.out(), f_next_.out(), work_.out()})
    SKR_PETSC(VecDuplicate(b_, v));
}

void TimeStepper::start(const Sample& sample) {
  sample_ = &sample;
  step_ = 0;
  a_scale_ = -1;
  have_forcing_ = false;
  problem_.initial_state(sample, u_);
  SKR_PETSC(VecCopy(u_, u_prev_));
  problem_.assemble_operator_at(sample, 0.0, u_, L_);
}

double scale_of_step(const TimeSettings& time, int n) {
  switch (time.scheme) {
  case TimeScheme::be: return time.dt;
  case TimeScheme::cn: return time.dt / 2;
  case TimeScheme::bdf2: return n == 0 ? time.dt : 2 * time.dt / 3;
  }
  return time.dt;
}

namespace {

double max_diagonal(Mat M) {
  Handle<Vec> diagonal;
  SKR_PETSC(MatCreateVecs(M, diagonal.out(), nullptr));
  SKR_PETSC(MatGetDiagonal(M, diagonal));
  PetscReal max = 0;
  SKR_PETSC(VecMax(diagonal, nullptr, &max));
  return max;
}

} // namespace

double first_step_stiffness(const TimeProblem& problem, const Sample& sample, MPI_Comm comm) {
  Handle<Mat> L;
  Handle<Vec> u0;
  problem.create_system(comm, L.out(), u0.out());
  problem.initial_state(sample, u0);
  problem.assemble_operator_at(sample, 0.0, u0, L);
  return scale_of_step(problem.time(), 0) * max_diagonal(L);
}

double TimeStepper::stiffness() const { return a_scale_ * max_diagonal(L_); }

double TimeStepper::first_step_stiffness() const {
  if (!sample_ || step_ != 0)
    fail("TimeStepper: first_step_stiffness after a step or before start");
  return scale_of_step(problem_.time(), 0) * max_diagonal(L_);
}

void TimeStepper::forcing(double t, Vec u, Vec f) {
  problem_.assemble_forcing(*sample_, t, u, f);
}

bool TimeStepper::form_next() {
  if (!sample_) fail("TimeStepper: form_next before start");
  const TimeSettings& time = problem_.time();
  const double t_now = time.step_time(step_), t_next = time.step_time(step_ + 1);
  const bool moving = problem_.operator_changes_in_time();
  const TimeScheme scheme = step_ == 0 && time.scheme == TimeScheme::bdf2 ? TimeScheme::be
                                                                          : time.scheme;
  // L^n (for CN's right-hand side) before L is advanced to t_{n+1}.
  if (moving) {
    if (scheme == TimeScheme::cn) SKR_PETSC(MatCopy(L_, L_prev_, SAME_NONZERO_PATTERN));
    predict(guess_); // the state a linearised operator is taken at
    problem_.assemble_operator_at(*sample_, t_next, guess_, L_);
  }
  // A = I + scale L^{n+1}, rewritten only when its values change.
  const double scale = operator_scale();
  const bool changed = moving || scale != a_scale_;
  if (changed) {
    SKR_PETSC(MatCopy(L_, A_, SAME_NONZERO_PATTERN));
    SKR_PETSC(MatScale(A_, scale));
    SKR_PETSC(MatShift(A_, 1.0));
    a_scale_ = scale;
  }
  // f^{n+1} at the extrapolated state (constant forcing: once per trajectory).
  const bool constant_forcing =
      !problem_.forcing_changes_in_time() && !problem_.forcing_depends_on_state();
  if (!constant_forcing || !have_forcing_) {
    predict(guess_);
    forcing(t_next, guess_, f_next_);
    have_forcing_ = constant_forcing;
  }
  // b from the scheme.
  const double dt = time.dt;
  switch (scheme) {
  case TimeScheme::be:
    SKR_PETSC(VecWAXPY(b_, dt, f_next_, u_)); // u^n + dt f^{n+1}
    break;
  case TimeScheme::cn: {
    Mat L_now = moving ? L_prev_.get() : L_.get();
    SKR_PETSC(MatMult(L_now, u_, work_));
    SKR_PETSC(VecWAXPY(b_, -dt / 2, work_, u_)); // (I - dt/2 L^n) u^n
    if (constant_forcing)
      SKR_PETSC(VecAXPY(b_, dt, f_next_));
    else {
      forcing(t_now, u_, f_now_);
      SKR_PETSC(VecAXPBYPCZ(b_, dt / 2, dt / 2, 1.0, f_now_, f_next_));
    }
    break;
  }
  case TimeScheme::bdf2:
    SKR_PETSC(VecWAXPY(b_, -0.25, u_prev_, u_)); // (4 u^n - u^{n-1}) / 4 ...
    SKR_PETSC(VecAXPY(b_, dt / 2, f_next_));
    SKR_PETSC(VecScale(b_, 4.0 / 3)); // ... times 4/3, + 2dt/3 f^{n+1}
    break;
  }
  return changed;
}

void TimeStepper::predict(Vec x) const {
  if (step_ == 0) {
    SKR_PETSC(VecCopy(u_, x));
    return;
  }
  SKR_PETSC(VecWAXPY(x, -1.0, u_prev_, u_)); // u^n - u^{n-1}
  SKR_PETSC(VecAXPY(x, 1.0, u_));
}

void TimeStepper::accept(Vec x) {
  SKR_PETSC(VecCopy(u_, u_prev_));
  SKR_PETSC(VecCopy(x, u_));
  ++step_;
}

} // namespace skr
