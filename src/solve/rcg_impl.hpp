#pragma once
// Internal state of KSPRCG, shared by rcg.cpp (lifecycle/options), rcg_solve.cpp
// (deflated PCG) and rcg_recycle.cpp (A W, W^T A W and the Rayleigh-Ritz update
// of W). All storage is allocated in ensure_setup(), never per iteration.
// Dense matrices are column-major.
#include "solve/rcg.hpp"

#include <petsc/private/kspimpl.h>

#include <vector>

namespace skr::rcg {

static_assert(sizeof(PetscScalar) == sizeof(double), "KSPRCG needs real double PETSc");

struct Data {
  // Parameters (collect < 0: 2k).
  PetscInt k = 10, collect = -1;
  PetscReal droptol = 1e-12; // relative eigenvalue cut in W^T A W
  PetscInt deflate_its = -1; // deflate directions in the first max(this, s) steps; < 0: all
  PetscInt update_every = 4; // Rayleigh-Ritz update of W after every c-th solve (once full)
  PetscInt nsolve = 0;       // solves since the space was created or reset

  PetscInt alloc_k = -1, alloc_s = -1, local_n = -1, global_n = -1;

  // Recycled space W (kc columns), A W for the operator of amat_id/state,
  // Z = M^-1 A W scratch, double buffer W2, stored search directions P (s).
  std::vector<Vec> W, W2, AW, Z, P;
  std::vector<Vec> awr; // [AW_0..AW_{kc-1}, r] for the fused VecMDot
  std::vector<Vec> wp;  // [W, P] handle list for the update
  Vec r = nullptr, z = nullptr, p = nullptr, q = nullptr;
  PetscInt kc = 0;
  bool aw_valid = false;
  PetscObjectId amat_id = -1;
  PetscObjectState amat_state = -1;

  // Pseudo-inverse of E = W^T A W and T = V_+ L_+^{-1/2} (kc x kt).
  PetscInt kt = 0;
  std::vector<PetscScalar> E, Einv, T, evals, work, g, mu;

  // Per-solve CG record for the first s steps: alpha_j, rho_j = r_j^T z_j and
  // c_j = (A W)^T z_j (column j of C, ld k+1).
  PetscInt ns = 0, nrho = 0;
  std::vector<PetscScalar> alpha, rho, C;
  // Rayleigh-Ritz workspace: F (m x m, m = k + s), combination coefficients.
  std::vector<PetscScalar> F, ritz, coef;
  std::vector<const PetscScalar*> xptr;
  std::vector<PetscScalar*> yptr;

  PetscLogDouble last_update_flops = 0;
};

inline Data* data_of(KSP ksp) {
  return static_cast<Data*>(ksp->data);
}

inline PetscInt collect_of(const Data* d) {
  return d->collect < 0 ? 2 * d->k : d->collect;
}

// rcg.cpp
PetscErrorCode ensure_setup(KSP ksp);

// rcg_recycle.cpp
// Recomputes A W, E = W^T A W, its pseudo-inverse and T when the operator or
// W changed; drops W when E is numerically zero.
PetscErrorCode refresh(KSP ksp);
// Rayleigh-Ritz on span{W, P_0..P_{ns-1}} for M^-1 A in the A inner product;
// replaces W by the k Ritz vectors of smallest Ritz values.
PetscErrorCode update_space(KSP ksp);
// Y_i = sum_l M[l + i*ldm] X_l, i < ny, with every X read once (blocked rows).
PetscErrorCode combine(Data* d, PetscInt nx, const Vec* X, const PetscScalar* M, PetscInt ldm,
                       PetscInt ny, Vec* Y);

} // namespace skr::rcg
