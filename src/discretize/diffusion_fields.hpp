#pragma once
// What every diffusion discretization of  -div(a grad u) = f  reads: the
// coefficient and the source at its unknowns (cells or vertices).
#include <vector>

namespace skr {

struct DiffusionFields {
  const std::vector<double>* a = nullptr;      // values at the unknowns, storage order (required)
  const std::vector<double>* source = nullptr; // the same, or nullptr for constant_source
  double constant_source = 1.0;
};

} // namespace skr
