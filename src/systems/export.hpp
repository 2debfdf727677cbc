#pragma once
// Writes the systems of a PDE family's samples to files that `skr-gen solve`
// reads, so that tests and users can feed our own generators' systems back
// in. Unknowns are in the dataset's storage order (the same order as
// /outputs/solution of `generate`).
//   mtx        DIR/A_<i>.mtx + DIR/b_<i>.mtx (coordinate / array, 17 digits)
//   petsc      DIR/system_<i>.petsc, one Mat + Vec each
//   petsc-seq  DIR/systems.petsc, Mat, Vec, Mat, Vec, ...
//   h5         DIR/systems.h5, compact shared-pattern layout + /features
//   h5-groups  DIR/systems.h5, one group per system + /features
#include "discretize/problem.hpp"
#include "systems/system.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace skr::systems {

// The assembled system of one sample, as plain data.
System assemble_system(const Problem& problem, const Sample& sample);

// Fails unless `format` is one of the above.
void check_export_format(const std::string& format);

// Creates DIR if needed; returns the path to pass to `solve --systems`.
std::string export_systems(const Problem& problem, const std::vector<std::uint64_t>& seeds,
                           const std::string& dir, const std::string& format);

} // namespace skr::systems
