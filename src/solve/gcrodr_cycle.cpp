// KSPGCRODR solve: restart loop, one GCRO-DR cycle (Arnoldi on (I - C C^T) A
// with Givens least squares) and the solution update.
//
// With A U = C, A V_j = C B_j + V_{j+1} H_j and r = C c + beta v_0, the least
// squares problem decouples: y_V minimizes ||beta e_1 - H_j y_V|| (plain GMRES
// on H_j) and the U part is y_U = c - B_j y_V, so x += U y_U + V_j y_V. The
// initial projection x += U C^T r of the paper is folded into the first cycle.
#include "solve/gcrodr_impl.hpp"

#include <cmath>
#include <cstring>
#include <utility>

namespace skr::gcrodr {

namespace {

// Whether this solve keeps Z = M^-1 U and Zv (the flexible form): right
// preconditioning by a PC other than none, and something to recycle.
PetscErrorCode keeps_z(KSP ksp, bool* keep) {
  PetscBool none = PETSC_FALSE, scale = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(PetscObjectTypeCompare((PetscObject)ksp->pc, PCNONE, &none));
  PetscCall(PCGetDiagonalScale(ksp->pc, &scale));
  *keep =
      data_of(ksp)->k > 0 && ksp->pc_side == PC_RIGHT && !none && !scale && !ksp->transpose_solve;
  PetscFunctionReturn(0);
}

// A new Arnoldi vector whose norm dropped below this fraction of its norm
// before orthogonalization lies in the current space (happy breakdown).
constexpr PetscReal kHappyTol = 1e-14;

// w -= Q h with h = Q^T w over n vectors and *nrm = ||w|| afterwards: blocked
// CGS (one multi-dot sweep and one projection sweep over all of Q, i.e. [C V_j]
// at once, the norm accumulated in the projection sweep) with a refinement pass
// as d->refine says, or MGS. The norm after the first pass decides whether to
// refine, so "ifneeded" costs no extra vector operation. h must not alias d->h2.
PetscErrorCode orthogonalize(Data* d, Vec w, PetscInt n, Vec* q, PetscScalar* h, PetscReal* nrm) {
  PetscScalar* h2 = d->h2.data();

  PetscFunctionBegin;
  if (n > 0 && d->orthog == KSPGCRODR_ORTHOG_CGS && d->petsc_orth) {
    PetscCall(VecMDot(w, n, q, h));
    for (PetscInt i = 0; i < n; ++i) h2[i] = -h[i];
    PetscCall(VecMAXPY(w, n, h2, q));
    PetscCall(VecNorm(w, NORM_2, nrm));
    bool refine = d->refine == KSPGCRODR_REFINE_ALWAYS;
    if (d->refine == KSPGCRODR_REFINE_IFNEEDED) {
      PetscReal hn = 0;
      for (PetscInt i = 0; i < n; ++i) hn += PetscRealPart(h[i] * h[i]);
      refine = !(*nrm * *nrm >= hn);
    }
    if (refine) {
      PetscCall(VecMDot(w, n, q, h2));
      for (PetscInt i = 0; i < n; ++i) {
        h[i] += h2[i];
        h2[i] = -h2[i];
      }
      PetscCall(VecMAXPY(w, n, h2, q));
      PetscCall(VecNorm(w, NORM_2, nrm));
    }
  } else if (n > 0 && d->orthog == KSPGCRODR_ORTHOG_CGS) {
    // The first projection sweep also computes the refinement's dot products
    // h2 = Q^T w (rows still in cache), so a refinement costs one more sweep.
    PetscScalar* hnext = d->refine == KSPGCRODR_REFINE_NEVER ? nullptr : h2;
    PetscCall(multi_dot(d, n, q, 1, &w, h, n));
    PetscCall(project_out(d, w, n, q, h, nrm, hnext));
    bool refine = d->refine == KSPGCRODR_REFINE_ALWAYS;
    if (d->refine == KSPGCRODR_REFINE_IFNEEDED) {
      // ||w_before||^2 = ||h||^2 + ||w_after||^2: refine when the pass removed
      // more than half of the energy, ||w_after|| < ||w_before|| / sqrt(2).
      PetscReal hn = 0;
      for (PetscInt i = 0; i < n; ++i) hn += PetscRealPart(h[i] * h[i]);
      refine = !(*nrm * *nrm >= hn); // NaN refines, the norm below reports it
    }
    if (refine) {
      PetscCall(project_out(d, w, n, q, h2, nrm));
      for (PetscInt i = 0; i < n; ++i) h[i] += h2[i];
    }
  } else {
    for (PetscInt i = 0; i < n; ++i) {
      PetscCall(VecDot(w, q[i], &h[i]));
      PetscCall(VecAXPY(w, -h[i], q[i]));
    }
    PetscCall(VecNorm(w, NORM_2, nrm));
  }
  PetscFunctionReturn(0);
}

// Applies the previous Givens rotations to column j of R, creates rotation j
// and returns the new least-squares residual norm |g_{j+1}|.
PetscReal givens(Data* d, PetscInt j) {
  const PetscInt ld = d->m + 1;
  PetscScalar* col = &d->R[j * ld];
  for (PetscInt i = 0; i < j; ++i) {
    const PetscScalar a = col[i], b = col[i + 1];
    col[i] = d->cs[i] * a + d->sn[i] * b;
    col[i + 1] = -d->sn[i] * a + d->cs[i] * b;
  }
  const PetscScalar a = col[j], b = col[j + 1];
  const PetscReal den = std::hypot(a, b);
  if (den == 0) {
    d->cs[j] = 1;
    d->sn[j] = 0;
  } else {
    d->cs[j] = a / den;
    d->sn[j] = b / den;
  }
  col[j] = den;
  col[j + 1] = 0;
  d->g[j + 1] = -d->sn[j] * d->g[j];
  d->g[j] = d->cs[j] * d->g[j];
  return std::abs(d->g[j + 1]);
}

// x += M^-1 (U y_U + V_j y_V) (right PC; Z y_U + Zv_j y_V when kept) or
// U y_U + V_j y_V (left PC), with y_V the least-squares solution after j
// steps and y_U = c - B y_V.
PetscErrorCode update_solution(KSP ksp, Data* d, PetscInt j) {
  const PetscInt kc = d->kc, ld = d->m + 1, K = d->k;
  PetscScalar* y = d->y.data();
  PetscScalar* yv = y + kc;

  PetscFunctionBegin;
  for (PetscInt i = j - 1; i >= 0; --i) {
    PetscScalar s = d->g[i];
    for (PetscInt l = i + 1; l < j; ++l) s -= d->R[i + l * ld] * yv[l];
    const PetscScalar diag = d->R[i + i * ld];
    yv[i] = diag != 0 ? s / diag : 0; // singular H_j: leave that direction out
  }
  for (PetscInt i = 0; i < kc; ++i) {
    PetscScalar s = d->c[i];
    for (PetscInt l = 0; l < j; ++l) s -= d->B[i + l * K] * yv[l];
    y[i] = s;
  }
  if (kc + j == 0) PetscFunctionReturn(0);
  if (d->keep_z) {
    PetscCall(VecMAXPY(ksp->vec_sol, kc + j, y, join(d->uvlist, d->Z, kc, d->Zv, j)));
    PetscFunctionReturn(0);
  }
  PetscCall(VecSet(d->t, 0));
  PetscCall(VecMAXPY(d->t, kc + j, y, join(d->uvlist, d->U, kc, d->V, j)));
  PetscCall(KSPUnwindPreconditioner(ksp, d->t, d->w1));
  PetscCall(VecAXPY(ksp->vec_sol, 1, d->t));
  PetscFunctionReturn(0);
}

PetscErrorCode set_rnorm(KSP ksp, PetscReal rnorm) {
  PetscFunctionBegin;
  PetscCall(PetscObjectSAWsTakeAccess((PetscObject)ksp));
  ksp->rnorm = rnorm;
  PetscCall(PetscObjectSAWsGrantAccess((PetscObject)ksp));
  PetscCall(KSPLogResidualHistory(ksp, rnorm));
  PetscCall(KSPMonitor(ksp, ksp->its, rnorm));
  PetscFunctionReturn(0);
}

// One cycle from the residual in d->r: m - kc Arnoldi steps (m when no space
// is recycled yet), solution update, then the recycle-space update.
PetscErrorCode cycle(KSP ksp, Data* d) {
  const PetscInt kc = d->kc, ldh = d->m + 1, K = d->k;
  const PetscInt nsteps = d->m - kc;
  PetscReal beta, res = 0;
  PetscInt j = 0;
  bool happy = false;
  Mat A;

  PetscFunctionBegin;
  PetscCall(PCGetOperators(ksp->pc, &A, nullptr));
  // r = C c + beta v_0 with v_0 orthogonal to C.
  PetscCall(orthogonalize(d, d->r, kc, d->C.data(), d->c.data(), &beta));
  KSPCheckNorm(ksp, beta);
  PetscCall(set_rnorm(ksp, beta));
  if (beta == 0) {
    ksp->reason = KSP_CONVERGED_ATOL;
    PetscCall(update_solution(ksp, d, 0));
    PetscFunctionReturn(0);
  }
  PetscCall((*ksp->converged)(ksp, ksp->its, beta, &ksp->reason, ksp->cnvP));
  if (ksp->reason) {
    PetscCall(update_solution(ksp, d, 0));
    PetscFunctionReturn(0);
  }
  std::swap(d->r, d->V[0]); // V[0] is free until the next cycle: no copy
  PetscCall(VecScale(d->V[0], 1 / beta));
  d->g[0] = beta;
  join(d->cvlist, d->C, kc, d->V, nsteps + 1);

  while (j < nsteps && ksp->its < ksp->max_it) {
    Vec w = d->V[j + 1];
    PetscScalar* h = d->h.data();
    PetscReal tt, hh = 0;

    if (d->keep_z) { // w = A M^-1 v_j, keeping M^-1 v_j
      PetscCall(KSP_PCApply(ksp, d->V[j], d->Zv[j]));
      PetscCall(KSP_MatMult(ksp, A, d->Zv[j], w));
    } else {
      PetscCall(KSP_PCApplyBAorAB(ksp, d->V[j], w, d->w1));
    }
    PetscCall(orthogonalize(d, w, kc + j + 1, d->cvlist.data(), h, &tt));
    KSPCheckNorm(ksp, tt);
    for (PetscInt i = 0; i < kc; ++i) d->B[i + j * K] = h[i];
    for (PetscInt i = 0; i <= j; ++i) d->H[i + j * ldh] = d->R[i + j * ldh] = h[kc + i];
    for (PetscInt i = 0; i < kc + j + 1; ++i) hh += h[i] * h[i];
    happy = !(tt > kHappyTol * std::sqrt(hh + tt * tt));
    if (happy)
      tt = 0;
    else
      PetscCall(VecScale(w, 1 / tt));
    d->H[j + 1 + j * ldh] = d->R[j + 1 + j * ldh] = tt;
    res = givens(d, j);
    ++j;
    PetscCall(PetscObjectSAWsTakeAccess((PetscObject)ksp));
    ksp->its++;
    PetscCall(PetscObjectSAWsGrantAccess((PetscObject)ksp));
    PetscCall(set_rnorm(ksp, res));
    PetscCall((*ksp->converged)(ksp, ksp->its, res, &ksp->reason, ksp->cnvP));
    if (ksp->reason || happy) break;
  }
  if (happy && !ksp->reason) {
    // Invariant subspace: exact solution unless H_j is singular.
    ksp->reason = res <= 1e-8 * beta ? KSP_CONVERGED_HAPPY_BREAKDOWN : KSP_DIVERGED_BREAKDOWN;
  }
  PetscCall(update_solution(ksp, d, j));
  // The recycle update costs ~4 k (m+1) vector operations, so it is done
  // after cycles 1, 1 + c, 1 + 2c, ... of a solve (KSPGCRODRSetUpdateEvery).
  // The first cycle is the first look at a new operator: updating after
  // cycles 2, 4, ... instead cost 27% more iterations with Jacobi on sorted
  // Darcy (219.7 against 172.9). An update after the last cycle, which the
  // next solve's first one supersedes, changed iterations by 0-4%.
  const bool due =
      kc == 0 || (d->update_every > 0 ? d->ncycle % d->update_every == 0 : d->ncycle == 0);
  ++d->ncycle;
  if (j > 0 && d->k > 0 && due && !d->frozen) PetscCall(update_recycle_space(ksp, j, happy));
  PetscFunctionReturn(0);
}

} // namespace

PetscErrorCode KSPSolve_GCRODR(KSP ksp) {
  Data* d = data_of(ksp);
  const PetscBool guess_zero = ksp->guess_zero;
  OperatorFingerprint now;

  PetscFunctionBegin;
  PetscCall(ensure_setup(ksp));
  PetscCall(PetscObjectSAWsTakeAccess((PetscObject)ksp));
  ksp->its = 0;
  ksp->reason = KSP_CONVERGED_ITERATING;
  PetscCall(PetscObjectSAWsGrantAccess((PetscObject)ksp));
  d->ncycle = 0;

  PetscCall(fingerprint(ksp, &now));
  PetscCall(keeps_z(ksp, &d->keep_z));
  if (d->keep_z) PetscCall(ensure_z_storage(ksp));
  // Adaptive, a solve without the space: plain GMRES(m), U, C, Z and the
  // fingerprint they were made for left as they are (refreshed when used again).
  d->frozen = d->adaptive && !d->adapt.recycling && d->kc > 0;
  // It also orthogonalizes as PETSc's GMRES does (one classical Gram-Schmidt
  // pass): with ~15-20 iterations per solve, CGS2's third sweep costs as much
  // as a third of the matrix and ILU work.
  const PetscInt kept_kc = d->kc;
  const KSPGCRODRRefine kept_refine = d->refine;
  PetscLogDouble start = 0, end = 0;
  PetscCall(PetscTime(&start));
  if (d->frozen) {
    d->kc = 0;
    d->refine = KSPGCRODR_REFINE_NEVER;
  } else if (d->kc > 0) {
    // With Z kept from the last solve, A Z = C survives any change of the
    // PC's values; a new operator costs the k products C = A Z. A new PC
    // type, or Z not kept last time, rebuilds Z = M^-1 U first.
    const bool z_pairs = d->keep_z && d->z_valid && std::strcmp(now.pc_type, d->fp.pc_type) == 0;
    const bool same_a = now.amat_id == d->fp.amat_id && now.amat_state == d->fp.amat_state;
    if (z_pairs) {
      if (!same_a) PetscCall(refresh_recycle_space(ksp, false));
    } else if (d->keep_z || !(now == d->fp)) {
      PetscCall(refresh_recycle_space(ksp, true));
    }
  }
  if (!d->frozen) {
    d->z_valid = d->keep_z;
    d->fp = now;
  }

  while (!ksp->reason) {
    PetscCall(KSPInitialResidual(ksp, ksp->vec_sol, d->w1, d->w2, d->r, ksp->vec_rhs));
    ksp->guess_zero = PETSC_FALSE; // x holds the iterate from here on
    PetscCall(cycle(ksp, d));
    if (!ksp->reason && ksp->its >= ksp->max_it) ksp->reason = KSP_DIVERGED_ITS;
  }
  ksp->guess_zero = guess_zero;
  if (d->frozen) d->kc = kept_kc, d->refine = kept_refine;
  d->frozen = false;
  PetscCall(PetscTime(&end));
  if (d->adaptive) adaptive_record(d->adapt, end - start);
  PetscFunctionReturn(0);
}

} // namespace skr::gcrodr
