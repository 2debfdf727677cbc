#include "discretize/burgers_fd.hpp"

#include "discretize/dmda_grid.hpp"

#include <array>
#include <utility>

namespace skr {
namespace {

constexpr int kFields = 2; // u, v per cell, interleaved

// Weights of a one-dimensional difference at a cell: centre, minus and plus
// neighbour; a wall neighbour's mirrored ghost (-q_centre) is folded into the centre.
struct Weights {
  double centre = 0, minus = 0, plus = 0;
  Weights folded(bool wall_minus, bool wall_plus) const {
    Weights w = *this;
    if (wall_minus) w.centre -= w.minus, w.minus = 0;
    if (wall_plus) w.centre -= w.plus, w.plus = 0;
    return w;
  }
};

// The one-dimensional differences of a step's grid.
struct Differences {
  const BurgersStep& s;

  Weights convection(int axis, int index, double velocity) const {
    const double h = s.grid->spacing(axis);
    Weights w;
    if (s.convection == BurgersConvection::central)
      w = {0, -0.5 / h, 0.5 / h};
    else if (velocity >= 0)
      w = {1 / h, -1 / h, 0};
    else
      w = {-1 / h, 0, 1 / h};
    return w.folded(index == 0, index == s.grid->cells[axis] - 1);
  }
  Weights laplacian(int axis, int index) const {
    const double h2 = s.grid->spacing(axis) * s.grid->spacing(axis);
    return Weights{-2 / h2, 1 / h2, 1 / h2}.folded(index == 0, index == s.grid->cells[axis] - 1);
  }
};

// q at storage cell (i, j) shifted by `step` along `axis`, 0 past a wall
// (the weights never use it there).
double neighbour(PetscScalar*** a, const Grid& g, int i, int j, int axis, int step, int q) {
  const int ni = axis == 0 ? i + step : i, nj = axis == 1 ? j + step : j;
  if (ni < 0 || nj < 0 || ni >= g.cells[0] || nj >= g.cells[1]) return 0;
  return a[ni][nj][q];
}

double apply(const Weights& w, PetscScalar*** a, const Grid& g, int i, int j, int axis, int q) {
  return w.centre * a[i][j][q] + w.minus * neighbour(a, g, i, j, axis, -1, q) +
         w.plus * neighbour(a, g, i, j, axis, +1, q);
}

} // namespace

PetscErrorCode burgers_residual(SNES, Vec U, Vec F, void* context) {
  const auto& s = *static_cast<const BurgersStep*>(context);
  const Differences d{s};
  const Grid& g = *s.grid;
  PetscFunctionBeginUser;
  PetscCall(DMGlobalToLocalBegin(s.dm, U, INSERT_VALUES, s.local));
  PetscCall(DMGlobalToLocalEnd(s.dm, U, INSERT_VALUES, s.local));
  PetscScalar ***u, ***f, ***r;
  PetscCall(DMDAVecGetArrayDOFRead(s.dm, s.local, &u));
  PetscCall(DMDAVecGetArrayDOF(s.dm, F, &f));
  PetscCall(DMDAVecGetArrayDOFRead(s.dm, s.rhs, &r));
  const OwnedBox box = owned_box(s.dm);
  for (int i = box.i0; i < box.i1; ++i)
    for (int j = box.j0; j < box.j1; ++j) {
      for (int q = 0; q < kFields; ++q) {
        double value = s.a0 * u[i][j][q] - r[i][j][q];
        for (int axis = 0; axis < 2; ++axis) {
          const int index = axis == 0 ? i : j;
          const double velocity = u[i][j][axis];
          value += velocity * apply(d.convection(axis, index, velocity), u, g, i, j, axis, q);
          value -= s.viscosity * apply(d.laplacian(axis, index), u, g, i, j, axis, q);
        }
        f[i][j][q] = value;
      }
    }
  PetscCall(DMDAVecRestoreArrayDOFRead(s.dm, s.rhs, &r));
  PetscCall(DMDAVecRestoreArrayDOF(s.dm, F, &f));
  PetscCall(DMDAVecRestoreArrayDOFRead(s.dm, s.local, &u));
  PetscFunctionReturn(0);
}

namespace {

// Row (i, j, q) of the Jacobian: a0 + the differences' weights on q, and
// D_axis q on the cell's velocity component `axis` (the advecting velocity).
PetscErrorCode jacobian_row(const BurgersStep& s, const Differences& d, PetscScalar*** u, int i,
                            int j, int q, Mat J) {
  const Grid& g = *s.grid;
  PetscFunctionBeginUser;
  std::array<MatStencil, 6> columns{};
  std::array<PetscScalar, 6> values{};
  columns[0] = stencil_at(2, i, j);
  columns[0].c = q;
  columns[1] = stencil_at(2, i, j);
  columns[1].c = 1 - q;
  values[0] = s.a0;
  int count = 2;
  for (int axis = 0; axis < 2; ++axis) {
    const int index = axis == 0 ? i : j;
    const double velocity = u[i][j][axis];
    const Weights c = d.convection(axis, index, velocity), l = d.laplacian(axis, index);
    const double nu = s.viscosity;
    values[0] += velocity * c.centre - nu * l.centre;
    values[axis == q ? 0 : 1] += apply(c, u, g, i, j, axis, q); // d/d(velocity component axis)
    for (const auto& [step, weight] : {std::pair{-1, velocity * c.minus - nu * l.minus},
                                       std::pair{+1, velocity * c.plus - nu * l.plus}}) {
      const int ni = axis == 0 ? i + step : i, nj = axis == 1 ? j + step : j;
      if (ni < 0 || nj < 0 || ni >= g.cells[0] || nj >= g.cells[1]) continue;
      columns[count] = stencil_at(2, ni, nj);
      columns[count].c = q;
      values[count++] = weight;
    }
  }
  MatStencil row = columns[0];
  PetscCall(MatSetValuesStencil(J, 1, &row, count, columns.data(), values.data(), INSERT_VALUES));
  PetscFunctionReturn(0);
}

} // namespace

PetscErrorCode burgers_jacobian(SNES, Vec U, Mat J, Mat, void* context) {
  const auto& s = *static_cast<const BurgersStep*>(context);
  const Differences d{s};
  PetscFunctionBeginUser;
  PetscCall(DMGlobalToLocalBegin(s.dm, U, INSERT_VALUES, s.local));
  PetscCall(DMGlobalToLocalEnd(s.dm, U, INSERT_VALUES, s.local));
  PetscScalar*** u;
  PetscCall(DMDAVecGetArrayDOFRead(s.dm, s.local, &u));
  const OwnedBox box = owned_box(s.dm);
  for (int i = box.i0; i < box.i1; ++i)
    for (int j = box.j0; j < box.j1; ++j)
      for (int q = 0; q < kFields; ++q) PetscCall(jacobian_row(s, d, u, i, j, q, J));
  PetscCall(DMDAVecRestoreArrayDOFRead(s.dm, s.local, &u));
  PetscCall(MatAssemblyBegin(J, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(J, MAT_FINAL_ASSEMBLY));
  PetscFunctionReturn(0);
}

} // namespace skr
