#pragma once
// Cell-centred finite volumes for the steady convection-diffusion equation
//   -eps Laplace(u) + div(b u) = f   (= b . grad u when div b = 0)
// on a structured 2-D box with u = 0 on the boundary, on a DMDA from
// create_dmda_system (5-point pattern).
//
// The velocity is given by its normal component at every cell face. Each face
// flux F = (b.n) u - eps du/dn between cell P and its neighbour N (or the
// boundary value 0, which sits delta = h/2 away) is F = wP u_P - wN u_N with
//   upwind:               wP = eps/delta + max(v, 0), wN = eps/delta + max(-v, 0)
//                         (first order, an M-matrix for every Peclet number);
//   Scharfetter-Gummel:   wP = eps/delta B(-z),  wN = eps/delta B(z),
//                         z = v delta / eps, B(z) = z / (e^z - 1)
//                         (exponential fitting: exact for 1-D constant-velocity
//                         flux, upwind as |z| -> inf, central + O(h^2) as z -> 0,
//                         so second order where the cell Peclet number is small,
//                         and an M-matrix always).
// v = b.n with n the outward normal of P. Rows are divided by the cell volume.
// The matrix is not symmetric unless b = 0.
#include "discretize/grid.hpp"

#include <petscmat.h>

namespace skr {

enum class ConvectionScheme { upwind, scharfetter_gummel };

// Normal velocities on the faces of a 2-D grid (nx, ny):
//   x[I * ny + j],       I = 0..nx: b_x on the face x = lower_x + I hx of row j;
//   y[i * (ny + 1) + J], J = 0..ny: b_y on the face y = lower_y + J hy of column i.
struct FaceVelocities {
  std::vector<double> x, y;
  double max_abs() const;
};

// b = (d psi/dy, -d psi/dx) from a stream function at the cell centres: psi is
// averaged to the cell vertices (cells mirrored across the boundary, matching
// a zero-Neumann field such as a cosine-series GRF) and differenced along each
// face, so the discrete divergence of every cell is exactly zero.
FaceVelocities curl_of_stream_function(const Grid& grid, const std::vector<double>& psi);

// Cell-centre velocity (average of the two opposite faces) per axis, storage order.
std::vector<double> cell_velocity(const Grid& grid, const FaceVelocities& faces, int axis);

struct ConvectionDiffusionCoefficients {
  double eps = 1.0;
  const FaceVelocities* velocity = nullptr;    // required
  const std::vector<double>* source = nullptr; // cell values, or nullptr for constant_source
  double constant_source = 1.0;
  ConvectionScheme scheme = ConvectionScheme::scharfetter_gummel;
};

// The Bernoulli function z / (e^z - 1), B(0) = 1.
double bernoulli(double z);

// A and b must come from create_dmda_system for the same (2-D) grid.
void assemble_convection_diffusion(const Grid& grid, const ConvectionDiffusionCoefficients& c,
                                   Mat A, Vec b);

} // namespace skr
