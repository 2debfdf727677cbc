#include "util/error.hpp"

namespace skr {

void check_petsc(PetscErrorCode code, const char* call, const char* file, int line) {
  if (code == 0) return;
  const char* text = nullptr;
  char* specific = nullptr;
  PetscErrorMessage(code, &text, &specific);
  // PETSc's own sentence (e.g. "restart must be >= 1, got 0") names the
  // problem; the call site says where it surfaced.
  const std::string what = specific && *specific ? specific : (text ? text : "unknown");
  throw Error(fmt::format("PETSc: {} (error {} in {} at {}:{})", what, code, call, file, line));
}

} // namespace skr
