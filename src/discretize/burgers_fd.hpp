#pragma once
// One implicit step of 2-D viscous Burgers, u_t + (u . grad) u = nu Laplace u,
// on a cell-centred DMDA grid (two velocity components interleaved per cell,
// create_dmda_system(..., 2, couple_in_cell = true)), as PETSc SNES callbacks:
//   F(U) = a0 U + C(U) - nu L U - R,
// a0 the scheme's coefficient of U^{n+1} (1 / dt, or 3 / (2 dt) for BDF2) and
// R its history plus the forcing. Walls hold u = 0 through a mirrored ghost
// (q_ghost = -q_cell: second order at the wall half a cell away). L is the
// 5-point Laplacian; C(U) = u D_x q + v D_y q per component q with the cell's
// own velocity, D upwinded by its sign (first order, monotone) or central
// (second order). burgers_jacobian assembles dF/dU by hand (upwinding's switch
// has derivative zero almost everywhere).
#include "discretize/grid.hpp"

#include <petscsnes.h>

namespace skr {

enum class BurgersConvection { upwind, central };

struct BurgersStep {
  const Grid* grid = nullptr;
  double viscosity = 1e-2;
  BurgersConvection convection = BurgersConvection::upwind;
  DM dm = nullptr;     // the system's DMDA (MatGetDM of its matrix)
  double a0 = 0;       // coefficient of U^{n+1}
  Vec rhs = nullptr;   // R (global)
  Vec local = nullptr; // work: U with ghosts (DMCreateLocalVector(dm))
};

// SNESSetFunction / SNESSetJacobian callbacks; context: a BurgersStep.
PetscErrorCode burgers_residual(SNES, Vec U, Vec F, void* step);
PetscErrorCode burgers_jacobian(SNES, Vec U, Mat J, Mat P, void* step);

} // namespace skr
