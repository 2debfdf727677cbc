#pragma once
// The generic implicit stepper of time-dependent families: from a
// TimeProblem's L(t) and f(t, u) it forms each step's system A u^{n+1} = b
//   backward Euler  (I + dt L^{n+1}) u^{n+1} = u^n + dt f^{n+1}
//   Crank-Nicolson  (I + dt/2 L^{n+1}) u^{n+1} = (I - dt/2 L^n) u^n + dt/2 (f^n + f^{n+1})
//   BDF2            (I + 2dt/3 L^{n+1}) u^{n+1} = 4/3 u^n - 1/3 u^{n-1} + 2dt/3 f^{n+1}
// where f^{n+1} = f(t_{n+1}, 2u^n - u^{n-1}) (u^0 on the first step) and
// f^n = f(t_n, u^n); an operator that moves is L^{n+1} = L(t_{n+1}, u*) at
// the same extrapolated state u* (TimeProblem::assemble_operator_at). BDF2's first step is a backward Euler step: its O(dt^2)
// local error, made once, keeps the global order 2.
//
// A is rewritten only when its values change (a new trajectory, an operator
// that changes in time, BDF2's switch after its first step), so its PETSc
// object state stays put otherwise: a direct solver keeps its factorization,
// and recycling methods their A U, over the steps of a trajectory.
//
// Use:  stepper.start(sample);
//       for (n = 0; n < S; ++n) { stepper.form_next(); stepper.predict(x);
//                                  solve A() x = b(); stepper.accept(x); }
#include "discretize/time_problem.hpp"
#include "util/petsc_handle.hpp"

namespace skr {

// The scale of L in the matrix of step n + 1 (dt, dt/2 or 2dt/3; BDF2's first step is Euler's).
double scale_of_step(const TimeSettings& time, int n);
// sigma = scale max_i L_ii of the first step of `sample`'s trajectory, from
// one operator (no stepper): see TimeStepper::stiffness.
double first_step_stiffness(const TimeProblem& problem, const Sample& sample, MPI_Comm comm);

class TimeStepper {
public:
  TimeStepper(const TimeProblem& problem, MPI_Comm comm);

  // Begins a trajectory of `sample` at t = 0 with u^0 = initial_state.
  void start(const Sample& sample);
  // Forms step n + 1's A() and b(); true when A's values changed (A was rewritten).
  bool form_next();
  // The initial guess of step n + 1: 2 u^n - u^{n-1} (u^n on the first step).
  void predict(Vec x) const;
  // Takes x as u^{n+1} and advances n.
  void accept(Vec x);

  Mat A() const { return A_; }
  Vec b() const { return b_; }
  // How stiff the step last formed is: sigma = c dt max_i L_ii, its matrix
  // being I + sigma times an operator of unit diagonal (what --solver auto's
  // cost model ranks methods by, pipeline/auto_cost_model.hpp).
  double stiffness() const;
  // Right after start(): first_step_stiffness of its sample, from the
  // operator start() assembled (no second system to create and fill).
  double first_step_stiffness() const;
  Vec state() const { return u_; } // u^n
  int step() const { return step_; } // n, the steps done
  double time() const { return problem_.time().step_time(step_); }

private:
  // The scale of L in step n + 1's matrix (dt, dt/2 or 2dt/3).
  double operator_scale() const { return scale_of_step(problem_.time(), step_); }
  // f(t, u) into f_.
  void forcing(double t, Vec u, Vec f);

  const TimeProblem& problem_;
  const Sample* sample_ = nullptr;
  Handle<Mat> L_, L_prev_, A_;
  Handle<Vec> b_, u_, u_prev_, guess_, f_now_, f_next_, work_;
  int step_ = 0;
  double a_scale_ = -1; // the scale A_ holds (-1: none, a new trajectory)
  bool have_forcing_ = false; // f_next_ holds a forcing constant in time and state
};

} // namespace skr
