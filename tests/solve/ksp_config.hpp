#pragma once
// A KSP of our types (or PETSc's, for comparison) set up for a test: the
// shared helper of gcrodr_test and rcg_test. The GCRO-DR and RCG setters are
// no-ops on other KSP types, so every setting is applied to every KSP.
#include "solve/gcrodr.hpp"
#include "solve/rcg.hpp"
#include "solve/register.hpp"
#include "util/error.hpp"
#include "util/petsc_handle.hpp"

#include <optional>
#include <string>

namespace skr::test {

struct KspConfig {
  const char* type = KSPGCRODR;
  const char* pc = PCNONE;
  double rtol = 1e-8;
  PetscInt m = 40, k = 20;           // GCRO-DR(m, k); k is also rcg's
  std::optional<PCSide> side = PC_RIGHT;
  std::optional<KSPNormType> norm;   // unset: the type's default
  PetscInt max_it = 10000;
  PetscInt update_every = -1;        // -1: the type's default cadence
};

// rcg's tests: k = 10, W updated after every solve unless a test says
// otherwise, left preconditioned (rcg's only side), unpreconditioned norm.
struct RcgConfig : KspConfig {
  RcgConfig() {
    type = KSPRCG;
    k = 10;
    update_every = 1;
    side.reset();
    norm = KSP_NORM_UNPRECONDITIONED;
  }
};

inline Handle<KSP> make_ksp(const KspConfig& cfg) {
  register_ksp_types();
  Handle<KSP> ksp;
  PC pc;
  SKR_PETSC(KSPCreate(PETSC_COMM_SELF, ksp.out()));
  SKR_PETSC(KSPSetType(ksp, cfg.type));
  SKR_PETSC(KSPGetPC(ksp, &pc));
  SKR_PETSC(PCSetType(pc, cfg.pc));
  if (cfg.side) SKR_PETSC(KSPSetPCSide(ksp, *cfg.side));
  if (cfg.norm) SKR_PETSC(KSPSetNormType(ksp, *cfg.norm));
  SKR_PETSC(KSPSetTolerances(ksp, cfg.rtol, 1e-50, PETSC_DEFAULT, cfg.max_it));
  if (std::string(cfg.type) == KSPGMRES) SKR_PETSC(KSPGMRESSetRestart(ksp, cfg.m));
  SKR_PETSC(KSPGCRODRSetRestart(ksp, cfg.m));
  SKR_PETSC(KSPGCRODRSetRecycle(ksp, cfg.k));
  SKR_PETSC(KSPRCGSetRecycle(ksp, cfg.k));
  if (cfg.update_every >= 0) {
    SKR_PETSC(KSPGCRODRSetUpdateEvery(ksp, cfg.update_every));
    SKR_PETSC(KSPRCGSetUpdateEvery(ksp, cfg.update_every));
  }
  return ksp;
}

} // namespace skr::test
