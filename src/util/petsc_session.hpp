#pragma once
// RAII for MPI + PETSc: initialise once per process, run the initializers
// main() added (skr-gen's own KSP types register there), and finalise on
// scope exit. PETSc errors are returned to the
// caller (and become skr::Error) instead of printing tracebacks.
#include <string>
#include <vector>

namespace skr {

class PetscSession {
public:
  // petsc_args: PETSc options as they appeared on the command line
  // ("-ksp_type", "gmres", ...). They are handed to PetscInitialize unchanged.
  explicit PetscSession(const std::vector<std::string>& petsc_args = {});
  ~PetscSession();
  PetscSession(const PetscSession&) = delete;
  PetscSession& operator=(const PetscSession&) = delete;

  // Runs `initializer` right after PETSc starts in every later session
  // (e.g. registering KSP types: util knows nothing of them).
  static void add_initializer(void (*initializer)());

  // PETSc options given but never used by any PETSc object.
  std::vector<std::string> unused_options() const;
  // Warns on stderr, one line each, about unused_options(): a mistyped or
  // misplaced option would otherwise change nothing without a word. The
  // session does it when it ends normally unless it was done before.
  void warn_unused_options() const;

  // A session left by an exception does not finalise: main() reports the
  // error first and then calls this. Under MPI, finalising is collective, so
  // no rank exits (and makes mpirun kill the job) before rank 0's error line
  // is out. A no-op when nothing is pending.
  static void finalize_after_error();

private:
  int unwinding_ = 0; // std::uncaught_exceptions() at construction
  mutable bool warned_ = false;
};

} // namespace skr
