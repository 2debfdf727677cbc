#pragma once
// A sample's linear system as plain values: the operator's stencil entries in
// set_stencil_values' order and the right-hand side at the owned cells. A
// family computes them without PETSc (Problem::system_values), so the
// pipeline computes the next sample's while the current one solves; only
// setting them into A and b is left to the thread that owns PETSc.
#include "discretize/dmda_grid.hpp"

#include <cstddef>
#include <memory>
#include <span>

namespace skr {

struct SystemValues {
  // Written whole by whoever fills them: no zeroing (nor, for megabytes, its
  // page faults), hence arrays made for overwrite rather than vectors.
  std::unique_ptr<PetscScalar[]> entries; // none: the values of b alone
  std::size_t entry_count = 0;
  std::unique_ptr<PetscScalar[]> rhs; // the owned cells, storage order
  std::size_t rhs_count = 0;

  std::span<const PetscScalar> operator_entries() const { return {entries.get(), entry_count}; }
  std::span<const PetscScalar> owned_rhs() const { return {rhs.get(), rhs_count}; }
};

// Room for `rhs_count` right-hand side values and `entry_count` entries.
SystemValues make_system_values(std::size_t rhs_count, std::size_t entry_count);

// The box of cells this rank owns in b's DMDA (b from create_dmda_system).
OwnedBox owned_box_of(Vec b);

// Sets values.owned_rhs() into b and, when A is given, the entries into A.
void set_system_values(const SystemValues& values, Mat A, Vec b);

// True when both hold the same operator entries, bit for bit.
bool same_operator(const SystemValues& a, const SystemValues& b);

} // namespace skr
