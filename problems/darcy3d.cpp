// darcy3d: steady Darcy flow  -div(a grad u) = f  on the unit cube, u = 0 on
// the boundary: the 3-D version of the darcy family, sharing its
// implementation, options and defaults (problems/darcy.cpp) except the grid.
//
// Discretization: cell-centred 7-point finite volumes with harmonic-mean face
// coefficients (src/discretize/diffusion_fv.hpp); the matrix is SPD.
// Random input: the coefficient a from a 3-D Gaussian random field g with
// covariance (-Laplace + tau^2)^(-alpha), alpha > 3/2 (src/sampling/grf.hpp):
//   --coeff piecewise   a = a_high where g >= 0, a_low elsewhere (default 12 / 3)
//   --coeff lognormal   a = exp(g)
// Default grid 32 (32^3 = 32768 unknowns) when --grid is not given.
// Stored: /inputs/coeff [N, nx, ny, nz], /outputs/solution [N, nx, ny, nz].
//
//   skr-gen generate --problem darcy3d --samples 100
//   skr-gen generate --problem darcy3d --coeff lognormal --alpha 2.5 --tau 7 --grid 48
//   skr-gen generate --problem darcy3d --grid 64x32x32 --solver gmres --pc ilu
#include "discretize/problem.hpp"

namespace skr {

ProblemFamily darcy_family_in(int dims); // problems/darcy.cpp

ProblemFamily darcy3d_family() {
  return darcy_family_in(3);
}

} // namespace skr
