#include "solve/skr_ksp.h"

PetscErrorCode SKRKSPRegisterAll(void) {
  PetscFunctionBegin;
  // KSPRegister replaces an entry of the same name, so this is idempotent.
  PetscCall(KSPRegister(KSPGCRODR, KSPCreate_GCRODR));
  PetscCall(KSPRegister(KSPRCG, KSPCreate_RCG));
  PetscFunctionReturn(0);
}

// Entry point of PETSc's dynamic registration (-dll_append libskr-ksp.so):
// PETSc looks up PetscDLLibraryRegister_<library name, '-' as '_'>.
PETSC_EXTERN PetscErrorCode PetscDLLibraryRegister_skr_ksp(void) { return SKRKSPRegisterAll(); }
