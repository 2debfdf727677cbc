#pragma once
// GCRO-DR(m,k) Krylov subspace recycling (Parks, de Sturler, Mackey, Johnson,
// Maiti, SISC 2006) as a PETSc KSP type. The recycled space U (with C = A U,
// C^T C = I) lives in the KSP and is carried from one KSPSolve to the next, so
// solving a sequence of similar systems with one KSP reuses the slow modes.
// With right preconditioning by a PC other than none it runs in flexible form:
// it also keeps Z = M^-1 U and the cycle's M^-1 V_j, so A Z = C holds whatever
// preconditioner built Z. A new operator then costs the k products C = A Z
// and no preconditioner application; a change of the PC's values alone costs
// nothing, a change of its type rebuilds Z = M^-1 U. Z also carries over to
// the next operator better than U, which only makes sense with the previous
// preconditioner: fewer iterations (docs/PERFORMANCE.md, "GCRO-DR in flexible
// form").
//
//   KSPSetType(ksp, KSPGCRODR);            // or -ksp_type gcrodr
//   KSPGCRODRSetRestart(ksp, 40);          // -ksp_gcrodr_restart 40
//   KSPGCRODRSetRecycle(ksp, 20);          // -ksp_gcrodr_recycle 20
//
// The setters are no-ops on a KSP of another type (PETSc's convention).
#include <petscksp.h>

#define KSPGCRODR "gcrodr"

// Which harmonic Ritz vectors are kept (-ksp_gcrodr_recycle_target).
typedef enum { KSPGCRODR_TARGET_SMALLEST = 0, KSPGCRODR_TARGET_LARGEST = 1 } KSPGCRODRTarget;
// Gram-Schmidt variant (-ksp_gcrodr_orthog cgs|mgs); cgs = blocked classical
// Gram-Schmidt (one VecMDot + one VecMAXPY over [C V_j]) with one refinement
// pass as chosen by KSPGCRODRRefine.
typedef enum { KSPGCRODR_ORTHOG_CGS = 0, KSPGCRODR_ORTHOG_MGS = 1 } KSPGCRODROrthog;
// When CGS does its refinement pass (-ksp_gcrodr_cgs_refinement):
//   always (default): every vector twice (CGS2). The refinement's dot products
//     are fused into the first projection sweep, so CGS2 costs three sweeps
//     over [C V_j] (dots, project + dots, project), not four;
//   ifneeded: only when the projection removed more than half of the vector's
//     energy, ||w_after|| < ||w_before|| / sqrt(2) (the "twice is enough" test
//     of Kahan/Parlett, as PETSc's KSP_GMRES_CGS_REFINE_IFNEEDED). On the
//     Darcy benchmark ~90% of the vectors fail the test, so it costs about as
//     much as always;
//   never: a single pass (two sweeps).
typedef enum {
  KSPGCRODR_REFINE_NEVER = 0,
  KSPGCRODR_REFINE_IFNEEDED = 1,
  KSPGCRODR_REFINE_ALWAYS = 2
} KSPGCRODRRefine;

PETSC_EXTERN PetscErrorCode KSPCreate_GCRODR(KSP);
// Total dimension m of the augmented search space per cycle (default 40).
PETSC_EXTERN PetscErrorCode KSPGCRODRSetRestart(KSP, PetscInt m);
PETSC_EXTERN PetscErrorCode KSPGCRODRGetRestart(KSP, PetscInt* m);
// Number k < m of recycled vectors (default 20); changing k forgets the space.
PETSC_EXTERN PetscErrorCode KSPGCRODRSetRecycle(KSP, PetscInt k);
PETSC_EXTERN PetscErrorCode KSPGCRODRGetRecycle(KSP, PetscInt* k);
PETSC_EXTERN PetscErrorCode KSPGCRODRSetRecycleTarget(KSP, KSPGCRODRTarget);
PETSC_EXTERN PetscErrorCode KSPGCRODRSetOrthogonalization(KSP, KSPGCRODROrthog);
PETSC_EXTERN PetscErrorCode KSPGCRODRSetCGSRefinement(KSP, KSPGCRODRRefine);
// How often the recycled space U, C is recomputed from the harmonic Ritz
// problem (-ksp_gcrodr_update_every c): after the first cycle of a solve and
// after every c-th cycle from there (cycles 1, 1 + c, 1 + 2c, ...); c = 0
// updates after the first cycle only. Each update costs ~4 k (m+1) vector
// operations (as much as ~10 Arnoldi steps). Default 3: with c = 2 the
// fastest in time on sorted Darcy and the fewest iterations on indefinite
// Helmholtz; c = 1 is Parks et al.'s original (the sweep: docs/PERFORMANCE.md,
// "when the recycled space is updated").
PETSC_EXTERN PetscErrorCode KSPGCRODRSetUpdateEvery(KSP, PetscInt c);
// Adaptive recycling (-ksp_gcrodr_adaptive, default off): the KSP times
// solves with the recycled space and solves without it (plain GMRES(m), the
// space kept for later) and runs the faster, probing the other now and then
// (after 16 solves, then 2x or, when one arm took twice as long, 4x more
// each time the same one wins). For
// sequences where recycling saves fewer iterations than it costs (time steps
// of a moving convection-dominated operator, ~15 iterations each), this keeps
// GCRO-DR's cost near GMRES's; where it pays, it keeps recycling.
PETSC_EXTERN PetscErrorCode KSPGCRODRSetAdaptive(KSP, PetscBool adaptive);
// Forgets the recycled space; the next solve starts with a GMRES(m) cycle.
PETSC_EXTERN PetscErrorCode KSPGCRODRReset(KSP);
// Current number of columns of U (0 before the first solve or after a reset).
PETSC_EXTERN PetscErrorCode KSPGCRODRGetRecycledDimension(KSP, PetscInt* dim);
// What a GCRO-DR(m, k) solve allocates, for memory estimates before a run:
// *vectors of the operator's size (V, U, C and their update buffers, four
// scratch; flexible, i.e. with a PC other than none and k > 0, also Z, its
// buffer and the cycle's M^-1 V_j) and *scalars of dense work arrays.
PETSC_EXTERN PetscErrorCode KSPGCRODRGetWorkSize(PetscInt m, PetscInt k, PetscBool flexible,
                                                 PetscInt* vectors, PetscReal* scalars);
