// doctest runner for libskr's unit tests. PETSc is initialised once for the
// whole run (on PETSC_COMM_SELF semantics: every test builds its own objects)
// and the PDE families and our KSP types are registered before any test runs.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "problems/registry.hpp"
#include "solve/register.hpp"
#include "util/petsc_session.hpp"

int main(int argc, char** argv) {
  skr::register_problem_families();
  skr::PetscSession::add_initializer(skr::register_ksp_types);
  skr::PetscSession petsc; // no PETSc options from the test command line
  doctest::Context context(argc, argv);
  return context.run();
}
