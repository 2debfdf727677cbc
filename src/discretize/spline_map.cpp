#include "discretize/spline_map.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <cstddef>
#include <limits>

// LAPACK's tridiagonal LU (PETSc's header lists no g*t* routines): declared
// with PETSc's name mangling, from the LAPACK that PETSc and skr-gen link.
#define SKR_LAPACKgttrf PETSCBLAS(gttrf, GTTRF)
#define SKR_LAPACKgttrs PETSCBLAS(gttrs, GTTRS)
BLAS_EXTERN void SKR_LAPACKgttrf(const PetscBLASInt* n, PetscReal* dl, PetscReal* d, PetscReal* du,
                                 PetscReal* du2, PetscBLASInt* ipiv, PetscBLASInt* info);
BLAS_EXTERN void SKR_LAPACKgttrs(const char* trans, const PetscBLASInt* n, const PetscBLASInt* nrhs,
                                 const PetscReal* dl, const PetscReal* d, const PetscReal* du,
                                 const PetscReal* du2, const PetscBLASInt* ipiv, PetscReal* b,
                                 const PetscBLASInt* ldb, PetscBLASInt* info);

namespace skr {
namespace {

PetscBLASInt blas_int(std::size_t n, const char* what) {
  if (n > std::size_t(std::numeric_limits<PetscBLASInt>::max()))
    fail("spline: {} ({}) exceeds LAPACK's integer range", what, n);
  return PetscBLASInt(n);
}

} // namespace

// The slope system of scipy's CubicSpline (not-a-knot ends), rows 0..n-1:
//   interior: dx_i s_{i-1} + 2 (dx_{i-1} + dx_i) s_i + dx_{i-1} s_{i+1}
//             = 3 (dx_i m_{i-1} + dx_{i-1} m_i),  m_i = (y_{i+1} - y_i) / dx_i
//   first:    dx_1 s_0 + (x_2 - x_0) s_1 = ((dx_0 + 2 d) dx_1 m_0 + dx_0^2 m_1) / d,  d = x_2 - x_0
//   last:     (x_{n-1} - x_{n-3}) s_{n-2} + dx_{n-3} s_{n-1}
//             = (dx_{n-2}^2 m_{n-3} + (2 d + dx_{n-2}) dx_{n-3} m_{n-2}) / d,  d = x_{n-1} - x_{n-3}
NotAKnotSpline::NotAKnotSpline(std::vector<double> knots, const std::vector<double>& points)
    : knots_(std::move(knots)) {
  const std::size_t n = knots_.size();
  if (n < 4) fail("not-a-knot spline: needs at least 4 knots, got {}", n);
  for (std::size_t i = 0; i + 1 < n; ++i) {
    dx_.push_back(knots_[i + 1] - knots_[i]);
    if (!(dx_.back() > 0)) fail("not-a-knot spline: knots must increase strictly (knot {})", i + 1);
  }
  diagonal_.assign(n, 0.0);
  lower_.assign(n - 1, 0.0); // row i + 1, column i
  upper_.assign(n - 1, 0.0); // row i, column i + 1
  for (std::size_t i = 1; i + 1 < n; ++i) {
    lower_[i - 1] = dx_[i];
    diagonal_[i] = 2 * (dx_[i - 1] + dx_[i]);
    upper_[i] = dx_[i - 1];
  }
  diagonal_[0] = dx_[1];
  upper_[0] = knots_[2] - knots_[0];
  diagonal_[n - 1] = dx_[n - 3];
  lower_[n - 2] = knots_[n - 1] - knots_[n - 3];
  upper2_.assign(n, 0.0);
  pivots_.assign(n, 0);
  const PetscBLASInt size = blas_int(n, "knots");
  PetscBLASInt info = 0;
  SKR_LAPACKgttrf(&size, lower_.data(), diagonal_.data(), upper_.data(), upper2_.data(),
                  pivots_.data(), &info);
  if (info != 0) fail("not-a-knot spline: singular slope system (dgttrf info {})", info);

  for (double p : points) {
    const auto above = std::upper_bound(knots_.begin(), knots_.end(), p);
    const auto i = std::size_t(
        std::clamp<std::ptrdiff_t>(above - knots_.begin() - 1, 0, std::ptrdiff_t(n) - 2));
    const double u = (p - knots_[i]) / dx_[i]; // outside [0, 1]: the end cubic, extended
    interval_.push_back(i);
    weights_.insert(weights_.end(), {2 * u * u * u - 3 * u * u + 1, -2 * u * u * u + 3 * u * u,
                                     u * u * u - 2 * u * u + u, u * u * u - u * u});
  }
}

std::vector<double> NotAKnotSpline::apply(const std::vector<double>& values,
                                          std::size_t lines) const {
  const std::size_t n = knots_.size(), m = interval_.size();
  if (values.size() != n * lines)
    fail("not-a-knot spline: {} values for {} lines of {} knots", values.size(), lines, n);
  // Right-hand sides, one column (line) after another: LAPACK's column-major.
  std::vector<double> slopes(n * lines);
  for (std::size_t line = 0; line < lines; ++line) {
    const double* y = &values[line * n];
    double* b = &slopes[line * n];
    auto m_ = [&](std::size_t i) { return (y[i + 1] - y[i]) / dx_[i]; };
    for (std::size_t i = 1; i + 1 < n; ++i) b[i] = 3 * (dx_[i] * m_(i - 1) + dx_[i - 1] * m_(i));
    const double d0 = knots_[2] - knots_[0], d1 = knots_[n - 1] - knots_[n - 3];
    b[0] = ((dx_[0] + 2 * d0) * dx_[1] * m_(0) + dx_[0] * dx_[0] * m_(1)) / d0;
    b[n - 1] = (dx_[n - 2] * dx_[n - 2] * m_(n - 3) + (2 * d1 + dx_[n - 2]) * dx_[n - 3] * m_(n - 2)) / d1;
  }
  if (lines > 0) {
    const PetscBLASInt size = blas_int(n, "knots"), count = blas_int(lines, "lines");
    PetscBLASInt info = 0;
    SKR_LAPACKgttrs("N", &size, &count, lower_.data(), diagonal_.data(), upper_.data(),
                    upper2_.data(), pivots_.data(), slopes.data(), &size, &info);
    if (info != 0) fail("not-a-knot spline: dgttrs failed (info {})", info);
  }
  std::vector<double> out(m * lines);
  for (std::size_t line = 0; line < lines; ++line) {
    const double* y = &values[line * n];
    const double* s = &slopes[line * n];
    for (std::size_t p = 0; p < m; ++p) {
      const std::size_t i = interval_[p];
      const double* w = &weights_[4 * p];
      out[line * m + p] = w[0] * y[i] + w[1] * y[i + 1] + dx_[i] * (w[2] * s[i] + w[3] * s[i + 1]);
    }
  }
  return out;
}

InverseLineMap::InverseLineMap(const LineMap& map) : n_(map.inputs()) {
  if (map.outputs() != n_)
    fail("inverse map: {} inputs but {} outputs (not square)", n_, map.outputs());
  // The images of the unit vectors, line k = column k of the map's matrix:
  // exactly the column-major matrix LAPACK wants.
  std::vector<double> identity(n_ * n_, 0.0);
  for (std::size_t k = 0; k < n_; ++k) identity[k * n_ + k] = 1.0;
  lu_ = map.apply(identity, n_);
  pivots_.assign(n_, 0);
  const PetscBLASInt size = blas_int(n_, "points");
  PetscBLASInt info = 0;
  LAPACKgetrf_(&size, &size, lu_.data(), &size, pivots_.data(), &info);
  if (info != 0) fail("inverse map: the map is singular (dgetrf info {})", info);
}

std::vector<double> InverseLineMap::apply(const std::vector<double>& values,
                                          std::size_t lines) const {
  if (values.size() != n_ * lines)
    fail("inverse map: {} values for {} lines of {} points", values.size(), lines, n_);
  std::vector<double> out = values;
  if (lines == 0) return out;
  const PetscBLASInt size = blas_int(n_, "points"), count = blas_int(lines, "lines");
  PetscBLASInt info = 0;
  LAPACKgetrs_("N", &size, &count, lu_.data(), &size, pivots_.data(), out.data(), &size, &info);
  if (info != 0) fail("inverse map: dgetrs failed (info {})", info);
  return out;
}

namespace {

std::vector<double> transpose(const std::vector<double>& a, std::size_t rows, std::size_t cols) {
  std::vector<double> t(a.size());
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) t[c * rows + r] = a[r * cols + c];
  return t;
}

} // namespace

std::vector<double> apply_2d(const LineMap& along_x, const LineMap& along_y,
                             const std::vector<double>& field) {
  const std::size_t nx = along_x.inputs(), ny = along_y.inputs();
  if (field.size() != nx * ny)
    fail("2-D spline: field has {} values, expected {} x {}", field.size(), nx, ny);
  // Rows are lines along y; then, transposed, columns are lines along x.
  const std::vector<double> rows = along_y.apply(field, nx); // [nx][my]
  const std::size_t my = along_y.outputs();
  const std::vector<double> columns = along_x.apply(transpose(rows, nx, my), my); // [my][mx]
  return transpose(columns, my, along_x.outputs());
}

} // namespace skr
