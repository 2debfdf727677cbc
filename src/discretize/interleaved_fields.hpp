#pragma once
// A state with several fields per cell, interleaved (storage index * C +
// field, as create_dmda_system(..., components = C) lays them out), to and
// from one stored field each.
#include "discretize/problem.hpp"

#include <string>
#include <vector>

namespace skr {

// names[c] gets every C-th value of x from the c-th on (C = names.size()).
Fields split_interleaved(const std::vector<double>& x, const std::vector<std::string>& names);
// The inverse: the fields `names` of `fields`, interleaved.
std::vector<double> interleave(const Fields& fields, const std::vector<std::string>& names);

} // namespace skr
