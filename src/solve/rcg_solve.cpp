// KSPRCG solve: deflated left-preconditioned CG (Saad, Yeung, Erhel,
// Guyomarc'h 2000). With W^T r0 = 0 from the A-orthogonal initial projection,
// every search direction is kept A-orthogonal to W:
//   p_{j+1} = z_{j+1} + beta_j p_j - W E^+ (A W)^T z_{j+1},   E = W^T A W.
// (A W)^T z and r^T z come from one fused VecMDot. The first s steps' alpha,
// rho, (A W)^T z and p are recorded for the Rayleigh-Ritz update of W.
#include "solve/rcg_impl.hpp"

#include <algorithm>
#include <cmath>

namespace skr::rcg {

namespace {

// Residual bookkeeping and the convergence test for iteration `its`.
PetscErrorCode test(KSP ksp, PetscInt its, PetscReal dp) {
  PetscFunctionBegin;
  PetscCall(PetscObjectSAWsTakeAccess((PetscObject)ksp));
  ksp->rnorm = dp;
  PetscCall(PetscObjectSAWsGrantAccess((PetscObject)ksp));
  PetscCall(KSPLogResidualHistory(ksp, dp));
  PetscCall(KSPMonitor(ksp, its, dp));
  PetscCall((*ksp->converged)(ksp, its, dp, &ksp->reason, ksp->cnvP));
  PetscFunctionReturn(0);
}

// mu = -E^+ c (kc x kc dense).
void minus_einv(const Data* d, PetscInt nd, const PetscScalar* c, PetscScalar* mu) {
  for (PetscInt i = 0; i < nd; ++i) {
    PetscScalar s = 0;
    for (PetscInt l = 0; l < nd; ++l) s += d->Einv[i + l * nd] * c[l];
    mu[i] = -s;
  }
}

// Sets ksp->its and runs the convergence test for iteration `its`.
PetscErrorCode test_at(KSP ksp, PetscInt its, PetscReal dp) {
  PetscFunctionBegin;
  PetscCall(PetscObjectSAWsTakeAccess((PetscObject)ksp));
  ksp->its = its;
  PetscCall(PetscObjectSAWsGrantAccess((PetscObject)ksp));
  PetscCall(test(ksp, its, dp));
  PetscFunctionReturn(0);
}

// The residual norm of the KSP's norm type: ||r||, ||z|| = ||M^-1 r|| or
// sqrt(r^T z). A NaN or inf sets ksp->reason (KSPCheckNorm).
PetscErrorCode residual_norm(KSP ksp, Vec r, Vec z, PetscScalar rho, PetscReal* dp) {
  PetscFunctionBegin;
  switch (ksp->normtype) {
  case KSP_NORM_UNPRECONDITIONED:
    PetscCall(VecNorm(r, NORM_2, dp));
    break;
  case KSP_NORM_PRECONDITIONED:
    PetscCall(VecNorm(z, NORM_2, dp));
    break;
  case KSP_NORM_NATURAL:
    *dp = std::sqrt(std::fabs(PetscRealPart(rho)));
    break;
  default:
    *dp = 0;
    break;
  }
  KSPCheckNorm(ksp, *dp);
  PetscFunctionReturn(0);
}

// Starts a solve: s, the number of steps whose directions feed the update of
// W (while W grows, then every c-th solve), A W and E^+ for this operator,
// and nd, the number of deflation vectors.
PetscErrorCode begin_solve(KSP ksp, PetscInt* s, PetscInt* nd) {
  Data* d = data_of(ksp);

  PetscFunctionBegin;
  PetscCheck(ksp->pc_side == PC_LEFT, PetscObjectComm((PetscObject)ksp), PETSC_ERR_SUP,
             "KSPRCG supports left preconditioning only");
  PetscCall(ensure_setup(ksp));
  const bool update = d->kc < d->k || d->nsolve % d->update_every == 0;
  *s = d->k > 0 && update ? collect_of(d) : 0;
  ++d->nsolve;
  PetscCall(PetscObjectSAWsTakeAccess((PetscObject)ksp));
  ksp->its = 0;
  PetscCall(PetscObjectSAWsGrantAccess((PetscObject)ksp));
  ksp->reason = KSP_CONVERGED_ITERATING;
  d->ns = d->nrho = 0;
  PetscCall(refresh(ksp)); // A W and E^+ for this operator
  *nd = d->kt > 0 ? d->kc : 0;
  PetscFunctionReturn(0);
}

// r = b - A x, then the A-orthogonal projection onto W:
// x += W E^+ W^T r, r -= A W E^+ W^T r (so W^T r = 0).
PetscErrorCode project_initial_guess(KSP ksp, Mat A, PetscInt nd) {
  Data* d = data_of(ksp);
  Vec x = ksp->vec_sol, b = ksp->vec_rhs, r = d->r;

  PetscFunctionBegin;
  if (ksp->guess_zero) {
    PetscCall(VecSet(x, 0.0));
    PetscCall(VecCopy(b, r));
  } else {
    PetscCall(KSP_MatMult(ksp, A, x, r));
    PetscCall(VecAYPX(r, -1.0, b));
  }
  if (nd > 0) {
    PetscCall(VecMDot(r, nd, d->W.data(), d->g.data()));
    minus_einv(d, nd, d->g.data(), d->mu.data());
    for (PetscInt i = 0; i < nd; ++i) d->mu[i] = -d->mu[i];
    PetscCall(VecMAXPY(x, nd, d->mu.data(), d->W.data()));
    for (PetscInt i = 0; i < nd; ++i) d->mu[i] = -d->mu[i];
    PetscCall(VecMAXPY(r, nd, d->mu.data(), d->AW.data()));
  }
  for (PetscInt i = 0; i < nd; ++i) d->awr[i] = d->AW[i];
  d->awr[nd] = r;
  PetscFunctionReturn(0);
}

// z = M^-1 r, rho = r^T z and (A W)^T z (one fused VecMDot into g), the
// initial convergence test, and the first direction p = z - W E^+ (A W)^T z.
// Sets ksp->reason when the solve ends here.
PetscErrorCode first_direction(KSP ksp, PetscInt nd, PetscInt s, PetscScalar* rho) {
  Data* d = data_of(ksp);
  Vec r = d->r, z = d->z, p = d->p;
  PetscReal dp = 0;

  PetscFunctionBegin;
  PetscCall(KSP_PCApply(ksp, r, z));
  PetscCall(VecMDot(z, nd + 1, d->awr.data(), d->g.data()));
  *rho = d->g[nd];
  KSPCheckDot(ksp, *rho);
  PetscCall(residual_norm(ksp, r, z, *rho, &dp));
  if (ksp->reason) PetscFunctionReturn(0);
  {
    // After the projection the residual is that of a nonzero guess: let the
    // default test measure rtol against ||b|| (or ||M^-1 b||), not ||r0||.
    const PetscBool gz = ksp->guess_zero;
    if (nd > 0) ksp->guess_zero = PETSC_FALSE;
    PetscErrorCode ierr = test(ksp, 0, dp);
    ksp->guess_zero = gz;
    PetscCall(ierr);
  }
  if (ksp->reason) PetscFunctionReturn(0);
  if (PetscRealPart(*rho) < 0) {
    ksp->reason = KSP_DIVERGED_INDEFINITE_PC;
    PetscFunctionReturn(0);
  }
  if (*rho == 0.0) {
    ksp->reason = KSP_CONVERGED_ATOL;
    PetscFunctionReturn(0);
  }
  if (s > 0) {
    d->rho[0] = *rho;
    for (PetscInt l = 0; l < nd; ++l) d->C[l] = d->g[l];
    d->nrho = 1;
  }
  minus_einv(d, nd, d->g.data(), d->mu.data());
  PetscCall(VecCopy(z, p));
  if (nd > 0) PetscCall(VecMAXPY(p, nd, d->mu.data(), d->W.data()));
  PetscFunctionReturn(0);
}

// Step i along p: x += a p, r -= a A p with a = rho / p^T A p; the first s
// steps' p and a are recorded for the update of W.
PetscErrorCode step(KSP ksp, Mat A, PetscInt i, PetscInt s, PetscScalar rho) {
  Data* d = data_of(ksp);
  PetscScalar pAp = 0;

  PetscFunctionBegin;
  PetscCall(KSP_MatMult(ksp, A, d->p, d->q));
  PetscCall(VecDot(d->q, d->p, &pAp));
  KSPCheckDot(ksp, pAp);
  if (PetscRealPart(pAp) <= 0) { // p^T A p <= 0: A is not positive definite
    ksp->reason = KSP_DIVERGED_INDEFINITE_MAT;
    PetscFunctionReturn(0);
  }
  const PetscScalar a = rho / pAp;
  if (i < s) {
    PetscCall(VecCopy(d->p, d->P[i]));
    d->alpha[i] = a;
    d->ns = i + 1;
  }
  PetscCall(VecAXPY(ksp->vec_sol, a, d->p));
  PetscCall(VecAXPY(d->r, -a, d->q));
  PetscFunctionReturn(0);
}

// z = M^-1 r and rho_new = r^T z, with (A W)^T z in the same fused VecMDot
// while the directions are deflated or recorded (the first s steps).
PetscErrorCode precondition(KSP ksp, PetscInt i, PetscInt nd, bool deflated, PetscInt s,
                            PetscScalar* rho_new) {
  Data* d = data_of(ksp);

  PetscFunctionBegin;
  PetscCall(KSP_PCApply(ksp, d->r, d->z));
  if (deflated || i + 1 <= s) {
    PetscCall(VecMDot(d->z, nd + 1, d->awr.data(), d->g.data()));
    *rho_new = d->g[nd];
  } else
    PetscCall(VecDot(d->r, d->z, rho_new));
  KSPCheckDot(ksp, *rho_new);
  if (i + 1 <= s) {
    d->rho[i + 1] = *rho_new;
    for (PetscInt l = 0; l < nd; ++l) d->C[l + (i + 1) * (d->k + 1)] = d->g[l];
    d->nrho = i + 2;
  }
  PetscFunctionReturn(0);
}

// CG iterations from the first direction until ksp->reason is set (or
// max_it): the directions of the first `dits` steps are deflated, later
// steps are plain PCG (no dot products or updates with W).
PetscErrorCode iterate(KSP ksp, Mat A, PetscInt nd, PetscInt s, PetscScalar rho) {
  Data* d = data_of(ksp);
  const KSPNormType nt = ksp->normtype;
  PetscReal dp = 0;

  PetscFunctionBegin;
  PetscInt ndi = nd;
  const PetscInt dits = d->deflate_its < 0 ? ksp->max_it : std::max(d->deflate_its, s);
  for (PetscInt i = 0; i < ksp->max_it; ++i) {
    PetscCall(step(ksp, A, i, s, rho));
    if (ksp->reason) break;
    if (nt == KSP_NORM_UNPRECONDITIONED) { // test before the PC apply, like KSPCG
      PetscCall(residual_norm(ksp, d->r, d->z, 0, &dp));
      if (ksp->reason) break;
      PetscCall(test_at(ksp, i + 1, dp));
      if (ksp->reason) break;
    }
    PetscScalar rho_new = 0;
    PetscCall(precondition(ksp, i, nd, ndi > 0, s, &rho_new));
    if (ksp->reason) break;
    if (nt != KSP_NORM_UNPRECONDITIONED) {
      PetscCall(residual_norm(ksp, d->r, d->z, rho_new, &dp));
      if (ksp->reason) break;
      PetscCall(test_at(ksp, i + 1, dp));
      if (ksp->reason) break;
    }
    if (PetscRealPart(rho_new) < 0) {
      ksp->reason = KSP_DIVERGED_INDEFINITE_PC;
      break;
    }
    if (rho_new == 0.0) { // exact (happy) breakdown: r = 0
      ksp->reason = KSP_CONVERGED_ATOL;
      break;
    }
    PetscScalar beta = rho_new / rho;
    rho = rho_new;
    if (ndi > 0 && i + 1 >= dits) {
      ndi = 0;
      beta = 0; // restart: p = z
    }
    PetscCall(VecAYPX(d->p, beta, d->z));
    if (ndi > 0) {
      minus_einv(d, nd, d->g.data(), d->mu.data());
      PetscCall(VecMAXPY(d->p, nd, d->mu.data(), d->W.data()));
    }
  }
  if (!ksp->reason) ksp->reason = KSP_DIVERGED_ITS;
  PetscFunctionReturn(0);
}

// NaN or inf in a norm or dot product (KSPCheckNorm, KSPCheckDot).
bool broke_down(KSP ksp) {
  return ksp->reason == KSP_DIVERGED_NANORINF || ksp->reason == KSP_DIVERGED_PC_FAILED;
}

} // namespace

// Begin -> project the initial guess onto W -> first direction -> iterate ->
// update W from the recorded directions.
PetscErrorCode KSPSolve_RCG(KSP ksp) {
  Data* d = data_of(ksp);
  Mat A, P;
  PetscInt s = 0, nd = 0;
  PetscScalar rho = 0;

  PetscFunctionBegin;
  PetscCall(begin_solve(ksp, &s, &nd));
  PetscCall(PCGetOperators(ksp->pc, &A, &P));
  PetscCall(project_initial_guess(ksp, A, nd));
  PetscCall(first_direction(ksp, nd, s, &rho));
  if (ksp->reason) PetscFunctionReturn(0);
  PetscCall(iterate(ksp, A, nd, s, rho));
  if (broke_down(ksp)) PetscFunctionReturn(0);
  d->ns = std::min(d->ns, d->nrho - 1);
  if (d->k > 0 && d->ns > 0 && (ksp->reason > 0 || ksp->reason == KSP_DIVERGED_ITS))
    PetscCall(update_space(ksp));
  PetscFunctionReturn(0);
}

} // namespace skr::rcg
