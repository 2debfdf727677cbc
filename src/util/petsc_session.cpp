#include "util/petsc_session.hpp"

#include "util/error.hpp"
#include "util/mpi.hpp"
#include "util/signals.hpp"

#include <petscsys.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <utility>

namespace skr {

namespace {

// PetscInitialize reads -options_file itself and, if it cannot, prints 16
// lines of traceback: a missing file is said here, in one line.
void check_options_files(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] != "-options_file" && args[i] != "-options_file_yaml") continue;
    if (i + 1 == args.size()) fail("{}: missing file name", args[i]);
    const std::string& path = args[i + 1];
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
      fail("{}: '{}' is not a readable file", args[i], path);
    if (!std::ifstream(path)) fail("{}: cannot read '{}'", args[i], path);
  }
}

std::vector<void (*)()>& initializers() {
  static std::vector<void (*)()> list;
  return list;
}
} // namespace

void PetscSession::add_initializer(void (*initializer)()) {
  initializers().push_back(initializer);
}

PetscSession::PetscSession(const std::vector<std::string>& petsc_args)
    : unwinding_(std::uncaught_exceptions()) {
  // -no_signal_handler: SIGINT/SIGTERM are ours (util/signals.hpp).
  std::vector<std::string> storage{"skr-gen", "-no_signal_handler"};
  storage.insert(storage.end(), petsc_args.begin(), petsc_args.end());
  std::vector<char*> argv;
  for (auto& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(storage.size());
  char** argv_ptr = argv.data();
  check_options_files(petsc_args);
  // -options_left no: we report unused options ourselves, as one warning line.
  SKR_PETSC(PetscOptionsSetValue(nullptr, "-options_left", "no"));
  int received = 0;
  PetscErrorCode code = 0;
  {
    // A signal during MPI's start-up would kill the process inside Open
    // MPI, which then prints its own noise: record it, and stop once started.
    InterruptGuard guard;
    // PETSc would print its traceback and configure line: ours is one line.
    const auto saved_printf = std::exchange(PetscErrorPrintf, PetscErrorPrintfNone);
    prepare_singleton_start();
    code = PetscInitialize(&argc, &argv_ptr, nullptr, nullptr);
    PetscErrorPrintf = saved_printf;
    received = pending_signal();
  }
  if (code) throw Error("could not initialise PETSc (check the PETSc options)");
  if (received) {
    PetscFinalize();
    throw Interrupted(received, Interrupted::Stage::starting);
  }
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  for (auto initializer : initializers()) initializer();
}

namespace {
bool finalize_pending = false;
}

PetscSession::~PetscSession() {
  PetscPopErrorHandler();
  if (std::uncaught_exceptions() > unwinding_) {
    finalize_pending = true;
    return;
  }
  // Every subcommand that takes PETSc options says which it ignored (most
  // say it themselves, before their summary lines).
  if (!warned_) warn_unused_options();
  PetscFinalize();
}

void PetscSession::finalize_after_error() {
  if (!finalize_pending) return;
  finalize_pending = false;
  PetscFinalize();
}

std::vector<std::string> PetscSession::unused_options() const {
  PetscInt n = 0;
  char** names = nullptr;
  char** values = nullptr;
  std::vector<std::string> result;
  if (PetscOptionsLeftGet(nullptr, &n, &names, &values)) return result;
  for (PetscInt i = 0; i < n; ++i) {
    std::string name = names[i];
    if (name == "options_left") continue;
    result.push_back("-" + name);
  }
  PetscOptionsLeftRestore(nullptr, &n, &names, &values);
  return result;
}

void PetscSession::warn_unused_options() const {
  warned_ = true;
  for (const auto& option : unused_options())
    std::fprintf(stderr, "skr-gen: warning: PETSc option %s was not used\n", option.c_str());
}

} // namespace skr
