#pragma once
// Recycling / deflated Conjugate Gradient as a PETSc KSP type "rcg".
//
// Deflated PCG (Saad, Yeung, Erhel, Guyomarc'h, SISC 2000) with a recycled
// space W of k approximate eigenvectors of M^-1 A for its smallest
// eigenvalues. W lives in the KSP and is carried from one KSPSolve to the
// next. It is refined at the end of every solve by a Rayleigh-Ritz step on
// span{W, first s search directions} in the A inner product (Parks-style RCG,
// with eigCG-like reuse of the CG coefficients, so the projected matrices cost
// no extra dot products except for the W block). When the operator changes,
// A W and W^T A W are recomputed and the solve starts from the A-orthogonal
// projection x0 = x + W (W^T A W)^-1 W^T (b - A x).
//
//   KSPSetType(ksp, KSPRCG);           // or -ksp_type rcg
//   KSPRCGSetRecycle(ksp, 10);         // -ksp_rcg_recycle 10
//   KSPRCGSetCollect(ksp, 20);         // -ksp_rcg_collect 20
//   KSPRCGSetUpdateEvery(ksp, 4);      // -ksp_rcg_update_every 4
//
// Left preconditioning with any symmetric positive definite PC; norms:
// preconditioned (default, like KSPCG), unpreconditioned, natural. With k = 0
// it is plain PCG. The setters are no-ops on a KSP of another type.
#include <petscksp.h>

#define KSPRCG "rcg"

PETSC_EXTERN PetscErrorCode KSPCreate_RCG(KSP);
// Dimension k of the recycled space (default 10); changing k forgets W.
PETSC_EXTERN PetscErrorCode KSPRCGSetRecycle(KSP, PetscInt k);
PETSC_EXTERN PetscErrorCode KSPRCGGetRecycle(KSP, PetscInt* k);
// Number s of search directions of each solve that enter the Rayleigh-Ritz
// update of W (default 2k; 0 disables the update and keeps W fixed).
PETSC_EXTERN PetscErrorCode KSPRCGSetCollect(KSP, PetscInt s);
// Rayleigh-Ritz update of W after every c-th solve once W is full (default 4;
// 1: every solve). The update costs k PC applications and a combination of
// k + s vectors; sorted neighbours keep W useful in between.
PETSC_EXTERN PetscErrorCode KSPRCGSetUpdateEvery(KSP, PetscInt c);
// Forgets the recycled space; the next solve is plain PCG.
PETSC_EXTERN PetscErrorCode KSPRCGReset(KSP);
// Current number of columns of W (0 before the first solve or after a reset).
PETSC_EXTERN PetscErrorCode KSPRCGGetRecycledDimension(KSP, PetscInt* dim);
