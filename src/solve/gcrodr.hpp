#pragma once
// GCRO-DR(m,k) Krylov subspace recycling (Parks, de Sturler, Mackey, Johnson,
// Maiti, SISC 2006) as a PETSc KSP type. The recycled space U (with C = A U,
// C^T C = I) lives in the KSP and is carried from one KSPSolve to the next, so
// solving a sequence of similar systems with one KSP reuses the slow modes.
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
// Gram-Schmidt with one refinement pass.
typedef enum { KSPGCRODR_ORTHOG_CGS = 0, KSPGCRODR_ORTHOG_MGS = 1 } KSPGCRODROrthog;

PETSC_EXTERN PetscErrorCode KSPCreate_GCRODR(KSP);
// Total dimension m of the augmented search space per cycle (default 40).
PETSC_EXTERN PetscErrorCode KSPGCRODRSetRestart(KSP, PetscInt m);
PETSC_EXTERN PetscErrorCode KSPGCRODRGetRestart(KSP, PetscInt* m);
// Number k < m of recycled vectors (default 20); changing k forgets the space.
PETSC_EXTERN PetscErrorCode KSPGCRODRSetRecycle(KSP, PetscInt k);
PETSC_EXTERN PetscErrorCode KSPGCRODRGetRecycle(KSP, PetscInt* k);
PETSC_EXTERN PetscErrorCode KSPGCRODRSetRecycleTarget(KSP, KSPGCRODRTarget);
PETSC_EXTERN PetscErrorCode KSPGCRODRSetOrthogonalization(KSP, KSPGCRODROrthog);
// Forgets the recycled space; the next solve starts with a GMRES(m) cycle.
PETSC_EXTERN PetscErrorCode KSPGCRODRReset(KSP);
// Current number of columns of U (0 before the first solve or after a reset).
PETSC_EXTERN PetscErrorCode KSPGCRODRGetRecycledDimension(KSP, PetscInt* dim);
