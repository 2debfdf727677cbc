#pragma once
// Not-a-knot cubic spline interpolation as a linear map between two 1-D point
// sets, applied along the lines of a 2-D field: MATLAB's spline / interp2
// 'spline' and scipy's CubicSpline(bc_type="not-a-knot"). Points outside the
// knots take the end pieces' cubics (extrapolation, as MATLAB and scipy do).
// Not-a-knot: the third derivative is continuous at the second and the
// second-to-last knot, so the spline reproduces every cubic polynomial.
// The slopes come from a tridiagonal system factored once (LAPACK dgttrf).
// Used by darcy's fno-vertex scheme (FNO's solve_gwf.m) to move fields
// between cell centres and vertices.
#include <petscsys.h> // before petscblaslapack.h, which needs it
#include <petscblaslapack.h>

#include <cstddef>
#include <vector>

namespace skr {

// A linear map from values at `inputs()` points to values at `outputs()`
// points, applied to many lines at once.
class LineMap {
public:
  virtual ~LineMap() = default;
  virtual std::size_t inputs() const = 0;
  virtual std::size_t outputs() const = 0;
  // values[line * inputs() + i] -> result[line * outputs() + p].
  virtual std::vector<double> apply(const std::vector<double>& values, std::size_t lines) const = 0;
};

class NotAKnotSpline final : public LineMap {
public:
  // knots strictly increasing, at least 4 of them; points anywhere.
  NotAKnotSpline(std::vector<double> knots, const std::vector<double>& points);
  std::size_t inputs() const override { return knots_.size(); }
  std::size_t outputs() const override { return interval_.size(); }
  std::vector<double> apply(const std::vector<double>& values, std::size_t lines) const override;

private:
  std::vector<double> knots_, dx_;
  // LU factors of the slope system (dgttrf).
  std::vector<double> lower_, diagonal_, upper_, upper2_;
  std::vector<PetscBLASInt> pivots_;
  // Per point: its interval and Hermite weights of y_i, y_i+1, h s_i, h s_i+1.
  std::vector<std::size_t> interval_;
  std::vector<double> weights_;
};

// The inverse of a square map (as many outputs as inputs): the input values
// whose image is the given output values. Dense LU (LAPACK dgetrf) of the
// map's matrix, O(n^3) once.
class InverseLineMap final : public LineMap {
public:
  explicit InverseLineMap(const LineMap& map);
  std::size_t inputs() const override { return n_; }
  std::size_t outputs() const override { return n_; }
  std::vector<double> apply(const std::vector<double>& values, std::size_t lines) const override;

private:
  std::size_t n_;
  std::vector<double> lu_; // column-major
  std::vector<PetscBLASInt> pivots_;
};

// `along_x` on the first (slow) axis and `along_y` on the second of a field
// stored row-major [along_x.inputs()][along_y.inputs()]; the result is
// row-major [along_x.outputs()][along_y.outputs()].
std::vector<double> apply_2d(const LineMap& along_x, const LineMap& along_y,
                             const std::vector<double>& field);

} // namespace skr
