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

} // namespace

PetscErrorCode KSPSolve_RCG(KSP ksp) {
  Data* d = data_of(ksp);
  Vec x = ksp->vec_sol, b = ksp->vec_rhs;
  Mat Amat, Pmat;
  PetscReal dp = 0;
  PetscScalar rho = 0, rho_new = 0, pAp = 0, a = 0;

  PetscFunctionBegin;
  PetscCheck(ksp->pc_side == PC_LEFT, PetscObjectComm((PetscObject)ksp), PETSC_ERR_SUP,
             "KSPRCG supports left preconditioning only");
  PetscCall(ensure_setup(ksp));
  Vec r = d->r, z = d->z, p = d->p, q = d->q;
  PetscCall(PCGetOperators(ksp->pc, &Amat, &Pmat));
  const KSPNormType nt = ksp->normtype;
  // Collect directions (and update W) while the space grows, then every c-th solve.
  const bool update = d->kc < d->k || d->nsolve % d->update_every == 0;
  const PetscInt s = d->k > 0 && update ? collect_of(d) : 0;
  ++d->nsolve;

  PetscCall(PetscObjectSAWsTakeAccess((PetscObject)ksp));
  ksp->its = 0;
  PetscCall(PetscObjectSAWsGrantAccess((PetscObject)ksp));
  ksp->reason = KSP_CONVERGED_ITERATING;
  d->ns = d->nrho = 0;
  PetscCall(refresh(ksp)); // A W and E^+ for this operator
  const PetscInt nd = d->kt > 0 ? d->kc : 0;

  if (ksp->guess_zero) {
    PetscCall(VecSet(x, 0.0));
    PetscCall(VecCopy(b, r));
  } else {
    PetscCall(KSP_MatMult(ksp, Amat, x, r));
    PetscCall(VecAYPX(r, -1.0, b));
  }
  if (nd > 0) { // x += W E^+ W^T r,  r -= A W E^+ W^T r
    PetscCall(VecMDot(r, nd, d->W.data(), d->g.data()));
    minus_einv(d, nd, d->g.data(), d->mu.data());
    for (PetscInt i = 0; i < nd; ++i) d->mu[i] = -d->mu[i];
    PetscCall(VecMAXPY(x, nd, d->mu.data(), d->W.data()));
    for (PetscInt i = 0; i < nd; ++i) d->mu[i] = -d->mu[i];
    PetscCall(VecMAXPY(r, nd, d->mu.data(), d->AW.data()));
  }
  for (PetscInt i = 0; i < nd; ++i) d->awr[i] = d->AW[i];
  d->awr[nd] = r;

  PetscCall(KSP_PCApply(ksp, r, z));
  PetscCall(VecMDot(z, nd + 1, d->awr.data(), d->g.data()));
  rho = d->g[nd];
  KSPCheckDot(ksp, rho);
  switch (nt) {
  case KSP_NORM_UNPRECONDITIONED:
    PetscCall(VecNorm(r, NORM_2, &dp));
    break;
  case KSP_NORM_PRECONDITIONED:
    PetscCall(VecNorm(z, NORM_2, &dp));
    break;
  case KSP_NORM_NATURAL:
    dp = std::sqrt(std::fabs(PetscRealPart(rho)));
    break;
  default:
    dp = 0;
    break;
  }
  KSPCheckNorm(ksp, dp);
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
  if (PetscRealPart(rho) < 0) {
    ksp->reason = KSP_DIVERGED_INDEFINITE_PC;
    PetscFunctionReturn(0);
  }
  if (rho == 0.0) {
    ksp->reason = KSP_CONVERGED_ATOL;
    PetscFunctionReturn(0);
  }
  if (s > 0) {
    d->rho[0] = rho;
    for (PetscInt l = 0; l < nd; ++l) d->C[l] = d->g[l];
    d->nrho = 1;
  }
  minus_einv(d, nd, d->g.data(), d->mu.data());
  PetscCall(VecCopy(z, p));
  if (nd > 0) PetscCall(VecMAXPY(p, nd, d->mu.data(), d->W.data()));

  // Deflate the directions of the first `dits` steps only (< 0: all); then
  // restart as plain PCG, which costs no dot products or updates with W.
  PetscInt ndi = nd;
  const PetscInt dits = d->deflate_its < 0 ? ksp->max_it : std::max(d->deflate_its, s);
  PetscInt i = 0;
  for (; i < ksp->max_it; ++i) {
    PetscCall(KSP_MatMult(ksp, Amat, p, q));
    PetscCall(VecDot(q, p, &pAp));
    KSPCheckDot(ksp, pAp);
    if (PetscRealPart(pAp) <= 0) { // p^T A p <= 0: A is not positive definite
      ksp->reason = KSP_DIVERGED_INDEFINITE_MAT;
      break;
    }
    a = rho / pAp;
    if (i < s) {
      PetscCall(VecCopy(p, d->P[i]));
      d->alpha[i] = a;
      d->ns = i + 1;
    }
    PetscCall(VecAXPY(x, a, p));
    PetscCall(VecAXPY(r, -a, q));
    if (nt == KSP_NORM_UNPRECONDITIONED) { // test before the PC apply, like KSPCG
      PetscCall(VecNorm(r, NORM_2, &dp));
      KSPCheckNorm(ksp, dp);
      PetscCall(PetscObjectSAWsTakeAccess((PetscObject)ksp));
      ksp->its = i + 1;
      PetscCall(PetscObjectSAWsGrantAccess((PetscObject)ksp));
      PetscCall(test(ksp, i + 1, dp));
      if (ksp->reason) break;
    }
    PetscCall(KSP_PCApply(ksp, r, z));
    if (ndi > 0 || i + 1 <= s) {
      PetscCall(VecMDot(z, nd + 1, d->awr.data(), d->g.data()));
      rho_new = d->g[nd];
    } else
      PetscCall(VecDot(r, z, &rho_new));
    KSPCheckDot(ksp, rho_new);
    if (i + 1 <= s) {
      d->rho[i + 1] = rho_new;
      for (PetscInt l = 0; l < nd; ++l) d->C[l + (i + 1) * (d->k + 1)] = d->g[l];
      d->nrho = i + 2;
    }
    if (nt != KSP_NORM_UNPRECONDITIONED) {
      if (nt == KSP_NORM_PRECONDITIONED)
        PetscCall(VecNorm(z, NORM_2, &dp));
      else if (nt == KSP_NORM_NATURAL)
        dp = std::sqrt(std::fabs(PetscRealPart(rho_new)));
      else
        dp = 0;
      KSPCheckNorm(ksp, dp);
      PetscCall(PetscObjectSAWsTakeAccess((PetscObject)ksp));
      ksp->its = i + 1;
      PetscCall(PetscObjectSAWsGrantAccess((PetscObject)ksp));
      PetscCall(test(ksp, i + 1, dp));
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
    PetscCall(VecAYPX(p, beta, z));
    if (ndi > 0) {
      minus_einv(d, nd, d->g.data(), d->mu.data());
      PetscCall(VecMAXPY(p, nd, d->mu.data(), d->W.data()));
    }
  }
  if (i >= ksp->max_it && !ksp->reason) ksp->reason = KSP_DIVERGED_ITS;
  d->ns = std::min(d->ns, d->nrho - 1);
  if (d->k > 0 && d->ns > 0 && (ksp->reason > 0 || ksp->reason == KSP_DIVERGED_ITS))
    PetscCall(update_space(ksp));
  PetscFunctionReturn(0);
}

} // namespace skr::rcg
