#pragma once
// The PDE families skr-gen knows, as a list filled at start-up: problems/
// registers its families (problems/registry.cpp, called by main), and the
// layers below apps find them here, by name, without naming problems/.
#include "discretize/problem.hpp"

#include <vector>

namespace skr {

// Adds a family (at start-up; a second family of the same name is an Error).
void add_problem_family(ProblemFamily family);
const std::vector<ProblemFamily>& problem_families();
// The family called `name`, or an Error listing the known ones.
const ProblemFamily& find_problem_family(const std::string& name);

} // namespace skr
