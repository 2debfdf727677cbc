#pragma once
// The PDE families of problems/, registered with discretize/problem_registry.hpp.
#include "discretize/problem_registry.hpp"

namespace skr {

// Registers every family of problems/ (once; main calls it at start-up).
void register_problem_families();

} // namespace skr
