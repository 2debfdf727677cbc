// burgers2d: viscous Burgers on the unit square, a trajectory per sample (issue 25),
//   u_t + (u . grad) u = nu Laplace u (+ f),   u = (u, v),   u = 0 on the walls,
// implicit in full: backward Euler or BDF2 (its first step backward Euler),
// every step's non-linear system solved by Newton's method through PETSc SNES
// (-snes_* options pass through; PETSc's defaults kept: Jacobian and
// preconditioner every Newton iteration, fixed linear rtol, as measured in
// docs/PERFORMANCE.md). Every Newton iteration's linear system goes to the
// run's KSP (advance()'s ksp; GCRO-DR's recycled space would carry across
// Newton iterations, steps and trajectories; --solver auto: GMRES + ILU), and
// a step's first iterate is the extrapolation 2 u^n - u^{n-1} (u^n at first).
//
// Discretization (src/discretize/burgers_fd.hpp): finite differences on the
// cell-centred grid, u and v interleaved per cell, walls through a mirrored
// ghost; --convection upwind (default: first order, monotone, robust at cell
// Peclet numbers |u| h / nu > 2, e.g. nu = 1e-3 at 256^2) or central (second
// order); the Jacobian is assembled by hand.
//
// Random input: u0 = s B g1, v0 = s B g2, g1 and g2 two GRFs (--ic-alpha,
// --ic-tau), B = 16 x (1 - x) y (1 - y) a bump that vanishes on the walls,
// s = --ic-scale (4: |u0| up to about 1). Not divergence-free (Burgers is
// compressible). Stored: /inputs/{u0,v0} [N, nx, ny], /outputs/{u,v}
// [N, T, nx, ny], /stats/steps (a step's linear iterations over its Newton
// iterations).
//
// --manufactured space | time (verification): no random input; the forcing f
// of the exact solution u = s(t) sin(pi x) sin(2 pi y), v = s(t) sin(2 pi x)
// sin(pi y), with s = 1 + t (space: both schemes are exact in time, the error
// is the discretization's in space) or s = cos(pi t) (time).
//
//   skr-gen generate --problem burgers2d --samples 20 --grid 128 --dt 0.01 --t-final 1
//   skr-gen generate --problem burgers2d --viscosity 1e-3 --grid 256 --time-scheme bdf2
#include "discretize/burgers_fd.hpp"
#include "discretize/discretize_options.hpp"
#include "discretize/dmda_grid.hpp"
#include "discretize/interleaved_fields.hpp"
#include "discretize/time_problem.hpp"
#include "sampling/grf.hpp"
#include "sampling/grf_options.hpp"
#include "util/choice.hpp"
#include "util/error.hpp"
#include "util/petsc_handle.hpp"

#include <petscsnes.h>

#include <array>
#include <chrono>
#include <cmath>
#include <numbers>

namespace skr {

namespace {

constexpr int kFields = 2; // u, v per cell, interleaved
constexpr double pi = std::numbers::pi;

enum class Manufactured { none, space, time };

struct BurgersParameters {
  Grid grid;
  TimeSettings time;
  double viscosity = 1e-2;
  GrfInitialCondition ic;
  BurgersConvection convection = BurgersConvection::upwind;
  Manufactured manufactured = Manufactured::none;
};

// The manufactured solution and its forcing at (x, y, t).
struct Exact {
  Manufactured kind;
  double nu;
  double s(double t) const { return kind == Manufactured::space ? 1 + t : std::cos(pi * t); }
  double ds(double t) const { return kind == Manufactured::space ? 1 : -pi * std::sin(pi * t); }
  std::array<double, 2> velocity(double x, double y, double t) const {
    return {s(t) * std::sin(pi * x) * std::sin(2 * pi * y),
            s(t) * std::sin(2 * pi * x) * std::sin(pi * y)};
  }
  // f = u_t + (u . grad) u - nu Laplace u; Laplace of each component is -5 pi^2 times it.
  std::array<double, 2> forcing(double x, double y, double t) const {
    const auto [u, v] = velocity(x, y, t);
    const double st = s(t), r = ds(t) / st + 5 * pi * pi * nu;
    const double ux = st * pi * std::cos(pi * x) * std::sin(2 * pi * y);
    const double uy = st * 2 * pi * std::sin(pi * x) * std::cos(2 * pi * y);
    const double vx = st * 2 * pi * std::cos(2 * pi * x) * std::sin(pi * y);
    const double vy = st * pi * std::sin(2 * pi * x) * std::cos(pi * y);
    return {r * u + u * ux + v * uy, r * v + u * vx + v * vy};
  }
};

// The options, each read into its member (util/option_table.hpp).
std::vector<OptionRow<BurgersParameters>> burgers2d_options() {
  using P = BurgersParameters;
  return {
      into(&P::grid, BoxGrid{2, 2}),
      into(&P::viscosity, Number{"viscosity", "1e-2", "kinematic viscosity nu (> 0)", 1e-12, 1e12}),
      into(&P::convection,
           Choice<BurgersConvection>{
               "convection",
               "upwind",
               "upwind (first order, monotone) | central (second order; "
               "wiggles once |u| h / nu > 2)",
               {{"upwind", BurgersConvection::upwind}, {"central", BurgersConvection::central}}}),
      into(&P::ic,
           GrfInitialConditionOptions{
               "initial velocity components' ", "2.5", "3", "4",
               "u0, v0 = ic-scale * 16 x(1-x) y(1-y) * GRF (4: |u0| up to about 1)"}),
      into(&P::manufactured,
           Choice<Manufactured>{"manufactured",
                                "none",
                                "verification: none | space (exact solution linear in t) | "
                                "time (cos(pi t)); replaces the random initial velocity and adds "
                                "the exact solution's forcing",
                                {{"none", Manufactured::none},
                                 {"space", Manufactured::space},
                                 {"time", Manufactured::time}}}),
      into(&P::time, TimeOptions{"0.01", "1"}),
      then<P>([](P& p) {
        if (p.time.scheme == TimeScheme::cn)
          fail("burgers2d: --time-scheme must be be or bdf2 (its Newton steps are fully "
               "implicit; cn is for the linear families)");
      })};
}

class Burgers2d final : public TimeFamilyWith<BurgersParameters> {
public:
  explicit Burgers2d(BurgersParameters p)
      : TimeFamilyWith(std::move(p)), grf_(p_.grid.cells, p_.ic.grf) {}

  std::string_view name() const override { return "burgers2d"; }

  Sample draw(std::uint64_t seed) const override {
    Sample sample(seed);
    std::vector<double> u0(p_.grid.points()), v0(p_.grid.points());
    if (p_.manufactured != Manufactured::none) {
      each_cell([&](std::size_t m, double x, double y) {
        const auto velocity = exact().velocity(x, y, 0);
        u0[m] = velocity[0];
        v0[m] = velocity[1];
      });
    } else {
      std::mt19937_64 rng(seed);
      const std::vector<double> g1 = grf_.sample(rng), g2 = grf_.sample(rng);
      each_cell([&](std::size_t m, double x, double y) {
        const double bump = p_.ic.scale * 16 * x * (1 - x) * y * (1 - y);
        u0[m] = bump * g1[m];
        v0[m] = bump * g2[m];
      });
    }
    sample.fields["u0"] = std::move(u0);
    sample.fields["v0"] = std::move(v0);
    return sample;
  }

  void create_system(MPI_Comm comm, Mat* A, Vec* b) const override {
    create_dmda_system(comm, p_.grid, A, b, kFields, true);
  }
  void initial_state(const Sample& sample, Vec u) const override {
    scatter_from_storage(solution({{"u", sample.fields.at("u0")}, {"v", sample.fields.at("v0")}}),
                         u);
  }

  bool advances_itself() const override { return true; }
  // Measured (docs/PERFORMANCE.md): GMRES + ILU; BiCGStab + ILU ties, GCRO-DR's
  // recycled space does not cut iterations here and costs its upkeep.
  std::optional<KrylovChoice> auto_solver() const override { return KrylovChoice{"gmres", "ilu"}; }
  TrajectoryResult advance(const Sample& sample, MPI_Comm comm, KSP ksp) const override;

  Fields outputs(const Sample&, std::vector<double> x) const override {
    return split_interleaved(x, {"u", "v"});
  }
  std::vector<double> solution(const Fields& outputs) const override {
    return interleave(outputs, {"u", "v"});
  }

  // Newton's systems arise inside advance(): the one-system tools are refused by name.
  bool operator_changes_in_time() const override { return true; }
  void assemble_operator(const Sample&, double, Mat) const override { no_system(); }
  void assemble_forcing(const Sample&, double, Vec, Vec) const override { no_system(); }

private:
  Exact exact() const { return Exact{p_.manufactured, p_.viscosity}; }

  template <class Visit> void each_cell(Visit visit) const {
    for (int i = 0; i < p_.grid.cells[0]; ++i)
      for (int j = 0; j < p_.grid.cells[1]; ++j)
        visit(p_.grid.index(i, j), p_.grid.centre(0, i), p_.grid.centre(1, j));
  }

  // f at time t into the state-shaped f (zero unless manufactured).
  void forcing(double t, Vec f) const {
    if (p_.manufactured == Manufactured::none) {
      SKR_PETSC(VecZeroEntries(f));
      return;
    }
    std::vector<double> values(kFields * p_.grid.points());
    each_cell([&](std::size_t m, double x, double y) {
      const auto force = exact().forcing(x, y, t);
      values[kFields * m] = force[0];
      values[kFields * m + 1] = force[1];
    });
    scatter_from_storage(values, f);
  }

  [[noreturn]] static void no_system() {
    fail("burgers2d advances itself (Newton's method through SNES, every Newton iteration a "
         "linear system): it has no single system to solve, export or estimate");
  }

  GaussianRandomField grf_;
};

// The SNES of one trajectory on the run's KSP, which it must not reset:
// the KSP is handed back (a throwaway one takes its place) before the SNES goes.
class NewtonSolver {
public:
  NewtonSolver(MPI_Comm comm, KSP ksp, Mat J, BurgersStep& system, Vec r) {
    SKR_PETSC(SNESCreate(comm, snes_.out()));
    SKR_PETSC(SNESSetKSP(snes_, ksp));
    SKR_PETSC(SNESSetFunction(snes_, r, burgers_residual, &system));
    SKR_PETSC(SNESSetJacobian(snes_, J, J, burgers_jacobian, &system));
    SKR_PETSC(SNESSetFromOptions(snes_));
    SKR_PETSC(KSPSetInitialGuessNonzero(ksp, PETSC_FALSE)); // Newton's correction starts at 0
  }
  ~NewtonSolver() {
    KSP spare = nullptr;
    if (KSPCreate(PetscObjectComm((PetscObject)snes_.get()), &spare) == 0) {
      SNESSetKSP(snes_, spare);
      KSPDestroy(&spare);
    }
  }
  NewtonSolver(const NewtonSolver&) = delete;
  NewtonSolver& operator=(const NewtonSolver&) = delete;

  // Solves from U's value; the step's record.
  StepRecord solve(Vec U) {
    const auto start = std::chrono::steady_clock::now();
    SKR_PETSC(SNESSolve(snes_, nullptr, U));
    StepRecord record;
    SNESConvergedReason reason;
    PetscInt linear = 0;
    SKR_PETSC(SNESGetConvergedReason(snes_, &reason));
    SKR_PETSC(SNESGetLinearSolveIterations(snes_, &linear));
    PetscReal first = 0, last = 0;
    PetscReal* history = nullptr;
    PetscInt entries = 0;
    SKR_PETSC(SNESGetConvergenceHistory(snes_, &history, nullptr, &entries));
    SKR_PETSC(SNESGetFunctionNorm(snes_, &last));
    first = entries > 0 ? history[0] : last;
    record.iterations = int(linear);
    record.rel_residual = first > 0 ? last / first : last;
    record.converged = reason > 0 && std::isfinite(last);
    record.reason = int(reason);
    record.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return record;
  }
  void keep_history() {
    SKR_PETSC(SNESSetConvergenceHistory(snes_, nullptr, nullptr, PETSC_DECIDE, PETSC_TRUE));
  }

private:
  Handle<SNES> snes_;
};

TrajectoryResult Burgers2d::advance(const Sample& sample, MPI_Comm comm, KSP ksp) const {
  if (!ksp) fail("burgers2d: advance() needs the run's KSP for its Newton iterations");
  Handle<Mat> J;
  Handle<Vec> U, previous, older, rhs, r, local;
  create_system(comm, J.out(), U.out());
  for (Vec* v : {previous.out(), older.out(), rhs.out(), r.out()}) SKR_PETSC(VecDuplicate(U, v));
  BurgersStep system;
  system.grid = &p_.grid;
  system.viscosity = p_.viscosity;
  system.convection = p_.convection;
  SKR_PETSC(MatGetDM(J, &system.dm));
  SKR_PETSC(DMCreateLocalVector(system.dm, local.out()));
  system.local = local;
  system.rhs = rhs;
  NewtonSolver newton(comm, ksp, J, system, r);
  newton.keep_history();

  initial_state(sample, previous);
  TrajectoryResult result;
  result.frames.push_back(gather_to_root(previous));
  const TimeSettings& time = p_.time;
  const double dt = time.dt;
  for (int n = 0; n < time.steps; ++n) {
    const bool bdf2 = time.scheme == TimeScheme::bdf2 && n > 0;
    // rhs = history + f(t^{n+1}); U = the extrapolated first iterate.
    forcing(time.step_time(n + 1), rhs);
    system.a0 = bdf2 ? 1.5 / dt : 1 / dt;
    if (bdf2)
      SKR_PETSC(VecAXPBYPCZ(rhs, 2 / dt, -0.5 / dt, 1.0, previous, older));
    else
      SKR_PETSC(VecAXPY(rhs, 1 / dt, previous));
    SKR_PETSC(VecCopy(previous, U));
    if (n > 0) SKR_PETSC(VecAXPBY(U, -1.0, 2.0, older)); // 2 u^n - u^{n-1}
    result.steps.push_back(newton.solve(U));
    if (!result.steps.back().converged) break; // the pipeline pads the frames with NaN
    SKR_PETSC(VecCopy(previous, older));
    SKR_PETSC(VecCopy(U, previous));
    if (time.records(n + 1)) result.frames.push_back(gather_to_root(U));
  }
  return result;
}

} // namespace

ProblemFamily burgers2d_family() {
  return table_family<Burgers2d>(
      burgers2d_options(), "burgers2d",
      "viscous Burgers u_t + (u.grad)u = nu Lap u on the unit square, u = 0 on the walls, GRF "
      "initial velocity; implicit (be | bdf2), Newton through PETSc SNES (-snes_* options), "
      "every Newton iteration's system solved by the run's KSP (--solver auto: GMRES + ILU; "
      "gcrodr recycles across Newton iterations and steps); trajectories of u and v",
      "64", "u0, v0");
}

} // namespace skr
