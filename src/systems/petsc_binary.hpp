#pragma once
// PETSc binary files of systems: each file holds Mat, Vec (one system) or
// Mat, Vec, Mat, Vec, ... (a sequence, read until the end of the file), as
// MatView / VecView write them on one process. Reading parses the format
// directly (big-endian, this build's 32-bit PetscInt), so that a truncated
// or foreign file gives an error naming the file and the byte offset.
#include "systems/system.hpp"

#include <memory>
#include <string>
#include <vector>

namespace skr::systems {

class SystemSource;

// Every system in `files`, in file order and order within each file.
std::unique_ptr<SystemSource> open_petsc_binary(const std::vector<std::string>& files);

// Writes the system with MatView + VecView; append: after the file's systems.
void write_petsc_system(const std::string& path, const System& system, bool append);

} // namespace skr::systems
