#include "util/petsc_session.hpp"

#include "util/error.hpp"

#include <petscsys.h>

#include <cstdio>
#include <exception>

namespace skr {

namespace {
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
  // -options_left no: we report unused options ourselves, as one warning line.
  SKR_PETSC(PetscOptionsSetValue(nullptr, "-options_left", "no"));
  PetscErrorCode code = PetscInitialize(&argc, &argv_ptr, nullptr, nullptr);
  if (code) throw Error("could not initialise PETSc");
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
