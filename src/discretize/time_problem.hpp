#pragma once
// The interface of a time-dependent PDE family (issue 24, TIME_SPEC.md).
//
// A sample is a whole trajectory: draw(seed) gives its time-invariant random
// inputs as for a steady family (coefficients, initial condition, forcing
// parameters); the family then advances in time. A linear family writes only
// its spatial operator L(t) and its forcing f(t, u) of
//
//     u_t = -L(t) u + f(t, u)          (identity mass: cell-centred FV rows)
//
// and the generic TimeStepper (discretize/time_stepper.hpp) forms every
// step's system A u^{n+1} = b for backward Euler, Crank-Nicolson and BDF2,
// so no family re-implements a scheme. L is treated implicitly; f is
// evaluated at the state extrapolated to its time (so a term that depends on
// u, e.g. diffreact's reaction, is treated explicitly to the scheme's order:
// IMEX Euler, CN with an extrapolated end point, SBDF2).
//
// Families that advance themselves (a spectral Navier-Stokes through FFTW, a
// Newton/SNES Burgers) override advances_itself() and advance(), which
// returns the recorded frames and per-step statistics of one trajectory; the
// pipeline then stores those instead of running the stepper. advance() gets
// the run's KSP (the sequence solver's, recycled space and all): a family
// that solves linear systems inside its steps (burgers2d's Newton
// iterations) solves them with it and names in auto_solver() what
// --solver auto means for it; one that solves none (ns2d) ignores it.
//
// Stored outputs: Problem::outputs(sample, x) of each recorded frame's state,
// concatenated frame-major per field (trajectory_outputs).
#include "discretize/problem.hpp"
#include "discretize/time_settings.hpp"

#include <petscksp.h>
#include <petscvec.h>

#include <optional>
#include <string>
#include <vector>

namespace skr {

// What one step of a self-advancing family reports (one row of /stats/steps).
struct StepRecord {
  int iterations = 0;
  double rel_residual = 0;
  double seconds = 0;
  bool converged = true;
  int reason = 0;
};

// One trajectory of a self-advancing family.
struct TrajectoryResult {
  std::vector<std::vector<double>> frames; // T states (storage order), frame 0 = u^0
  std::vector<StepRecord> steps;           // S steps
};

class TimeProblem : public Problem {
public:
  bool is_time_dependent() const final { return true; }
  // The scheme, dt, final time and recording of this run.
  virtual const TimeSettings& time() const = 0;

  // u^0 of a sample into u (a vector shaped like create_system's b). By
  // default the sample's input field "u0" (storage order); a family with
  // another initial state overrides it (discretize/dmda_grid.hpp's
  // scatter_from_storage fills u from values in storage order).
  virtual void initial_state(const Sample& sample, Vec u) const;

  // False when L does not depend on t: the stepper then assembles it once
  // per trajectory and leaves A untouched between steps, so a direct solver
  // factors once per trajectory and a kept preconditioner stays exact.
  virtual bool operator_changes_in_time() const = 0;
  // f's dependence, so that the stepper evaluates it only when needed: by
  // default f changes in time and not with the state.
  virtual bool forcing_changes_in_time() const { return true; }
  virtual bool forcing_depends_on_state() const { return false; }

  // L(t) into L (the pattern of create_system's A; assembled).
  virtual void assemble_operator(const Sample& sample, double t, Mat L) const = 0;
  // L(t, u): what the stepper calls, with u the state extrapolated to t (u^0
  // at t = 0). By default assemble_operator, independent of u. A family that
  // linearises a term about u (diffreact's --reaction linearized: -J(u) goes
  // into L, f(u) - J(u) u into the forcing) overrides it and returns
  // operator_changes_in_time() true, so that L is rebuilt every step.
  virtual void assemble_operator_at(const Sample& sample, double t, Vec u, Mat L) const {
    (void)u;
    assemble_operator(sample, t, L);
  }
  // f(t, u) into f (shaped like b): the forcing, Dirichlet boundary data
  // moved to the right-hand side, and explicitly treated terms evaluated at
  // u, the state extrapolated to t.
  virtual void assemble_forcing(const Sample& sample, double t, Vec u, Vec f) const = 0;

  // The hook for families that advance themselves (see above).
  virtual bool advances_itself() const { return false; }
  virtual TrajectoryResult advance(const Sample& sample, MPI_Comm comm, KSP ksp) const;
  // The KSP and PC types of --solver auto for a self-advancing family whose
  // steps solve linear systems with advance()'s KSP; none (the default): the
  // family solves no linear system and the KSP goes unused.
  struct KrylovChoice {
    std::string ksp, pc;
  };
  virtual std::optional<KrylovChoice> auto_solver() const { return std::nullopt; }

  // The whole trajectory's /outputs: each field's recorded frames,
  // frame-major (T * points values), from the recorded states, frame-major.
  // A time family's outputs() maps a state point by point, so one call maps
  // all the frames at once (no frame is copied on its way to the writer).
  Fields trajectory_outputs(const Sample& sample, std::vector<double> states) const {
    return outputs(sample, std::move(states));
  }
  // The same from the frames one by one (a self-advancing family's).
  Fields trajectory_outputs(const Sample& sample,
                            const std::vector<std::vector<double>>& frames) const;

  // For tools that see one system per sample (solve, estimate, export-systems,
  // the auto pilot): the first time step's system A u^1 = b.
  void assemble(const Sample& sample, Mat A, Vec b) const override;
};

// A FamilyWith (discretize/problem.hpp) for a time family, whose parameters
// also hold its time settings.
template <class P> class TimeFamilyWith : public FamilyWith<P, TimeProblem> {
public:
  using FamilyWith<P, TimeProblem>::FamilyWith;
  const TimeSettings& time() const override { return this->p_.time; }
};

// The family as a TimeProblem, or nullptr for a steady family.
const TimeProblem* as_time_problem(const Problem& problem);

} // namespace skr
