// KSPRCG recycled space: A W and the pseudo-inverse of E = W^T A W for the
// current operator, and the end-of-solve Rayleigh-Ritz update of W.
//
// Rayleigh-Ritz for M^-1 A (self-adjoint in the A inner product) on
// S = [W T, P D^-1/2], T = V_+ L_+^-1/2 (E = V L V^T), D = diag(p_j^T A p_j)
// = diag(rho_j / alpha_j): S^T A S = I because the deflated directions are
// A-orthogonal to W and to each other, and F = S^T A M^-1 A S needs only
//   A p_j = (r_j - r_{j+1}) / alpha_j,  M^-1 A p_j = (z_j - z_{j+1}) / alpha_j,
//   r_i^T z_j = delta_ij rho_j,  (A W)^T M^-1 A p_j = (c_j - c_{j+1}) / alpha_j,
// i.e. the recorded CG scalars, plus (A W)^T M^-1 (A W) (kc PC applies).
#include "solve/rcg_impl.hpp"

#include <petscblaslapack.h>

#include <algorithm>
#include <cmath>

namespace skr::rcg {

namespace {

// Symmetric eigen-decomposition of the n x n matrix in a (overwritten by the
// eigenvectors), ascending eigenvalues in w.
PetscErrorCode syev(Data* d, PetscInt n, PetscScalar* a, PetscReal* w, PetscBLASInt* info) {
  PetscBLASInt bn, lwork;

  PetscFunctionBegin;
  PetscCall(PetscBLASIntCast(n, &bn));
  PetscCall(PetscBLASIntCast(static_cast<PetscInt>(d->work.size()), &lwork));
  PetscCall(PetscFPTrapPush(PETSC_FP_TRAP_OFF));
  LAPACKsyev_("V", "U", &bn, a, &bn, w, d->work.data(), &lwork, info);
  PetscCall(PetscFPTrapPop());
  PetscFunctionReturn(0);
}

} // namespace

PetscErrorCode combine(Data* d, PetscInt nx, const Vec* X, const PetscScalar* M, PetscInt ldm,
                       PetscInt ny, Vec* Y) {
  PetscInt n;
  constexpr PetscInt block = 512;

  PetscFunctionBegin;
  if (ny == 0) PetscFunctionReturn(0);
  PetscCall(VecGetLocalSize(Y[0], &n));
  for (PetscInt l = 0; l < nx; ++l) PetscCall(VecGetArrayRead(X[l], &d->xptr[l]));
  for (PetscInt i = 0; i < ny; ++i) PetscCall(VecGetArray(Y[i], &d->yptr[i]));
  for (PetscInt start = 0; start < n; start += block) {
    const PetscInt len = std::min(block, n - start);
    for (PetscInt i = 0; i < ny; ++i) {
      PetscScalar* y = d->yptr[i] + start;
      for (PetscInt t = 0; t < len; ++t) y[t] = 0;
      for (PetscInt l = 0; l < nx; ++l) {
        const PetscScalar m = M[l + i * ldm];
        if (m == 0.0) continue;
        const PetscScalar* x = d->xptr[l] + start;
        for (PetscInt t = 0; t < len; ++t) y[t] += m * x[t];
      }
    }
  }
  for (PetscInt i = 0; i < ny; ++i) PetscCall(VecRestoreArray(Y[i], &d->yptr[i]));
  for (PetscInt l = 0; l < nx; ++l) PetscCall(VecRestoreArrayRead(X[l], &d->xptr[l]));
  PetscCall(PetscLogFlops(2.0 * nx * ny * n));
  PetscFunctionReturn(0);
}

PetscErrorCode refresh(KSP ksp) {
  Data* d = data_of(ksp);
  Mat A;
  PetscObjectId id;
  PetscObjectState state;
  PetscBLASInt info = 0;
  const PetscInt kc = d->kc;

  PetscFunctionBegin;
  if (kc == 0) {
    d->kt = 0;
    PetscFunctionReturn(0);
  }
  PetscCall(PCGetOperators(ksp->pc, &A, nullptr));
  PetscCall(PetscObjectGetId((PetscObject)A, &id));
  PetscCall(PetscObjectStateGet((PetscObject)A, &state));
  if (d->aw_valid && id == d->amat_id && state == d->amat_state) PetscFunctionReturn(0);

  for (PetscInt i = 0; i < kc; ++i) PetscCall(KSP_MatMult(ksp, A, d->W[i], d->AW[i]));
  for (PetscInt i = 0; i < kc; ++i) PetscCall(VecMDot(d->AW[i], i + 1, d->W.data(), &d->E[i * kc]));
  for (PetscInt i = 0; i < kc; ++i) // symmetrize from the upper triangle
    for (PetscInt l = 0; l < i; ++l) d->E[i + l * kc] = d->E[l + i * kc];
  std::copy(d->E.begin(), d->E.begin() + kc * kc, d->T.begin());
  PetscCall(syev(d, kc, d->T.data(), d->evals.data(), &info));
  const PetscReal lmax = d->evals[kc - 1];
  PetscInt first = kc;
  if (info == 0 && std::isfinite(lmax) && lmax > 0)
    for (first = 0; first < kc && !(d->evals[first] > d->droptol * lmax); ++first) {
    }
  d->kt = kc - first;
  // T = V_+ L_+^-1/2, stored as kc x kt (kept eigenvectors are the last kt).
  for (PetscInt j = 0; j < d->kt; ++j) {
    const PetscReal scale = 1.0 / std::sqrt(d->evals[first + j]);
    for (PetscInt l = 0; l < kc; ++l) d->T[l + j * kc] = d->T[l + (first + j) * kc] * scale;
  }
  for (PetscInt i = 0; i < kc; ++i)
    for (PetscInt l = 0; l < kc; ++l) {
      PetscScalar sum = 0;
      for (PetscInt j = 0; j < d->kt; ++j) sum += d->T[l + j * kc] * d->T[i + j * kc];
      d->Einv[l + i * kc] = sum;
    }
  if (d->kt == 0) d->kc = 0; // W carries nothing usable (A W ~ 0 or NaN)
  d->aw_valid = d->kt > 0;
  d->amat_id = id;
  d->amat_state = state;
  PetscFunctionReturn(0);
}

PetscErrorCode update_space(KSP ksp) {
  Data* d = data_of(ksp);
  const PetscInt kc = d->kt > 0 ? d->kc : 0, kt = kc > 0 ? d->kt : 0, ns = d->ns;
  const PetscInt m = kt + ns, ldc = d->k + 1;
  PetscScalar* F = d->F.data();
  PetscScalar* Fw = d->E.data(); // E is not needed any more in this solve
  PetscBLASInt info = 0;

  PetscFunctionBegin;
  if (m == 0 || d->k == 0) PetscFunctionReturn(0);
  // Fw = (A W)^T M^-1 (A W).
  for (PetscInt i = 0; i < kc; ++i) PetscCall(KSP_PCApply(ksp, d->AW[i], d->Z[i]));
  for (PetscInt i = 0; i < kc; ++i) PetscCall(VecMDot(d->Z[i], i + 1, d->AW.data(), &Fw[i * kc]));
  for (PetscInt i = 0; i < kc; ++i)
    for (PetscInt l = 0; l < i; ++l) Fw[i + l * kc] = Fw[l + i * kc];

  std::fill(F, F + m * m, 0.0);
  // W block: T^T Fw T.
  for (PetscInt a = 0; a < kt; ++a)
    for (PetscInt b2 = 0; b2 < kt; ++b2) {
      PetscScalar sum = 0;
      for (PetscInt l = 0; l < kc; ++l)
        for (PetscInt i = 0; i < kc; ++i)
          sum += d->T[l + a * kc] * Fw[l + i * kc] * d->T[i + b2 * kc];
      F[a + b2 * m] = sum;
    }
  std::vector<PetscScalar>& sq = d->ritz; // sqrt(D_j)
  for (PetscInt j = 0; j < ns; ++j) sq[j] = std::sqrt(PetscRealPart(d->rho[j] / d->alpha[j]));
  // Cross block and the tridiagonal P block.
  for (PetscInt j = 0; j < ns; ++j) {
    const PetscScalar* cj = &d->C[j * ldc];
    const PetscScalar* cj1 = &d->C[(j + 1) * ldc];
    for (PetscInt a = 0; a < kt; ++a) {
      PetscScalar sum = 0;
      for (PetscInt l = 0; l < kc; ++l) sum += d->T[l + a * kc] * (cj[l] - cj1[l]);
      const PetscScalar v = sum / (d->alpha[j] * sq[j]);
      F[a + (kt + j) * m] = v;
      F[(kt + j) + a * m] = v;
    }
    const PetscScalar aj = d->alpha[j];
    F[(kt + j) * (m + 1)] = (d->rho[j] + d->rho[j + 1]) / (aj * aj) / (sq[j] * sq[j]);
    if (j + 1 < ns) {
      const PetscScalar v = -d->rho[j + 1] / (aj * d->alpha[j + 1]) / (sq[j] * sq[j + 1]);
      F[(kt + j) + (kt + j + 1) * m] = v;
      F[(kt + j + 1) + (kt + j) * m] = v;
    }
  }
  for (PetscInt i = 0; i < m * m; ++i)
    if (!std::isfinite(F[i])) PetscFunctionReturn(0); // keep the old W
  std::vector<PetscScalar>& coef = d->coef;
  const PetscInt knew = std::min(d->k, m);
  PetscCall(syev(d, m, F, d->evals.data(), &info));
  if (info != 0) PetscFunctionReturn(0);
  // New W_i = W (T Y_top)_i + P (D^-1/2 Y_bot)_i, i < knew (smallest Ritz values).
  for (PetscInt i = 0; i < knew; ++i) {
    for (PetscInt l = 0; l < kc; ++l) {
      PetscScalar sum = 0;
      for (PetscInt a = 0; a < kt; ++a) sum += d->T[l + a * kc] * F[a + i * m];
      coef[l + i * (kc + ns)] = sum;
    }
    for (PetscInt j = 0; j < ns; ++j) coef[kc + j + i * (kc + ns)] = F[kt + j + i * m] / sq[j];
  }
  for (PetscInt l = 0; l < kc; ++l) d->wp[l] = d->W[l];
  for (PetscInt j = 0; j < ns; ++j) d->wp[kc + j] = d->P[j];
  PetscCall(combine(d, kc + ns, d->wp.data(), coef.data(), kc + ns, knew, d->W2.data()));
  std::swap(d->W, d->W2);
  d->kc = knew;
  d->kt = 0;
  d->aw_valid = false;
  PetscFunctionReturn(0);
}

} // namespace skr::rcg
