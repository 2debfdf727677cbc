// Solves a sequence of slowly changing systems with one GCRO-DR KSP, which
// carries a recycled subspace from each solve to the next (rtol 1e-5, no PC:
// GMRES(40) 589, 542, 511, 477, 451 iterations; GCRO-DR(40,10) 289, 143, 76, 68, 73).
//   cc ksp_sequence.c $(pkg-config --cflags --libs skr-ksp) && ./a.out
// Built against PETSc alone (-DPETSC_ONLY), the types load at run time:
//   ./a.out -dll_append /usr/lib/libskr-ksp.so -ksp_type gcrodr
#include <petscksp.h>
#ifndef PETSC_ONLY
#include <skr-ksp/skr_ksp.h>
#endif

int main(int argc, char** argv) {
  const PetscInt n = 400;
  Mat A;
  Vec x, b;
  KSP ksp;
  PC pc;
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
#ifndef PETSC_ONLY
  PetscCall(SKRKSPRegisterAll());
#endif
  PetscCall(MatCreateSeqAIJ(PETSC_COMM_SELF, n, n, 3, NULL, &A));
  PetscCall(MatCreateVecs(A, &x, &b));
  PetscCall(VecSet(b, 1.0));
  PetscCall(KSPCreate(PETSC_COMM_SELF, &ksp));
  PetscCall(KSPGetPC(ksp, &pc));
  PetscCall(PCSetType(pc, PCNONE)); // ILU would be exact on a tridiagonal matrix
#ifndef PETSC_ONLY
  PetscCall(KSPSetType(ksp, KSPGCRODR));
  PetscCall(KSPGCRODRSetRecycle(ksp, 10));
#endif
  PetscCall(KSPSetFromOptions(ksp));
  for (int s = 0; s < 5; ++s) { // A_s = tridiag(-1, 2 + shift_s, -1)
    for (PetscInt i = 0; i < n; ++i) {
      if (i > 0) PetscCall(MatSetValue(A, i, i - 1, -1.0, INSERT_VALUES));
      if (i < n - 1) PetscCall(MatSetValue(A, i, i + 1, -1.0, INSERT_VALUES));
      PetscCall(MatSetValue(A, i, i, 2.0 + 1e-3 * (1 + 0.1 * s), INSERT_VALUES));
    }
    PetscCall(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
    PetscCall(KSPSetOperators(ksp, A, A));
    PetscCall(KSPSolve(ksp, b, x));
    KSPType type;
    PetscInt its;
    PetscCall(KSPGetType(ksp, &type));
    PetscCall(KSPGetIterationNumber(ksp, &its));
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "system %d: %s, %" PetscInt_FMT " iterations\n", s, type, its));
  }
  PetscCall(KSPDestroy(&ksp));
  PetscCall(VecDestroy(&x));
  PetscCall(VecDestroy(&b));
  PetscCall(MatDestroy(&A));
  PetscCall(PetscFinalize());
  return 0;
}
