#include "discretize/system_values.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <cstring>

namespace skr {

SystemValues make_system_values(std::size_t rhs_count, std::size_t entry_count) {
  SystemValues values;
  values.rhs = std::make_unique_for_overwrite<PetscScalar[]>(rhs_count);
  values.rhs_count = rhs_count;
  if (entry_count > 0) values.entries = std::make_unique_for_overwrite<PetscScalar[]>(entry_count);
  values.entry_count = entry_count;
  return values;
}

OwnedBox owned_box_of(Vec b) {
  DM dm = nullptr;
  SKR_PETSC(VecGetDM(b, &dm));
  if (!dm) fail("system values: vector was not created by create_dmda_system");
  return owned_box(dm);
}

void set_system_values(const SystemValues& values, Mat A, Vec b) {
  if (A) {
    if (!values.entries) fail("system values: no operator entries to set into A");
    set_stencil_values(A, values.operator_entries());
  }
  const OwnedBox box = owned_box_of(b);
  const std::size_t owned =
      std::size_t(box.i1 - box.i0) * std::size_t(box.j1 - box.j0) * std::size_t(box.k1 - box.k0);
  if (values.rhs_count != owned)
    fail("system values: {} right-hand side values for {} owned cells", values.rhs_count, owned);
  // The DMDA's natural ordering is the storage ordering (dmda_grid.hpp), so
  // the owned part of b is the owned box in storage order.
  PetscScalar* array = nullptr;
  SKR_PETSC(VecGetArrayWrite(b, &array));
  std::copy_n(values.rhs.get(), owned, array);
  SKR_PETSC(VecRestoreArrayWrite(b, &array));
}

bool same_operator(const SystemValues& a, const SystemValues& b) {
  return a.entries && b.entries && a.entry_count == b.entry_count &&
         std::memcmp(a.entries.get(), b.entries.get(), a.entry_count * sizeof(PetscScalar)) == 0;
}

} // namespace skr
