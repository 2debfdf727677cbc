#pragma once
// A 2-D field given at the cell centres of the unit square, continued as its
// cosine series (the even, 2-periodic extension of a zero-Neumann field such
// as a GRF of grf.hpp) and evaluated translated: g(x - s) for any shift s.
// The translate is exact for the series (no interpolation), so a field moving
// at constant speed is smooth in time and periodic with period 2 per axis.
// One analysis at construction, then four r2r transforms per shift
// (cos/sin x cos/sin), O(n log n).
#include <fftw3.h>

#include <array>
#include <vector>

namespace skr {

class TranslatedField {
public:
  // cells {nx, ny}; field in storage order (x slowest).
  TranslatedField(std::array<int, 2> cells, const std::vector<double>& field);
  ~TranslatedField();
  TranslatedField(const TranslatedField&) = delete;
  TranslatedField& operator=(const TranslatedField&) = delete;

  // g(x - shift) at the cell centres, storage order. Not thread-safe (shared buffers).
  std::vector<double> at(double shift_x, double shift_y) const;

private:
  std::array<int, 2> cells_;
  std::vector<double> coefficients_; // c_kl: g = sum w_k w_l c_kl cos(pi k x) cos(pi l y)
  mutable std::vector<double> in_, out_;
  std::array<fftw_plan, 4> plans_{}; // (cos|sin in x) x (cos|sin in y)
};

} // namespace skr
