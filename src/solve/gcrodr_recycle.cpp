// KSPGCRODR recycle space: rebuilding C = A U after an operator change, and
// the end-of-cycle update from the generalized harmonic Ritz problem
//   G^T G z = theta G^T (Vhat^T What) z        (Parks et al. 2006, sec. 2.4)
// with What = [U D, V_j], Vhat = [C, V_{j+1}], G = [[D, B], [0, Hbar]],
// D = diag(1/||u_i||). The first cycle (no U) is the GMRES-DR special case.
#include "solve/gcrodr_impl.hpp"

#include <petscblaslapack.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace skr::gcrodr {

namespace {

// A column keeping less than this fraction of its norm after orthogonalization
// against the kept ones is numerically dependent and dropped.
constexpr PetscReal kDropTol = 1e-10;
// ... and so is one far below the largest kept diagonal (never divide by ~0).
constexpr PetscReal kDropTolMax = 1e-14;

bool dependent(PetscReal rii, PetscReal n0, PetscReal maxdiag) {
  return !(rii > kDropTol * n0) || !(rii > kDropTolMax * maxdiag) || !std::isfinite(rii);
}

// Selects harmonic Ritz vectors (VR, magnitudes |theta| in mag, complex pairs
// flagged by alphai) into P (p x nsel, ld p): real eigenvectors as they are,
// complex pairs as real and imaginary part, a pair never split.
PetscInt select_vectors(Data* d, PetscInt p) {
  PetscInt ngroups = 0, nsel = 0;
  for (PetscInt i = 0; i < p; ++i) {
    d->order[ngroups++] = i;
    if (d->alphai[i] != 0 && i + 1 < p) ++i; // conjugate partner follows
  }
  const bool smallest = d->target == KSPGCRODR_TARGET_SMALLEST;
  std::sort(d->order.begin(), d->order.begin() + ngroups, [&](PetscInt a, PetscInt b) {
    const PetscReal ma = d->mag[a], mb = d->mag[b];
    if (!std::isfinite(ma) || !std::isfinite(mb)) return std::isfinite(ma) && !std::isfinite(mb);
    return smallest ? ma < mb : ma > mb;
  });
  for (PetscInt gi = 0; gi < ngroups && nsel < d->k; ++gi) {
    const PetscInt i = d->order[gi];
    if (!std::isfinite(d->mag[i])) break;
    const bool pair = d->alphai[i] != 0 && i + 1 < p;
    if (nsel + (pair ? 2 : 1) > d->k) continue; // try a smaller group instead
    for (PetscInt s = 0; s < (pair ? 2 : 1); ++s, ++nsel)
      std::copy_n(&d->VR[(i + s) * p], p, &d->P[nsel * p]);
  }
  return nsel;
}

// A G whose triangular factor has a diagonal entry below this fraction of
// the largest is too close to rank deficient for the standard form below.
constexpr PetscReal kStandardFormTol = 1e-10;

// |theta| = |alpha / beta|, infinite for beta = 0 or a NaN.
PetscReal magnitude(PetscReal alpha_re, PetscReal alpha_im, PetscReal beta) {
  const PetscReal m = std::abs(beta) > 0 ? std::hypot(alpha_re, alpha_im) / std::abs(beta)
                                         : std::numeric_limits<PetscReal>::infinity();
  return std::isfinite(m) ? m : std::numeric_limits<PetscReal>::infinity();
}

// The harmonic Ritz problem G^T G z = theta G^T W z in standard form: with
// G = Q R (R invertible), it is M y = mu y for M = Q^T W R^-1, mu = 1 / theta
// and z = R^-1 y. One QR and LAPACK's dgeev (Hessenberg QR) cost ~0.6x the
// QZ iteration of dggev on the 40 x 40 problem, and the wanted eigenvalues
// (smallest |theta|) are M's dominant ones, which dgeev gets to full
// accuracy. Overwrites W. False, with nothing computed, when R is too close
// to singular (or G not finite); *info is dgeev's status.
bool harmonic_ritz_standard(Data* d, PetscBLASInt rows, PetscBLASInt p, PetscBLASInt lwork,
                            PetscBLASInt* info) {
  const PetscScalar unit = 1;
  PetscScalar dummy = 0;
  PetscBLASInt one = 1, m = rows, n = p, lw = lwork;
  PetscScalar* R = d->Gqr.data();
  std::copy_n(d->G.data(), rows * p, R);
  LAPACKgeqrf_(&m, &n, R, &m, d->tau.data(), d->work.data(), &lw, info);
  PetscReal dmin = PETSC_MAX_REAL, dmax = 0;
  for (PetscBLASInt i = 0; i < p; ++i) {
    dmin = std::min(dmin, std::abs(R[i + i * rows]));
    dmax = std::max(dmax, std::abs(R[i + i * rows]));
  }
  if (*info != 0 || !(dmin > kStandardFormTol * dmax) || !std::isfinite(dmax)) return false;
  LAPACKormqr_("L", "T", &m, &n, &n, R, &m, d->tau.data(), d->W.data(), &m, d->work.data(), &lw,
               info);
  BLAStrsm_("R", "U", "N", "N", &n, &n, &unit, R, &m, d->W.data(), &m); // Q^T W R^-1, top p rows
  LAPACKgeev_("N", "V", &n, d->W.data(), &m, d->alphar.data(), d->alphai.data(), &dummy, &one,
              d->VR.data(), &n, d->work.data(), &lw, info);
  if (*info != 0) return true;
  BLAStrsm_("L", "U", "N", "N", &n, &n, &unit, R, &m, d->VR.data(), &n); // z = R^-1 y
  for (PetscBLASInt i = 0; i < p; ++i)                                   // |theta| = 1 / |mu|
    d->mag[i] = magnitude(1, 0, std::hypot(d->alphar[i], d->alphai[i]));
  return true;
}

// The same problem as a generalized one (LAPACK's QZ): the fallback for a
// nearly rank-deficient G. *info is dggev's status.
void harmonic_ritz_qz(Data* d, PetscBLASInt rows, PetscBLASInt p, PetscBLASInt lwork,
                      PetscBLASInt* info) {
  const PetscScalar zero = 0, unit = 1;
  PetscScalar dummy = 0;
  PetscBLASInt one = 1;
  BLASgemm_("T", "N", &p, &p, &rows, &unit, d->G.data(), &rows, d->G.data(), &rows, &zero,
            d->Ae.data(), &p);
  BLASgemm_("T", "N", &p, &p, &rows, &unit, d->G.data(), &rows, d->W.data(), &rows, &zero,
            d->Be.data(), &p);
  dggev_("N", "V", &p, d->Ae.data(), &p, d->Be.data(), &p, d->alphar.data(), d->alphai.data(),
         d->beta.data(), &dummy, &one, d->VR.data(), &p, d->work.data(), &lwork, info);
  for (PetscBLASInt i = 0; i < p; ++i)
    d->mag[i] = magnitude(d->alphar[i], d->alphai[i], d->beta[i]);
}

// In-place modified Gram-Schmidt (twice) of the columns of GP (rows x n, ld
// rows) into Q (ld rows) and R (ld k+1), dropping dependent columns; keep[]
// records which columns survive. Returns the rank r.
PetscInt dense_qr(Data* d, PetscInt rows, PetscInt n) {
  const PetscInt ldr = d->k + 1;
  PetscInt r = 0;
  PetscReal maxdiag = 0;
  for (PetscInt i = 0; i < n; ++i) {
    PetscScalar* q = &d->Q[r * rows];
    PetscScalar* rc = &d->Rq[r * ldr];
    std::copy_n(&d->GP[i * rows], rows, q);
    std::fill_n(rc, ldr, 0.0);
    PetscReal n0 = 0;
    for (PetscInt l = 0; l < rows; ++l) n0 += q[l] * q[l];
    n0 = std::sqrt(n0);
    for (int pass = 0; pass < 2; ++pass)
      for (PetscInt l = 0; l < r; ++l) {
        const PetscScalar* ql = &d->Q[l * rows];
        PetscScalar s = 0;
        for (PetscInt e = 0; e < rows; ++e) s += ql[e] * q[e];
        for (PetscInt e = 0; e < rows; ++e) q[e] -= s * ql[e];
        rc[l] += s;
      }
    PetscReal nrm = 0;
    for (PetscInt l = 0; l < rows; ++l) nrm += q[l] * q[l];
    nrm = std::sqrt(nrm);
    if (dependent(nrm, n0, maxdiag)) continue;
    for (PetscInt l = 0; l < rows; ++l) q[l] /= nrm;
    rc[r] = nrm;
    maxdiag = std::max(maxdiag, nrm);
    d->keep[r++] = i;
  }
  return r;
}

} // namespace

namespace {

// CholQR needs cond(C) well below 1/sqrt(eps); beyond that (or on a rank
// deficient or NaN C) the column-wise CGS2 below takes over.
constexpr PetscReal kCholQRMinRatio = 1e-5;
// One CholQR pass leaves ||Q^T Q - I|| ~ cond(C)^2 eps. Up to this cond the
// second pass is skipped: the usual case, since C = A U was orthonormal for
// the previous operator and sorted neighbours' operators are alike.
constexpr PetscReal kOnePassCond = 100;

// ||R||_1 ||R^-1||_1 for the kc x kc upper triangular R and its inverse.
PetscReal condition_1(const PetscScalar* R, const PetscScalar* Ri, PetscInt kc) {
  PetscReal nr = 0, ni = 0;
  for (PetscInt j = 0; j < kc; ++j) {
    PetscReal cr = 0, ci = 0;
    for (PetscInt i = 0; i <= j; ++i) {
      cr += std::abs(R[i + j * kc]);
      ci += std::abs(Ri[i + j * kc]);
    }
    nr = std::max(nr, cr);
    ni = std::max(ni, ci);
  }
  return nr * ni;
}

// One Cholesky-QR pass on the kc columns of C, with U (and Z) following so
// that C = A U stays exact: G = C^T C = R^T R, C := C R^-1, U := U R^-1
// (blocked combines instead of k^2 / 2 vector pairs). False (nothing
// changed) when G is not safely positive definite; *cond = cond_1(R).
PetscErrorCode cholqr_pass(Data* d, bool* ok, PetscReal* cond) {
  const PetscInt kc = d->kc;
  PetscBLASInt n, info = 0;
  const PetscScalar one = 1;
  PetscScalar* R = d->CUn.data(); // kc x kc, ld kc
  PetscScalar* Ri = d->Rq.data(); // R^-1, kc x kc, ld kc

  PetscFunctionBegin;
  *ok = false;
  PetscCall(PetscBLASIntCast(kc, &n));
  PetscCall(multi_dot(d, kc, d->C.data(), kc, d->C.data(), R, kc));
  PetscCall(PetscFPTrapPush(PETSC_FP_TRAP_OFF));
  LAPACKpotrf_("U", &n, R, &n, &info);
  PetscCall(PetscFPTrapPop());
  if (info != 0) PetscFunctionReturn(0);
  PetscReal dmin = PETSC_MAX_REAL, dmax = 0;
  for (PetscInt i = 0; i < kc; ++i) {
    dmin = std::min(dmin, std::abs(R[i + i * kc]));
    dmax = std::max(dmax, std::abs(R[i + i * kc]));
  }
  if (!(dmin > kCholQRMinRatio * dmax) || !std::isfinite(dmax)) PetscFunctionReturn(0);
  std::fill_n(Ri, kc * kc, 0.0);
  for (PetscInt i = 0; i < kc; ++i) Ri[i + i * kc] = 1;
  BLAStrsm_("L", "U", "N", "N", &n, &n, &one, R, &n, Ri, &n); // R^-1 is upper triangular
  *cond = condition_1(R, Ri, kc);
  PetscCall(multi_combine(d, kc, d->C.data(), Ri, kc, kc, d->C2.data()));
  PetscCall(multi_combine(d, kc, d->U.data(), Ri, kc, kc, d->U2.data()));
  if (d->keep_z) PetscCall(multi_combine(d, kc, d->Z.data(), Ri, kc, kc, d->Z2.data()));
  for (PetscInt i = 0; i < kc; ++i) {
    std::swap(d->C[i], d->C2[i]);
    std::swap(d->U[i], d->U2[i]);
    if (d->keep_z) std::swap(d->Z[i], d->Z2[i]);
  }
  *ok = true;
  PetscFunctionReturn(0);
}

// Column-wise CGS2 of C (U following), dropping dependent columns: the
// fallback for a C that CholQR cannot handle.
PetscErrorCode cgs2_with_drop(KSP ksp, Data* d) {
  PetscScalar* h = d->h.data();
  PetscInt r = 0;
  PetscReal maxdiag = 0;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < d->kc; ++i) {
    PetscReal n0, nrm;
    PetscCall(VecNorm(d->C[i], NORM_2, &n0));
    nrm = n0;
    for (int pass = 0; pass < 2 && r > 0; ++pass) {
      PetscReal unused;
      PetscCall(multi_dot(d, r, d->C.data(), 1, &d->C[i], h, r));
      PetscCall(project_out(d, d->C[i], r, d->C.data(), h, &nrm));
      PetscCall(project_out(d, d->U[i], r, d->U.data(), h, &unused));
      if (d->keep_z) PetscCall(project_out(d, d->Z[i], r, d->Z.data(), h, &unused));
    }
    if (!std::isfinite(n0)) {
      r = 0; // a NaN operator: forget the space, the cycle reports the NaN
      break;
    }
    if (dependent(nrm, n0, maxdiag)) continue;
    PetscCall(VecScale(d->C[i], 1 / nrm));
    PetscCall(VecScale(d->U[i], 1 / nrm));
    if (d->keep_z) PetscCall(VecScale(d->Z[i], 1 / nrm));
    maxdiag = std::max(maxdiag, nrm);
    std::swap(d->C[r], d->C[i]);
    std::swap(d->U[r], d->U[i]);
    if (d->keep_z) std::swap(d->Z[r], d->Z[i]);
    ++r;
  }
  if (r < d->kc)
    PetscCall(PetscInfo(ksp, "GCRO-DR: dropped %d dependent columns of A U\n", (int)(d->kc - r)));
  d->kc = r;
  PetscFunctionReturn(0);
}

} // namespace

PetscBLASInt harmonic_ritz(Data* d, PetscInt rows, PetscInt p, bool force_qz, bool* standard) {
  PetscBLASInt brows = static_cast<PetscBLASInt>(rows), bp = static_cast<PetscBLASInt>(p), info = 0;
  const auto lwork = static_cast<PetscBLASInt>(d->work.size());
  *standard = !force_qz && harmonic_ritz_standard(d, brows, bp, lwork, &info);
  if (!*standard) harmonic_ritz_qz(d, brows, bp, lwork, &info);
  return info;
}

PetscErrorCode refresh_recycle_space(KSP ksp, bool apply_pc) {
  Data* d = data_of(ksp);
  const PetscInt K = d->k;
  bool ok = d->kc > 0;
  Mat A;

  PetscFunctionBegin;
  PetscCall(PCGetOperators(ksp->pc, &A, nullptr));
  for (PetscInt i = 0; i < d->kc; ++i) {
    if (!d->keep_z) {
      PetscCall(KSP_PCApplyBAorAB(ksp, d->U[i], d->C[i], d->w1));
      continue;
    }
    if (apply_pc) PetscCall(KSP_PCApply(ksp, d->U[i], d->Z[i]));
    PetscCall(KSP_MatMult(ksp, A, d->Z[i], d->C[i]));
  }
  // CholQR, and a second pass (CholQR2, orthogonal to working accuracy)
  // unless C was well conditioned.
  PetscReal cond = 0;
  if (ok) PetscCall(cholqr_pass(d, &ok, &cond));
  if (ok && cond > kOnePassCond) PetscCall(cholqr_pass(d, &ok, &cond));
  if (!ok) PetscCall(cgs2_with_drop(ksp, d));
  PetscCall(multi_dot(d, d->kc, d->C.data(), d->kc, d->U.data(), d->CU.data(), K));
  for (PetscInt i = 0; i < d->kc; ++i) PetscCall(VecNorm(d->U[i], NORM_2, &d->unorm[i]));
  PetscFunctionReturn(0);
}

PetscErrorCode update_recycle_space(KSP ksp, PetscInt j, bool happy) {
  Data* d = data_of(ksp);
  const PetscInt kc = d->kc, K = d->k, ldh = d->m + 1;
  const PetscInt p = kc + j, rows = p + 1;
  const PetscInt nv = happy ? j : j + 1; // valid Arnoldi vectors V_0..V_{nv-1}
  PetscBLASInt bp, brows, bn, br, info = 0;
  const PetscScalar zero = 0, unit = 1;

  PetscFunctionBegin;
  // V^T U (rows beyond nv are zero).
  PetscCall(multi_dot(d, nv, d->V.data(), kc, d->U.data(), d->VU.data(), ldh));
  for (PetscInt i = 0; i < kc; ++i)
    for (PetscInt l = nv; l <= j; ++l) d->VU[l + i * ldh] = 0;
  // G and W = Vhat^T What, both rows x p (ld rows).
  std::fill_n(d->G.begin(), rows * p, 0.0);
  std::fill_n(d->W.begin(), rows * p, 0.0);
  for (PetscInt i = 0; i < kc; ++i) {
    d->G[i + i * rows] = 1 / d->unorm[i];
    for (PetscInt l = 0; l < kc; ++l) d->W[l + i * rows] = d->CU[l + i * K] / d->unorm[i];
    for (PetscInt l = 0; l <= j; ++l) d->W[kc + l + i * rows] = d->VU[l + i * ldh] / d->unorm[i];
  }
  for (PetscInt l = 0; l < j; ++l) {
    PetscScalar* gc = &d->G[(kc + l) * rows];
    for (PetscInt i = 0; i < kc; ++i) gc[i] = d->B[i + l * K];
    for (PetscInt i = 0; i <= l + 1; ++i) gc[kc + i] = d->H[i + l * ldh];
    d->W[kc + l + (kc + l) * rows] = 1;
  }
  if (happy) d->G[rows - 1 + (p - 1) * rows] = 0;

  PetscCall(PetscBLASIntCast(p, &bp));
  PetscCall(PetscBLASIntCast(rows, &brows));
  PetscCall(PetscFPTrapPush(PETSC_FP_TRAP_OFF));
  bool standard;
  info = harmonic_ritz(d, rows, p, false, &standard);
  PetscCall(PetscFPTrapPop());
  if (info != 0) {
    PetscCall(PetscInfo(ksp, "GCRO-DR: %s failed (info %d), keeping the old space\n",
                        standard ? "dgeev" : "dggev", (int)info));
    PetscFunctionReturn(0);
  }
  const PetscInt nsel = select_vectors(d, p);
  if (nsel == 0) PetscFunctionReturn(0);

  // GP = G P, then GP = Q R with dependent columns dropped.
  PetscCall(PetscBLASIntCast(nsel, &bn));
  BLASgemm_("N", "N", &brows, &bn, &bp, &unit, d->G.data(), &brows, d->P.data(), &bp, &zero,
            d->GP.data(), &brows);
  const PetscInt r = dense_qr(d, rows, nsel);
  if (r == 0) PetscFunctionReturn(0);

  // MU = [D P_top; P_bot] R^-1 (p x r, ld p), so that U_new = [U V_j] MU.
  const PetscInt ldr = K + 1;
  for (PetscInt i = 0; i < r; ++i) {
    PetscScalar* mu = &d->MU[i * p];
    const PetscScalar* pc = &d->P[d->keep[i] * p];
    for (PetscInt l = 0; l < p; ++l) mu[l] = l < kc ? pc[l] / d->unorm[l] : pc[l];
    for (PetscInt l = 0; l < i; ++l) {
      const PetscScalar s = d->Rq[l + i * ldr];
      const PetscScalar* ml = &d->MU[l * p];
      for (PetscInt e = 0; e < p; ++e) mu[e] -= s * ml[e];
    }
    const PetscScalar diag = d->Rq[i + i * ldr];
    for (PetscInt e = 0; e < p; ++e) mu[e] /= diag;
  }

  // New U, C into the spare buffers: U_new = [U V_j] MU, C_new = [C V_{j+1}] Q.
  PetscCall(
      multi_combine(d, p, join(d->uvlist, d->U, kc, d->V, j), d->MU.data(), p, r, d->U2.data()));
  PetscCall(multi_combine(d, kc + nv, join(d->cvlist, d->C, kc, d->V, nv), d->Q.data(), rows, r,
                          d->C2.data()));
  if (d->keep_z) { // Z_new = [Z Zv_j] MU, so that A Z_new = C_new
    PetscCall(
        multi_combine(d, p, join(d->uvlist, d->Z, kc, d->Zv, j), d->MU.data(), p, r, d->Z2.data()));
    std::swap(d->Z, d->Z2);
  }

  // C_new^T U_new = Q^T Wu MU with Wu = [[C^T U, 0], [V^T U, I]] (unscaled),
  // tracked in small dense algebra instead of k^2 inner products.
  for (PetscInt i = 0; i < r; ++i) {
    const PetscScalar* mu = &d->MU[i * p];
    PetscScalar* tc = &d->T[i * rows];
    for (PetscInt l = 0; l < rows; ++l) {
      PetscScalar s = 0;
      for (PetscInt e = 0; e < kc; ++e)
        s += (l < kc ? d->CU[l + e * K] : d->VU[(l - kc) + e * ldh]) * mu[e];
      if (l >= kc && l - kc < j) s += mu[l];
      tc[l] = s;
    }
  }
  PetscCall(PetscBLASIntCast(r, &br));
  BLASgemm_("T", "N", &br, &br, &brows, &unit, d->Q.data(), &brows, d->T.data(), &brows, &zero,
            d->CUn.data(), &br);

  std::swap(d->U, d->U2);
  std::swap(d->C, d->C2);
  d->kc = r;
  for (PetscInt i = 0; i < r; ++i) {
    for (PetscInt l = 0; l < r; ++l) d->CU[l + i * K] = d->CUn[l + i * r];
    PetscCall(VecNorm(d->U[i], NORM_2, &d->unorm[i]));
  }
  PetscFunctionReturn(0);
}

} // namespace skr::gcrodr
