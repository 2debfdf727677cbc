#pragma once
// One exception type for every user-facing failure. Its message is the one
// line the CLI prints before exiting non-zero, so it must name the problem
// (the option, the file, the sample) in words a user understands.
#include <petscsys.h>

#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace skr {

class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

template <typename... Args>
[[noreturn]] void fail(fmt::format_string<Args...> format, Args&&... args) {
  throw Error(fmt::format(format, std::forward<Args>(args)...));
}

// Turns a PETSc error code into an Error carrying PETSc's own message.
void check_petsc(PetscErrorCode code, const char* call, const char* file, int line);

} // namespace skr

// Wraps a PETSc call in C++ code: SKR_PETSC(VecNorm(v, NORM_2, &n));
#define SKR_PETSC(call) ::skr::check_petsc((call), #call, __FILE__, __LINE__)
