#pragma once
// Cell-centred finite volumes for  -div(a grad u) + c u = f  on a structured
// 2-D or 3-D box, with Dirichlet boundary values:
//   * face coefficient = harmonic mean of the two cell values (exact for
//     layered media, keeps the matrix symmetric);
//   * a boundary face sits h/2 from its cell centre, so its flux is
//     2 a_P (u_P - g) / h;
//   * rows are divided by the cell volume, giving the familiar 5/7-point form.
// With c >= 0 the matrix is symmetric positive definite; c < 0 (Helmholtz)
// makes it indefinite.
// Optional, for domains that are not the whole box (e.g. thermal's slot):
//   * insulated box sides: zero flux (homogeneous Neumann) instead of Dirichlet;
//   * a mask of the cells inside the domain: a face between an inside and an
//     outside cell carries no flux (insulated wall), and an outside cell gets
//     the decoupled row d u = 0 with d = 2 a sum_axis 1/h^2, the diagonal of an
//     interior cell, so the spectrum gains no outlier; the matrix stays
//     symmetric (and SPD when the inside part is).
// Without them the behaviour is the all-Dirichlet box above.
#include "discretize/diffusion_fields.hpp"
#include "discretize/grid.hpp"
#include "discretize/system_values.hpp"

#include <petscmat.h>

#include <array>
#include <cstdint>
#include <functional>

namespace skr {

// a and the source at the cells, and:
struct DiffusionCoefficients : DiffusionFields {
  double reaction = 0.0; // c
  // Dirichlet value at a boundary face centre (x, y[, z]); empty means g = 0.
  std::function<double(const double* point)> boundary;
  // Zero-flux box sides, indexed 2 * axis + (0 for the lower side, 1 for the upper).
  std::array<bool, 6> insulated{};
  // Cells inside the domain (nonzero), storage order; nullptr means every cell.
  const std::vector<std::uint8_t>* inside = nullptr;
};

// A and b must come from create_dmda_system for the same grid. A null A
// fills b alone (a family whose operator is the same for every sample).
void assemble_diffusion(const Grid& grid, const DiffusionCoefficients& coefficients, Mat A, Vec b);
// The same values computed without PETSc, for the cells of `box` (b's
// owned_box_of): the operator's entries only `with_operator`.
SystemValues diffusion_values(const Grid& grid, const DiffusionCoefficients& coefficients,
                              const OwnedBox& box, bool with_operator = true);

} // namespace skr
