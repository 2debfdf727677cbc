#pragma once
// The list of PDE families skr-gen knows.
#include "problems/problem.hpp"

#include <vector>

namespace skr {

const std::vector<ProblemFamily>& problem_families();
// The family called `name`, or an Error listing the known ones.
const ProblemFamily& find_problem_family(const std::string& name);

} // namespace skr
