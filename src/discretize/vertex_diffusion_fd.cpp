#include "discretize/vertex_diffusion_fd.hpp"

#include "discretize/dmda_grid.hpp"
#include "util/error.hpp"

#include <array>
#include <cmath>
#include <numeric>

namespace skr {

std::vector<double> vertex_coordinates(const Grid& grid, int axis) {
  const int n = grid.cells[axis];
  if (n < 2) fail("vertex grid: needs at least 2 vertices per axis, got {}", n);
  std::vector<double> x(n);
  const double h = (grid.upper[axis] - grid.lower[axis]) / (n - 1);
  for (int i = 0; i < n; ++i) x[i] = grid.lower[axis] + i * h;
  x[n - 1] = grid.upper[axis]; // exactly, whatever the rounding of (n - 1) h
  return x;
}

void assemble_vertex_diffusion(const Grid& grid, const DiffusionFields& c, Mat A, Vec b) {
  if (grid.dims() != 2) fail("vertex finite differences: 2-D grids only, got {}-D", grid.dims());
  const auto& a = *c.a;
  if (a.size() != grid.points())
    fail("vertex diffusion: coefficient has {} values, grid has {}", a.size(), grid.points());
  if (c.source && c.source->size() != grid.points())
    fail("vertex diffusion: source has {} values, grid has {}", c.source->size(), grid.points());
  const std::array<int, 2> n{grid.cells[0], grid.cells[1]};
  std::array<double, 2> inv_h2{};
  for (int axis = 0; axis < 2; ++axis) {
    if (n[axis] < 3) fail("vertex diffusion: needs at least 3 vertices per axis, got {}", n[axis]);
    const double h = (grid.upper[axis] - grid.lower[axis]) / (n[axis] - 1);
    inv_h2[axis] = 1.0 / (h * h);
  }
  auto on_boundary = [&](int i, int j) { return i == 0 || j == 0 || i == n[0] - 1 || j == n[1] - 1; };
  const double mean_a = std::accumulate(a.begin(), a.end(), 0.0) / double(a.size());
  const double boundary_diagonal = 2 * (mean_a > 0 ? mean_a : 1.0) * (inv_h2[0] + inv_h2[1]);

  DM dm = nullptr;
  SKR_PETSC(MatGetDM(A, &dm));
  if (!dm) fail("vertex diffusion: matrix was not created by create_dmda_system");
  const OwnedBox box = owned_box(dm);
  SKR_PETSC(MatZeroEntries(A));
  std::vector<double> rhs_owned;
  rhs_owned.reserve(std::size_t(box.i1 - box.i0) * (box.j1 - box.j0));
  std::array<MatStencil, 5> columns;
  std::array<PetscScalar, 5> values;
  for (int i = box.i0; i < box.i1; ++i)
    for (int j = box.j0; j < box.j1; ++j) {
      columns[0] = stencil_at(2, i, j);
      if (on_boundary(i, j)) { // u = 0: decoupled row
        values[0] = boundary_diagonal;
        SKR_PETSC(MatSetValuesStencil(A, 1, columns.data(), 1, columns.data(), values.data(),
                                      INSERT_VALUES));
        rhs_owned.push_back(0.0);
        continue;
      }
      const double aP = a[grid.index(i, j)];
      double diagonal = 0;
      int count = 1;
      for (int axis = 0; axis < 2; ++axis)
        for (int side : {-1, 1}) {
          std::array<int, 2> nb{i, j};
          nb[axis] += side;
          const double t = 0.5 * (aP + a[grid.index(nb[0], nb[1])]) * inv_h2[axis];
          if (!std::isfinite(t))
            fail("vertex diffusion: face coefficient {} between vertices ({}, {}) and ({}, {}) is "
                 "not finite", t / inv_h2[axis], i, j, nb[0], nb[1]);
          diagonal += t;
          if (on_boundary(nb[0], nb[1])) continue; // u_N = 0, eliminated
          columns[count] = stencil_at(2, nb[0], nb[1]);
          values[count] = -t;
          ++count;
        }
      values[0] = diagonal;
      SKR_PETSC(MatSetValuesStencil(A, 1, columns.data(), count, columns.data(), values.data(),
                                    INSERT_VALUES));
      rhs_owned.push_back(c.source ? (*c.source)[grid.index(i, j)] : c.constant_source);
    }
  SKR_PETSC(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
  SKR_PETSC(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
  PetscScalar** array = nullptr;
  std::size_t next = 0;
  SKR_PETSC(DMDAVecGetArray(dm, b, &array));
  for (int i = box.i0; i < box.i1; ++i)
    for (int j = box.j0; j < box.j1; ++j) array[i][j] = rhs_owned[next++];
  SKR_PETSC(DMDAVecRestoreArray(dm, b, &array));
}

} // namespace skr
