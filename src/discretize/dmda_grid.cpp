#include "discretize/dmda_grid.hpp"

#include "util/error.hpp"
#include "util/petsc_handle.hpp"

#include <array>

namespace skr {

namespace {

constexpr const char* kFixedPattern = "skr_stencil_pattern"; // composed once fixed

// Fixes A's pattern as the COO list set_stencil_values fills, in local
// (ghosted) DMDA numbering, which the matrix maps to global indices itself.
// Done on a matrix's first assembly only: PETSc keeps the COO maps (16 bytes
// per entry) for good, and matrices that are only copied into need none.
void fix_stencil_pattern(Mat A) {
  DM dm = nullptr;
  SKR_PETSC(MatGetDM(A, &dm));
  if (!dm) fail("stencil assembly: matrix was not created by create_dmda_system");
  PetscInt dim, mx, my, mz, components, gx, gy, gz, gm, gn, gp;
  SKR_PETSC(DMDAGetInfo(dm, &dim, &mx, &my, &mz, nullptr, nullptr, nullptr, &components, nullptr,
                        nullptr, nullptr, nullptr, nullptr));
  SKR_PETSC(DMDAGetGhostCorners(dm, &gx, &gy, &gz, &gm, &gn, &gp));
  const int dims = int(dim);
  // Global cells and the ghosted box in storage orientation (axis 0 slowest).
  using Triple = std::array<PetscInt, 3>;
  const Triple cells = dims == 2 ? Triple{my, mx, 1} : Triple{mz, my, mx};
  const Triple start = dims == 2 ? Triple{gy, gx, 0} : Triple{gz, gy, gx};
  const Triple width = dims == 2 ? Triple{gn, gm, 1} : Triple{gp, gn, gm};
  auto local = [&](const std::array<int, 3>& cell) {
    return ((cell[0] - start[0]) * width[1] + (cell[1] - start[1])) * width[2] +
           (cell[2] - start[2]);
  };
  const OwnedBox box = owned_box(dm);
  std::vector<PetscInt> rows, columns;
  for (int i = box.i0; i < box.i1; ++i)
    for (int j = box.j0; j < box.j1; ++j)
      for (int k = box.k0; k < box.k1; ++k)
        for (int c = 0; c < components; ++c) {
          const std::array<int, 3> cell{i, j, k};
          const PetscInt row = local(cell) * components + c;
          rows.push_back(row);
          columns.push_back(row);
          for (int axis = 0; axis < dims; ++axis)
            for (int side : {-1, 1}) {
              std::array<int, 3> nb = cell;
              nb[axis] += side;
              if (nb[axis] < 0 || nb[axis] >= cells[axis]) continue;
              rows.push_back(row);
              columns.push_back(local(nb) * components + c);
            }
        }
  SKR_PETSC(MatSetPreallocationCOOLocal(A, PetscCount(rows.size()), rows.data(), columns.data()));
  PetscContainer marker = nullptr; // the matrix holds the reference that counts
  SKR_PETSC(PetscContainerCreate(PetscObjectComm((PetscObject)A), &marker));
  SKR_PETSC(PetscObjectCompose((PetscObject)A, kFixedPattern, (PetscObject)marker));
  SKR_PETSC(PetscContainerDestroy(&marker));
}

} // namespace

void create_dmda_system(MPI_Comm comm, const Grid& grid, Mat* A, Vec* b, int components,
                        bool couple_in_cell) {
  Handle<DM> dm;
  const auto& n = grid.cells;
  if (components < 1) fail("a grid needs at least one field per cell, got {}", components);
  if (grid.dims() == 2) {
    SKR_PETSC(DMDACreate2d(comm, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DMDA_STENCIL_STAR, n[1], n[0],
                           PETSC_DECIDE, PETSC_DECIDE, components, 1, nullptr, nullptr, dm.out()));
  } else if (grid.dims() == 3) {
    SKR_PETSC(DMDACreate3d(comm, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE,
                           DMDA_STENCIL_STAR, n[2], n[1], n[0], PETSC_DECIDE, PETSC_DECIDE,
                           PETSC_DECIDE, components, 1, nullptr, nullptr, nullptr, dm.out()));
  } else {
    fail("structured grids must be 2-D or 3-D, got {}-D", grid.dims());
  }
  if (components > 1) { // each field couples to itself only: no wasted 2x2 blocks
    std::vector<PetscInt> identity(std::size_t(components) * components, 0);
    for (int c = 0; c < components; ++c) identity[std::size_t(c) * components + c] = 1;
    std::vector<PetscInt> full(identity.size(), 1);
    SKR_PETSC(
        DMDASetBlockFills(dm, couple_in_cell ? full.data() : identity.data(), identity.data()));
  }
  // Prefixed so that user -da_* options cannot reshape the grid behind our back.
  SKR_PETSC(DMSetOptionsPrefix(dm, "skr_"));
  SKR_PETSC(DMSetFromOptions(dm));
  SKR_PETSC(DMSetUp(dm));
  SKR_PETSC(DMSetMatType(dm, MATAIJ));
  SKR_PETSC(DMCreateMatrix(dm, A));
  SKR_PETSC(MatSetOption(*A, MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_TRUE));
  SKR_PETSC(DMCreateGlobalVector(dm, b));
}

void set_stencil_values(Mat A, std::span<const PetscScalar> values) {
  PetscObject marker = nullptr;
  SKR_PETSC(PetscObjectQuery((PetscObject)A, kFixedPattern, &marker));
  if (!marker) fix_stencil_pattern(A);
  MatInfo info;
  SKR_PETSC(MatGetInfo(A, MAT_LOCAL, &info));
  if (values.size() != static_cast<std::size_t>(info.nz_used))
    fail("stencil assembly: {} values for a pattern of {}", values.size(),
         static_cast<std::size_t>(info.nz_used));
  SKR_PETSC(MatSetValuesCOO(A, values.data(), INSERT_VALUES));
  // Resets what the matrix derived from its old values (SOR's inverted diagonal).
  SKR_PETSC(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
  SKR_PETSC(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
}

OwnedBox owned_box(DM dm) {
  PetscInt x, y, z, m, n, p, dim;
  SKR_PETSC(DMDAGetCorners(dm, &x, &y, &z, &m, &n, &p));
  SKR_PETSC(DMGetDimension(dm, &dim));
  if (dim == 2) return OwnedBox{int(y), int(y + n), int(x), int(x + m), 0, 1};
  return OwnedBox{int(z), int(z + p), int(y), int(y + n), int(x), int(x + m)};
}

namespace {

// x in storage order, appended to `out` on the ranks that `create_scatter`
// sends the natural vector to.
void gather(Vec x, PetscErrorCode (*create_scatter)(Vec, VecScatter*, Vec*),
            std::vector<double>& out) {
  DM dm = nullptr;
  SKR_PETSC(VecGetDM(x, &dm));
  Handle<Vec> natural, gathered;
  Handle<VecScatter> scatter;
  const PetscScalar* values = nullptr;
  PetscInt size = 0;
  PetscMPIInt ranks = 1;
  SKR_PETSC(MPI_Comm_size(PetscObjectComm((PetscObject)x), &ranks));
  if (ranks == 1 || !dm) { // one rank: global order is natural order
    SKR_PETSC(VecGetSize(x, &size));
    SKR_PETSC(VecGetArrayRead(x, &values));
    out.insert(out.end(), values, values + size);
    SKR_PETSC(VecRestoreArrayRead(x, &values));
    return;
  }
  SKR_PETSC(DMDACreateNaturalVector(dm, natural.out()));
  SKR_PETSC(DMDAGlobalToNaturalBegin(dm, x, INSERT_VALUES, natural));
  SKR_PETSC(DMDAGlobalToNaturalEnd(dm, x, INSERT_VALUES, natural));
  SKR_PETSC(create_scatter(natural, scatter.out(), gathered.out()));
  SKR_PETSC(VecScatterBegin(scatter, natural, gathered, INSERT_VALUES, SCATTER_FORWARD));
  SKR_PETSC(VecScatterEnd(scatter, natural, gathered, INSERT_VALUES, SCATTER_FORWARD));
  SKR_PETSC(VecGetLocalSize(gathered, &size));
  SKR_PETSC(VecGetArrayRead(gathered, &values));
  out.insert(out.end(), values, values + size);
  SKR_PETSC(VecRestoreArrayRead(gathered, &values));
}

} // namespace

std::vector<double> gather_to_storage(Vec x) {
  std::vector<double> out;
  gather(x, VecScatterCreateToAll, out);
  return out;
}

std::vector<double> gather_to_root(Vec x) {
  std::vector<double> out;
  append_to_root(x, out);
  return out;
}

void append_to_root(Vec x, std::vector<double>& out) {
  gather(x, VecScatterCreateToZero, out);
}

void scatter_from_storage(const std::vector<double>& values, Vec x) {
  DM dm = nullptr;
  SKR_PETSC(VecGetDM(x, &dm));
  PetscMPIInt ranks = 1;
  SKR_PETSC(MPI_Comm_size(PetscObjectComm((PetscObject)x), &ranks));
  PetscInt size = 0;
  SKR_PETSC(VecGetSize(x, &size));
  if (static_cast<std::size_t>(size) != values.size())
    fail("scatter_from_storage: {} values for a vector of {}", values.size(), size);
  Handle<Vec> natural;
  Vec target = x;
  if (ranks > 1 && dm) { // fill the natural vector, then reorder
    SKR_PETSC(DMDACreateNaturalVector(dm, natural.out()));
    target = natural;
  }
  PetscInt lo = 0, hi = 0;
  SKR_PETSC(VecGetOwnershipRange(target, &lo, &hi));
  PetscScalar* a = nullptr;
  SKR_PETSC(VecGetArray(target, &a));
  for (PetscInt i = lo; i < hi; ++i) a[i - lo] = values[static_cast<std::size_t>(i)];
  SKR_PETSC(VecRestoreArray(target, &a));
  if (target != x) {
    SKR_PETSC(DMDANaturalToGlobalBegin(dm, natural, INSERT_VALUES, x));
    SKR_PETSC(DMDANaturalToGlobalEnd(dm, natural, INSERT_VALUES, x));
  }
}

} // namespace skr
