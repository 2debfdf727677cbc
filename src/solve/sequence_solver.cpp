#include "solve/sequence_solver.hpp"

#include "solve/gcrodr.hpp"
#include "solve/multigrid.hpp"
#include "solve/rcg.hpp"
#include "solve/register.hpp"
#include "util/error.hpp"

#include <petsc/private/pcimpl.h>    // pc->setupcalled: a factor package is chosen before set-up
#include <petsc/private/petscimpl.h> // PetscObjectStateGet: has A changed since the last solve

#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>

namespace skr {

po::options_description solver_options() {
  po::options_description desc(
      "Solver options (PETSc options such as -ksp_type or -pc_type override them)");
  const SolverSettings d;
  add_option(desc, "solver", "auto",
             "auto (a pilot picks the fastest of GCRO-DR, GMRES, CG, direct), gcrodr (recycling), "
             "gmres, cg, "
             "or any PETSc KSP type");
  add_option(desc, "pc", d.pc_type,
             "PETSc preconditioner: none, jacobi, bjacobi, sor, asm, ilu, icc, hypre, gamg, lu...");
  add_option(desc, "rtol", fmt::format("{}", d.rtol),
             "relative tolerance on the true residual ||b - Ax|| / ||b||");
  add_option(desc, "max-it", std::to_string(d.max_it), "iteration limit per system");
  add_recycling_options(desc);
  add_option(desc, "warm-start", "auto",
             "start each solve from the previous solution in the sequence: true, false, or "
             "auto (when the operator is the previous one's, i.e. only b changed)");
  add_option(desc, "fallback", d.fallback,
             "on a failed solve: none | reset (recycle space and PC) | direct (reset, then LU)");
  add_option(desc, "pc-reuse", "1",
             "rebuild the preconditioner only every r systems (sorted neighbours are alike)");
  return desc;
}

void add_recycling_options(po::options_description& desc) {
  const SolverSettings d;
  add_option(desc, "restart", std::to_string(d.restart), "cycle length m of gcrodr and gmres");
  add_option(desc, "recycle", std::to_string(d.recycle),
             "dimension k of the recycled subspace: gcrodr's (k < m), and rcg's when given "
             "(rcg's own default is 10)");
}

void read_recycling_options(const po::variables_map& vm, SolverSettings& s) {
  s.restart = get_int_as<int>(vm, "restart", 1);
  s.recycle = get_int_as<int>(vm, "recycle", 0);
  s.recycle_given = !vm["recycle"].defaulted();
  // GCRO-DR (also a candidate of auto) needs k < m; rcg has no cycle length.
  if ((s.ksp_type == KSPGCRODR || s.ksp_type == "auto") && s.recycle >= s.restart)
    fail("--recycle {} must be smaller than --restart {}", s.recycle, s.restart);
}

SolverSettings solver_settings(const po::variables_map& vm) {
  SolverSettings s;
  s.ksp_type = get_string(vm, "solver");
  s.pc_type = get_string(vm, "pc");
  s.rtol = get_double_in(vm, "rtol", 1e-15, 0.5);
  s.max_it = get_int_as<int>(vm, "max-it", 1);
  read_recycling_options(vm, s);
  const std::string warm = get_string(vm, "warm-start");
  if (warm == "auto")
    s.warm_start = WarmStart::automatic;
  else if (const auto on = to_bool(warm))
    s.warm_start = *on ? WarmStart::on : WarmStart::off;
  else
    fail("--warm-start: '{}' is not auto, true or false", warm);
  s.pc_reuse = get_int_as<int>(vm, "pc-reuse", 1);
  s.fallback = get_string(vm, "fallback");
  if (s.fallback != "none" && s.fallback != "reset" && s.fallback != "direct")
    fail("--fallback: '{}' is not none, reset or direct", s.fallback);
  return s;
}

std::string to_text(const SolverSettings& s) {
  return fmt::format("ksp_type={} pc_type={} rtol={:.17g} max_it={} restart={} recycle={} "
                     "recycle_given={} warm_start={} pc_reuse={} adaptive_recycling={} fallback={}",
                     s.ksp_type, s.pc_type, s.rtol, s.max_it, s.restart, s.recycle,
                     int(s.recycle_given), int(s.warm_start), s.pc_reuse,
                     int(s.adaptive_recycling), s.fallback);
}

SolverSettings settings_from_text(const std::string& text) {
  std::map<std::string, std::string> fields;
  std::istringstream words(text);
  for (std::string word; words >> word;) {
    const auto eq = word.find('=');
    if (eq == std::string::npos || !fields.emplace(word.substr(0, eq), word.substr(eq + 1)).second)
      fail("solver settings: '{}' is not one key=value field", word);
  }
  auto take = [&](const char* key) {
    const auto it = fields.find(key);
    if (it == fields.end()) fail("solver settings: no {} in '{}'", key, text);
    std::string value = it->second;
    fields.erase(it);
    return value;
  };
  auto number = [&](const char* key) {
    const std::string value = take(key);
    std::size_t used = 0;
    double v = 0;
    try {
      v = std::stod(value, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != value.size())
      fail("solver settings: {}={} is not a number", key, value);
    return v;
  };
  SolverSettings s;
  s.ksp_type = take("ksp_type");
  s.pc_type = take("pc_type");
  s.rtol = number("rtol");
  s.max_it = int(number("max_it"));
  s.restart = int(number("restart"));
  s.recycle = int(number("recycle"));
  s.recycle_given = number("recycle_given") != 0;
  const int warm = int(number("warm_start"));
  if (warm < int(WarmStart::off) || warm > int(WarmStart::automatic))
    fail("solver settings: warm_start={} is not 0, 1 or 2", warm);
  s.warm_start = WarmStart(warm);
  s.pc_reuse = int(number("pc_reuse"));
  s.adaptive_recycling = number("adaptive_recycling") != 0;
  s.fallback = take("fallback");
  if (!fields.empty()) fail("solver settings: unknown field {}", fields.begin()->first);
  return s;
}

void check_pc_type(const std::string& pc_type) {
  Handle<PC> pc;
  SKR_PETSC(PCCreate(PETSC_COMM_SELF, pc.out()));
  if (PCSetType(pc, pc_type.c_str())) fail("--pc: '{}' is not a PETSc preconditioner", pc_type);
}

std::string warm_start_note(const SequenceSolver& solver) {
  if (!takes_initial_guess(solver.ksp())) return "";
  switch (solver.settings().warm_start) {
  case WarmStart::on:
    return ", warm start";
  case WarmStart::automatic:
    return ", warm start when only b changes";
  case WarmStart::off:
    break;
  }
  return "";
}

namespace {

// PETSc's ILU and ICC factor sequential matrices only; on several ranks
// (--ranks-per-system), block Jacobi (PETSc's parallel default) gives each
// rank's block an ILU instead.
std::string parallel_pc_type(MPI_Comm comm, const std::string& pc_type) {
  int ranks = 1;
  MPI_Comm_size(comm, &ranks);
  if (ranks > 1 && (pc_type == PCILU || pc_type == PCICC)) return PCBJACOBI;
  return pc_type;
}

// PETSc's own factorization is the fastest in 2-D, but in 3-D, where fill-in
// grows as n^(4/3), MUMPS's multifrontal one is ~3x faster (a 32^3 Cholesky:
// 0.67 s against 2.1 s). So a direct solve of a 3-D grid's system uses MUMPS,
// unless the options name a package. Before the PC's first set-up only.
void prefer_mumps_in_3d(KSP ksp, Mat A) {
  PC pc;
  SKR_PETSC(KSPGetPC(ksp, &pc));
  if (pc->setupcalled) return; // every solve after the first stops here
  PetscBool factor = PETSC_FALSE, named = PETSC_FALSE, has_mumps = PETSC_FALSE;
  SKR_PETSC(PetscObjectTypeCompareAny((PetscObject)pc, &factor, PCLU, PCCHOLESKY, ""));
  if (!factor) return;
  const char* prefix = nullptr;
  SKR_PETSC(KSPGetOptionsPrefix(ksp, &prefix));
  SKR_PETSC(PetscOptionsHasName(nullptr, prefix, "-pc_factor_mat_solver_type", &named));
  SKR_PETSC(PetscHasExternalPackage("mumps", &has_mumps));
  DM dm = nullptr;
  SKR_PETSC(MatGetDM(A, &dm));
  PetscInt dim = 0;
  if (dm) SKR_PETSC(DMGetDimension(dm, &dim));
  if (!named && has_mumps && dim == 3) SKR_PETSC(PCFactorSetMatSolverType(pc, MATSOLVERMUMPS));
}

} // namespace

bool takes_initial_guess(KSP ksp) {
  PetscBool preonly = PETSC_FALSE;
  SKR_PETSC(PetscObjectTypeCompareAny((PetscObject)ksp, &preonly, KSPPREONLY, KSPNONE, ""));
  return !preonly;
}

SequenceSolver::SequenceSolver(MPI_Comm comm, const SolverSettings& settings)
    : settings_(settings) {
  register_ksp_types();
  SKR_PETSC(KSPCreate(comm, ksp_.out()));
  configure();
}

void SequenceSolver::configure() {
  KSP ksp = ksp_;
  if (KSPSetType(ksp, settings_.ksp_type.c_str()))
    fail("--solver: '{}' is not a PETSc KSP type", settings_.ksp_type);
  PC pc = nullptr;
  SKR_PETSC(KSPGetPC(ksp, &pc));
  if (PCSetType(pc, parallel_pc_type(PetscObjectComm((PetscObject)ksp), settings_.pc_type).c_str()))
    fail("--pc: '{}' is not a PETSc preconditioner", settings_.pc_type);
  SKR_PETSC(KSPSetTolerances(ksp, settings_.rtol, 0.0, PETSC_DEFAULT, settings_.max_it));
  const std::string& type = settings_.ksp_type;
  // Converge on the unpreconditioned residual, which is what we report.
  if (type == KSPGMRES || type == KSPFGMRES || type == KSPGCRODR || type == KSPGCR ||
      type == KSPBCGS) {
    SKR_PETSC(KSPSetPCSide(ksp, PC_RIGHT));
  }
  if (type != KSPPREONLY) SKR_PETSC(KSPSetNormType(ksp, KSP_NORM_UNPRECONDITIONED));
  // Both are no-ops on other KSP types; GMRES gets the same restart as GCRO-DR.
  SKR_PETSC(KSPGMRESSetRestart(ksp, settings_.restart));
  SKR_PETSC(KSPGCRODRSetRestart(ksp, settings_.restart));
  SKR_PETSC(KSPGCRODRSetRecycle(ksp, settings_.recycle));
  if (settings_.recycle_given) SKR_PETSC(KSPRCGSetRecycle(ksp, settings_.recycle));
  SKR_PETSC(KSPGCRODRSetAdaptive(ksp, settings_.adaptive_recycling ? PETSC_TRUE : PETSC_FALSE));
  SKR_PETSC(KSPSetFromOptions(ksp));
  // PETSc takes -ksp_rtol nan or -ksp_max_it -3 as given; such a solve could
  // never converge.
  PetscReal rtol = 0, abstol = 0, dtol = 0;
  PetscInt max_it = 0;
  SKR_PETSC(KSPGetTolerances(ksp, &rtol, &abstol, &dtol, &max_it));
  if (!(rtol >= 0 && rtol < 1) || !(abstol >= 0) || max_it < 1)
    fail("PETSc options: tolerances rtol {} abstol {} max_it {} are invalid", rtol, abstol, max_it);
}

std::string SequenceSolver::description() const {
  KSPType ksp_type;
  PCType pc_type;
  PC pc;
  SKR_PETSC(KSPGetType(ksp_, &ksp_type));
  SKR_PETSC(KSPGetPC(ksp_, &pc));
  SKR_PETSC(PCGetType(pc, &pc_type));
  return fmt::format("{} + {}", ksp_type ? ksp_type : "?", pc_type ? pc_type : "?");
}

double SequenceSolver::true_residual(Mat A, Vec b, Vec x) {
  if (!residual_.get()) SKR_PETSC(VecDuplicate(b, residual_.out()));
  PetscReal b_norm = 0, r_norm = 0;
  SKR_PETSC(MatMult(A, x, residual_));
  SKR_PETSC(VecAYPX(residual_, -1.0, b));
  SKR_PETSC(VecNorm(residual_, NORM_2, &r_norm));
  SKR_PETSC(VecNorm(b, NORM_2, &b_norm));
  return b_norm > 0 ? r_norm / b_norm : r_norm;
}

SolveStats SequenceSolver::solve(Mat A, Vec b, Vec x) {
  KSP ksp = ksp_;
  SKR_PETSC(KSPSetOperators(ksp, A, A));
  // Keep the previous system's preconditioner for r - 1 of every r systems.
  const bool reuse = settings_.pc_reuse > 1 && solves_ % settings_.pc_reuse != 0;
  SKR_PETSC(KSPSetReusePreconditioner(ksp, reuse ? PETSC_TRUE : PETSC_FALSE));
  ++solves_;
  PetscObjectId id = 0;
  PetscObjectState state = 0;
  SKR_PETSC(PetscObjectGetId((PetscObject)A, &id));
  SKR_PETSC(PetscObjectStateGet((PetscObject)A, &state));
  const bool same_operator = id == last_id_ && state == last_state_;
  last_id_ = id;
  last_state_ = state;
  // Automatic: only when the previous solution beats a zero guess, which an
  // unsorted (or sharded) sequence's far-off neighbour need not do.
  // A direct solve (preonly) takes no initial guess: PETSc refuses one.
  const bool warm = takes_initial_guess(ksp) &&
                    (settings_.warm_start == WarmStart::on ||
                     (settings_.warm_start == WarmStart::automatic && same_operator &&
                      true_residual(A, b, x) < 1));
  SolveStats stats = attempt(ksp, A, b, x, warm);
  if (stats.converged || settings_.fallback == "none") return stats;

  // 1: forget the recycled space, rebuild the preconditioner, start from zero.
  SKR_PETSC(KSPGCRODRReset(ksp));
  SKR_PETSC(KSPRCGReset(ksp)); // no-op unless rcg
  SKR_PETSC(KSPSetReusePreconditioner(ksp, PETSC_FALSE));
  SolveStats retry = attempt(ksp, A, b, x, false);
  retry.fallback = 1;
  if (!retry.converged && settings_.fallback == "direct") {
    const SolveStats before = retry;
    retry = attempt(direct_solver(), A, b, x, false);
    retry.fallback = 2;
    retry.iterations += before.iterations;
    retry.solve_seconds += before.solve_seconds;
  }
  retry.iterations += stats.iterations;
  retry.solve_seconds += stats.solve_seconds;
  return retry;
}

KSP SequenceSolver::direct_solver() {
  if (!direct_.get()) {
    MPI_Comm comm = PetscObjectComm((PetscObject)ksp_.get());
    SKR_PETSC(KSPCreate(comm, direct_.out()));
    SKR_PETSC(KSPSetOptionsPrefix(direct_, "skr_fallback_"));
    SKR_PETSC(KSPSetType(direct_, KSPPREONLY));
    PC pc;
    SKR_PETSC(KSPGetPC(direct_, &pc));
    SKR_PETSC(PCSetType(pc, PCLU));
    SKR_PETSC(KSPSetFromOptions(direct_));
  }
  return direct_;
}

namespace {

PetscErrorCode converged_before_deadline(KSP ksp, PetscInt it, PetscReal rnorm,
                                         KSPConvergedReason* reason, void* context) {
  auto* d = static_cast<SolveDeadline*>(context);
  PetscCall(KSPConvergedDefault(ksp, it, rnorm, reason, d->default_context));
  if (*reason == KSP_CONVERGED_ITERATING && std::isfinite(d->limit) &&
      std::chrono::steady_clock::now() > d->end)
    *reason = KSP_DIVERGED_ITS;
  return 0;
}

PetscErrorCode destroy_default_context(void* context) {
  return KSPConvergedDefaultDestroy(static_cast<SolveDeadline*>(context)->default_context);
}

} // namespace

void SequenceSolver::set_time_limit(double seconds) {
  if (!deadline_) {
    deadline_ = std::make_unique<SolveDeadline>();
    SKR_PETSC(KSPConvergedDefaultCreate(&deadline_->default_context));
    SKR_PETSC(KSPSetConvergenceTest(ksp_, converged_before_deadline, deadline_.get(),
                                    destroy_default_context));
  }
  deadline_->limit = seconds;
}

void SequenceSolver::end_pilot(const SolverSettings& settings) {
  if (deadline_) deadline_->limit = std::numeric_limits<double>::infinity();
  if (settings.max_it != settings_.max_it)
    SKR_PETSC(KSPSetTolerances(ksp_, PETSC_DEFAULT, PETSC_DEFAULT, PETSC_DEFAULT, settings.max_it));
  settings_.max_it = settings.max_it;
  settings_.fallback = settings.fallback;
}

SolveStats SequenceSolver::attempt(KSP ksp, Mat A, Vec b, Vec x, bool nonzero_guess) {
  SolveStats stats;
  SKR_PETSC(KSPSetOperators(ksp, A, A));
  prefer_mumps_in_3d(ksp, A);
  setup_multigrid(ksp, A);
  SKR_PETSC(KSPSetInitialGuessNonzero(ksp, nonzero_guess ? PETSC_TRUE : PETSC_FALSE));
  const auto start = std::chrono::steady_clock::now();
  if (deadline_ && std::isfinite(deadline_->limit))
    deadline_->end = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                 std::chrono::duration<double>(deadline_->limit));
  KSPConvergedReason reason = KSP_CONVERGED_ITERATING;
  PetscReal rtol = 0; // the KSP's own, -ksp_rtol included
  SKR_PETSC(KSPGetTolerances(ksp, &rtol, nullptr, nullptr, nullptr));
  PetscReal pass_rtol = rtol;
  constexpr int kMaxPasses = 3;
  for (int pass = 0; pass < kMaxPasses; ++pass) {
    PetscErrorCode code = KSPSolve(ksp, b, x);
    PetscInt its = 0;
    SKR_PETSC(KSPGetIterationNumber(ksp, &its));
    SKR_PETSC(KSPGetConvergedReason(ksp, &reason));
    stats.iterations += static_cast<int>(its);
    if (code) { // a PETSc error inside the solve (e.g. zero pivot): report, don't abort the run
      reason = KSP_DIVERGED_PC_FAILED;
      stats.rel_residual = std::numeric_limits<double>::infinity();
      break;
    }
    stats.rel_residual = true_residual(A, b, x);
    if (reason <= 0 || !std::isfinite(stats.rel_residual) || stats.rel_residual <= settings_.rtol ||
        !takes_initial_guess(ksp)) // a direct solve cannot be continued from its result
      break;
    // Converged by the KSP's own estimate but not in truth: continue from x,
    // with the KSP's tolerance tightened by the gap between the two (its
    // residual may be another system's, as with PCEISENSTAT's scaled one).
    pass_rtol =
        std::max(pass_rtol * 0.5 * settings_.rtol / stats.rel_residual, PETSC_MACHINE_EPSILON);
    SKR_PETSC(KSPSetTolerances(ksp, pass_rtol, PETSC_DEFAULT, PETSC_DEFAULT, PETSC_DEFAULT));
    SKR_PETSC(KSPSetInitialGuessNonzero(ksp, PETSC_TRUE));
  }
  if (pass_rtol != rtol)
    SKR_PETSC(KSPSetTolerances(ksp, rtol, PETSC_DEFAULT, PETSC_DEFAULT, PETSC_DEFAULT));
  stats.solve_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  stats.reason = static_cast<int>(reason);
  stats.converged =
      reason > 0 && std::isfinite(stats.rel_residual) && stats.rel_residual <= settings_.rtol;
  return stats;
}

} // namespace skr
