#pragma once
// Geometric multigrid (-pc_type mg, --pc mg) on the DMDA grid of a system.
//
// PETSc's PCMG coarsens through the KSP's DM, which our KSP does not have (a
// segfault in DMCoarsen), and its DMDA interpolation is vertex-centred: it
// refuses our cell-centred grids of 64, 100, 128 or 421 cells. So the
// hierarchy is built here: each level halves every axis (rounding up, so odd
// sizes coarsen too), piecewise-constant cell-centred interpolation (fine
// cell i takes coarse cell i/2), and Galerkin coarse operators P^T A P.
#include <petscksp.h>

#include <vector>

namespace skr {

// Levels a grid of `cells` per axis allows: one more than the times every
// axis can be halved while keeping at least 2 cells.
int max_multigrid_levels(const std::vector<int>& cells);

// Before the first set-up of a PCMG on a matrix with a DMDA: the level count
// (-pc_mg_levels, capped by the grid, saying so in one line; all the grid
// allows when not given), the interpolations and Galerkin coarse operators.
// No-op for other preconditioners and once set up.
void setup_multigrid(KSP ksp, Mat A);

} // namespace skr
