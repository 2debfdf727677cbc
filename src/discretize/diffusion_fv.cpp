#include "discretize/diffusion_fv.hpp"

#include "discretize/dmda_grid.hpp"
#include "util/error.hpp"

#include <array>

namespace skr {

void assemble_diffusion(const Grid& grid, const DiffusionCoefficients& c, Mat A, Vec b) {
  const int dims = grid.dims();
  const auto& a = *c.a;
  if (a.size() != grid.points())
    fail("diffusion: coefficient has {} values, grid has {}", a.size(), grid.points());
  if (c.source && c.source->size() != grid.points())
    fail("diffusion: source has {} values, grid has {}", c.source->size(), grid.points());
  if (c.inside && c.inside->size() != grid.points())
    fail("diffusion: mask has {} values, grid has {}", c.inside->size(), grid.points());
  auto is_inside = [&](int i, int j, int k) {
    return !c.inside || (*c.inside)[grid.index(i, j, k)];
  };

  DM dm = nullptr;
  SKR_PETSC(MatGetDM(A, &dm));
  if (!dm) fail("diffusion: matrix was not created by create_dmda_system");
  const OwnedBox box = owned_box(dm);
  SKR_PETSC(MatZeroEntries(A));

  std::array<double, 3> inv_h2{};
  for (int axis = 0; axis < dims; ++axis)
    inv_h2[axis] = 1.0 / (grid.spacing(axis) * grid.spacing(axis));

  // Owned right-hand side values, written into b through the DMDA array below.
  std::vector<double> rhs_owned;
  rhs_owned.reserve(std::size_t(box.i1 - box.i0) * (box.j1 - box.j0) * (box.k1 - box.k0));
  std::array<MatStencil, 7> columns;
  std::array<PetscScalar, 7> values;
  for (int i = box.i0; i < box.i1; ++i)
    for (int j = box.j0; j < box.j1; ++j)
      for (int k = box.k0; k < box.k1; ++k) {
        const std::array<int, 3> cell{i, j, k};
        const double aP = a[grid.index(i, j, k)];
        if (!(aP > 0))
          fail("diffusion: coefficient {} at cell ({}, {}, {}) is not positive", aP, i, j, k);
        if (!is_inside(i, j, k)) { // outside the domain: decoupled row d u = 0
          double d = 0;
          for (int axis = 0; axis < dims; ++axis) d += 2.0 * aP * inv_h2[axis];
          const MatStencil row = stencil_at(dims, i, j, k);
          const PetscScalar value = d;
          SKR_PETSC(MatSetValuesStencil(A, 1, &row, 1, &row, &value, INSERT_VALUES));
          rhs_owned.push_back(0.0);
          continue;
        }
        double diagonal = c.reaction;
        double rhs = c.source ? (*c.source)[grid.index(i, j, k)] : c.constant_source;
        int count = 1;
        for (int axis = 0; axis < dims; ++axis)
          for (int side : {-1, 1}) {
            std::array<int, 3> nb = cell;
            nb[axis] += side;
            if (nb[axis] < 0 || nb[axis] >= grid.cells[axis]) { // boundary face
              if (c.insulated[2 * axis + (side > 0)]) continue; // zero flux
              const double t = 2.0 * aP * inv_h2[axis];
              diagonal += t;
              if (c.boundary) {
                std::array<double, 3> face{};
                for (int d = 0; d < dims; ++d) face[d] = grid.centre(d, cell[d]);
                face[axis] = side < 0 ? grid.lower[axis] : grid.upper[axis];
                rhs += t * c.boundary(face.data());
              }
              continue;
            }
            if (!is_inside(nb[0], nb[1], nb[2])) continue; // wall of the domain: zero flux
            const double aN = a[grid.index(nb[0], nb[1], nb[2])];
            const double t = 2.0 * aP * aN / (aP + aN) * inv_h2[axis];
            diagonal += t;
            columns[count] = stencil_at(dims, nb[0], nb[1], nb[2]);
            values[count] = -t;
            ++count;
          }
        columns[0] = stencil_at(dims, i, j, k);
        values[0] = diagonal;
        SKR_PETSC(MatSetValuesStencil(A, 1, &columns[0], count, columns.data(), values.data(),
                                      INSERT_VALUES));
        rhs_owned.push_back(rhs);
      }
  SKR_PETSC(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
  SKR_PETSC(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
  std::size_t next = 0;
  if (dims == 2) {
    PetscScalar** array = nullptr;
    SKR_PETSC(DMDAVecGetArray(dm, b, &array));
    for (int i = box.i0; i < box.i1; ++i)
      for (int j = box.j0; j < box.j1; ++j) array[i][j] = rhs_owned[next++];
    SKR_PETSC(DMDAVecRestoreArray(dm, b, &array));
  } else {
    PetscScalar*** array = nullptr;
    SKR_PETSC(DMDAVecGetArray(dm, b, &array));
    for (int i = box.i0; i < box.i1; ++i)
      for (int j = box.j0; j < box.j1; ++j)
        for (int k = box.k0; k < box.k1; ++k) array[i][j][k] = rhs_owned[next++];
    SKR_PETSC(DMDAVecRestoreArray(dm, b, &array));
  }
}

} // namespace skr
