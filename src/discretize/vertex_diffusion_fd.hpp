#pragma once
// Vertex-centred 5-point finite differences for  -div(a grad u) = f  on a 2-D
// box with u = 0 on its boundary, as FNO's Darcy data (solve_gwf.m) solve it.
// The unknowns are the values at n_x x n_y vertices, the box's corners and
// edges included (n = grid.cells per axis, spacing (upper - lower) / (n - 1)),
// so the system has the size and DMDA layout of the cell grid it comes from.
//   * interior vertex: sum over its 4 faces of t (u_P - u_N) = f_P with
//     t = (a_P + a_N) / 2 / h^2 (arithmetic mean);
//   * boundary vertex: u = 0, eliminated from its neighbours' rows, and its
//     own row d u = 0 with d = 2 mean(a) (1/h_x^2 + 1/h_y^2), an interior-sized
//     diagonal, so the spectrum gains no outlier.
// The matrix is symmetric, and positive definite when every face t > 0. A
// spline of a piecewise-constant coefficient undershoots, most near the
// boundary, where it extrapolates: FNO's scheme keeps such faces as they are
// (here too), and the matrix stayed positive definite on every sample checked
// (docs/FNO_SCHEME.md).
#include "discretize/diffusion_fields.hpp"
#include "discretize/grid.hpp"

#include <petscmat.h>

#include <vector>

namespace skr {

// Vertex coordinates along `axis`: lower, ..., upper (grid.cells[axis] of them).
std::vector<double> vertex_coordinates(const Grid& grid, int axis);

// A and b must come from create_dmda_system for the same (2-D) grid; a and
// the source at the vertices.
void assemble_vertex_diffusion(const Grid& grid, const DiffusionFields& fields, Mat A, Vec b);

} // namespace skr
