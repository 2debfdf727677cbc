#include "discretize/convection_diffusion_fv.hpp"

#include "discretize/dmda_grid.hpp"
#include "util/error.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace skr {

double FaceVelocities::max_abs() const {
  double m = 0;
  for (double v : x) m = std::max(m, std::abs(v));
  for (double v : y) m = std::max(m, std::abs(v));
  return m;
}

FaceVelocities curl_of_stream_function(const Grid& grid, const std::vector<double>& psi) {
  if (grid.dims() != 2) fail("stream function: only 2-D grids");
  if (psi.size() != grid.points())
    fail("stream function has {} values, grid has {}", psi.size(), grid.points());
  const int nx = grid.cells[0], ny = grid.cells[1];
  const double hx = grid.spacing(0), hy = grid.spacing(1);
  // Vertex (I, J) is the corner shared by cells I-1, I and J-1, J; ghost cells mirror.
  auto cell = [&](int i, int j) {
    return psi[grid.index(std::clamp(i, 0, nx - 1), std::clamp(j, 0, ny - 1))];
  };
  // Each vertex once (every one is shared by four faces).
  std::vector<double> vertices(std::size_t(nx + 1) * (ny + 1));
  for (int I = 0; I <= nx; ++I)
    for (int J = 0; J <= ny; ++J)
      vertices[std::size_t(I) * (ny + 1) + J] =
          0.25 * (cell(I - 1, J - 1) + cell(I - 1, J) + cell(I, J - 1) + cell(I, J));
  auto vertex = [&](int I, int J) { return vertices[std::size_t(I) * (ny + 1) + J]; };
  FaceVelocities b;
  b.x.resize(std::size_t(nx + 1) * ny);
  b.y.resize(std::size_t(nx) * (ny + 1));
  for (int I = 0; I <= nx; ++I)
    for (int j = 0; j < ny; ++j)
      b.x[std::size_t(I) * ny + j] = (vertex(I, j + 1) - vertex(I, j)) / hy;
  for (int i = 0; i < nx; ++i)
    for (int J = 0; J <= ny; ++J)
      b.y[std::size_t(i) * (ny + 1) + J] = -(vertex(i + 1, J) - vertex(i, J)) / hx;
  return b;
}

std::vector<double> cell_velocity(const Grid& grid, const FaceVelocities& faces, int axis) {
  const int nx = grid.cells[0], ny = grid.cells[1];
  std::vector<double> v(grid.points());
  for (int i = 0; i < nx; ++i)
    for (int j = 0; j < ny; ++j)
      v[grid.index(i, j)] =
          axis == 0
              ? 0.5 * (faces.x[std::size_t(i) * ny + j] + faces.x[std::size_t(i + 1) * ny + j])
              : 0.5 * (faces.y[std::size_t(i) * (ny + 1) + j] +
                       faces.y[std::size_t(i) * (ny + 1) + j + 1]);
  return v;
}

double bernoulli(double z) {
  return z == 0 ? 1.0 : z / std::expm1(z);
}

void assemble_convection_diffusion(const Grid& grid, const ConvectionDiffusionCoefficients& c,
                                   Mat A, Vec b) {
  if (grid.dims() != 2) fail("convection-diffusion: only 2-D grids");
  if (!(c.eps > 0)) fail("convection-diffusion: eps must be positive, got {}", c.eps);
  const int nx = grid.cells[0], ny = grid.cells[1];
  const FaceVelocities& v = *c.velocity;
  if (v.x.size() != std::size_t(nx + 1) * ny || v.y.size() != std::size_t(nx) * (ny + 1))
    fail("convection-diffusion: face velocities do not match the {}x{} grid", nx, ny);
  if (c.source && c.source->size() != grid.points())
    fail("convection-diffusion: source has {} values, grid has {}", c.source->size(),
         grid.points());

  DM dm = nullptr;
  SKR_PETSC(MatGetDM(A, &dm));
  if (!dm) fail("convection-diffusion: matrix was not created by create_dmda_system");
  const OwnedBox box = owned_box(dm);

  // Face flux F = wP u_P - wN u_N for outward velocity `out` over distance `delta`.
  auto weights = [&](double out, double delta) -> std::array<double, 2> {
    const double d = c.eps / delta;
    if (c.scheme == ConvectionScheme::upwind)
      return {d + std::max(out, 0.0), d + std::max(-out, 0.0)};
    const double z = out * delta / c.eps;
    return {d * bernoulli(-z), d * bernoulli(z)};
  };

  // Each face's weights once, seen from the cell below it (outward velocity
  // +v): the cell above sees -v, whose weights are the same two numbers
  // swapped, bit for bit (z and -z, max(v, 0) and max(-v, 0)).
  const double hx = grid.spacing(0), hy = grid.spacing(1);
  const int rows = box.i1 - box.i0, columns = box.j1 - box.j0;
  std::vector<std::array<double, 2>> wx(std::size_t(rows + 1) * columns),
      wy(std::size_t(rows) * (columns + 1));
  for (int I = box.i0; I <= box.i1; ++I)
    for (int j = box.j0; j < box.j1; ++j)
      wx[std::size_t(I - box.i0) * columns + (j - box.j0)] =
          weights(v.x[std::size_t(I) * ny + j], I == 0 || I == nx ? hx / 2 : hx);
  for (int i = box.i0; i < box.i1; ++i)
    for (int J = box.j0; J <= box.j1; ++J)
      wy[std::size_t(i - box.i0) * (columns + 1) + (J - box.j0)] =
          weights(v.y[std::size_t(i) * (ny + 1) + J], J == 0 || J == ny ? hy / 2 : hy);

  PetscScalar** rhs = nullptr;
  SKR_PETSC(DMDAVecGetArray(dm, b, &rhs));
  std::vector<PetscScalar> entries; // in set_stencil_values' order
  entries.reserve(std::size_t(rows) * columns * 5);
  std::array<PetscScalar, 5> values;
  for (int i = box.i0; i < box.i1; ++i)
    for (int j = box.j0; j < box.j1; ++j) {
      const std::size_t x = std::size_t(i - box.i0) * columns + (j - box.j0);
      const std::size_t y = std::size_t(i - box.i0) * (columns + 1) + (j - box.j0);
      // The four faces: weights (wP, wN) of this cell, face width h, boundary or not.
      struct Face {
        double wP, wN, h;
        bool boundary;
      };
      const std::array<Face, 4> faces{{
          {wx[x][1], wx[x][0], hx, i == 0},
          {wx[x + columns][0], wx[x + columns][1], hx, i + 1 == nx},
          {wy[y][1], wy[y][0], hy, j == 0},
          {wy[y + 1][0], wy[y + 1][1], hy, j + 1 == ny},
      }};
      double diagonal = 0;
      int count = 1;
      for (const Face& face : faces) {
        diagonal += face.wP / face.h;
        if (face.boundary) continue; // u = 0 there: wN * 0 adds nothing to b
        values[count++] = -face.wN / face.h;
      }
      values[0] = diagonal;
      entries.insert(entries.end(), values.begin(), values.begin() + count);
      rhs[i][j] = c.source ? (*c.source)[grid.index(i, j)] : c.constant_source;
    }
  SKR_PETSC(DMDAVecRestoreArray(dm, b, &rhs));
  set_stencil_values(A, entries);
}

} // namespace skr
