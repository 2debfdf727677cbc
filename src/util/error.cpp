#include "util/error.hpp"

namespace skr {

void check_petsc(PetscErrorCode code, const char* call, const char* file, int line) {
  if (code == 0) return;
  const char* text = nullptr;
  PetscErrorMessage(code, &text, nullptr);
  throw Error(fmt::format("PETSc error {} ({}) in {} at {}:{}", code, text ? text : "unknown", call,
                          file, line));
}

} // namespace skr
