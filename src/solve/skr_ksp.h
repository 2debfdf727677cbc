#pragma once
// libskr-ksp: skr-gen's recycling Krylov methods as PETSc KSP types, for any
// PETSc 3.18 program (C or C++). Either link it and call SKRKSPRegisterAll()
// after PetscInitialize, or load it at run time without relinking:
//   ./app -dll_append /usr/lib/libskr-ksp.so -ksp_type gcrodr
// (PETSc then calls PetscDLLibraryRegister_skr_ksp). Build flags:
//   pkg-config --cflags --libs skr-ksp
#include "gcrodr.hpp"
#include "rcg.hpp"

// Registers "gcrodr" and "rcg" with KSPRegister; calling it again is harmless.
PETSC_EXTERN PetscErrorCode SKRKSPRegisterAll(void);
