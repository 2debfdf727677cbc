#include "solve/register.hpp"

#include "solve/skr_ksp.h"

#include "util/error.hpp"

namespace skr {

void register_ksp_types() {
  static bool done = false;
  if (done) return;
  done = true;
  SKR_PETSC(SKRKSPRegisterAll());
}

} // namespace skr
