#include "solve/register.hpp"

#include "solve/gcrodr.hpp"
#include "solve/rcg.hpp"

#include "util/error.hpp"

#include <petscksp.h>

namespace skr {

void register_ksp_types() {
  static bool done = false;
  if (done) return;
  done = true;
  // One KSPRegister line per KSP type of ours.
  SKR_PETSC(KSPRegister(KSPGCRODR, KSPCreate_GCRODR));
  SKR_PETSC(KSPRegister(KSPRCG, KSPCreate_RCG));
}

} // namespace skr
