#include "sampling/translated_field.hpp"

#include "sampling/grf.hpp"
#include "util/error.hpp"

#include <cmath>
#include <mutex>
#include <numbers>

namespace skr {

TranslatedField::TranslatedField(std::array<int, 2> cells, const std::vector<double>& field)
    : cells_(cells) {
  const int nx = cells[0], ny = cells[1];
  const std::size_t n = std::size_t(nx) * ny;
  if (nx < 1 || ny < 1 || field.size() != n)
    fail("translated field: {} values for a {}x{} grid", field.size(), nx, ny);
  in_ = field;
  out_.resize(n);
  coefficients_.resize(n);
  std::lock_guard lock(fftw_planner_mutex());
  // REDFT10 then REDFT01 multiplies by 2n per axis: c = REDFT10(g) / (4 nx ny)
  // makes REDFT01(c) = g, i.e. g(x) = sum w_k w_l c_kl cos(pi k x) cos(pi l y)
  // with w_0 = 1, w_k = 2 (REDFT01's convention).
  fftw_plan analysis = fftw_plan_r2r_2d(nx, ny, in_.data(), coefficients_.data(), FFTW_REDFT10,
                                        FFTW_REDFT10, FFTW_ESTIMATE);
  const fftw_r2r_kind kinds[2] = {FFTW_REDFT01, FFTW_RODFT01};
  for (int p = 0; p < 4; ++p)
    plans_[p] = fftw_plan_r2r_2d(nx, ny, in_.data(), out_.data(), kinds[p / 2], kinds[p % 2],
                                 FFTW_ESTIMATE);
  if (!analysis || !plans_[0] || !plans_[1] || !plans_[2] || !plans_[3])
    fail("translated field: FFTW could not plan a {}x{} transform", nx, ny);
  in_ = field; // planning with FFTW_ESTIMATE keeps the arrays, but be safe
  fftw_execute(analysis);
  fftw_destroy_plan(analysis);
  for (double& c : coefficients_) c /= 4.0 * nx * ny;
}

TranslatedField::~TranslatedField() {
  std::lock_guard lock(fftw_planner_mutex());
  for (fftw_plan p : plans_)
    if (p) fftw_destroy_plan(p);
}

std::vector<double> TranslatedField::at(double shift_x, double shift_y) const {
  // cos(pi k (x - s)) = cos(pi k s) cos(pi k x) + sin(pi k s) sin(pi k x):
  // the cosine part keeps mode k at index k (REDFT01), the sine part puts
  // mode k >= 1 at index k - 1 (RODFT01, whose own last mode, k = n, is absent).
  const int nx = cells_[0], ny = cells_[1];
  const double pi = std::numbers::pi;
  std::vector<double> cx(nx), sx(nx), cy(ny), sy(ny), result(std::size_t(nx) * ny, 0.0);
  for (int k = 0; k < nx; ++k) cx[k] = std::cos(pi * k * shift_x), sx[k] = std::sin(pi * k * shift_x);
  for (int l = 0; l < ny; ++l) cy[l] = std::cos(pi * l * shift_y), sy[l] = std::sin(pi * l * shift_y);
  for (int p = 0; p < 4; ++p) {
    const bool sin_x = p / 2, sin_y = p % 2;
    std::fill(in_.begin(), in_.end(), 0.0);
    for (int k = sin_x; k < nx; ++k)
      for (int l = sin_y; l < ny; ++l)
        in_[std::size_t(k - sin_x) * ny + (l - sin_y)] = coefficients_[std::size_t(k) * ny + l] *
                                                         (sin_x ? sx[k] : cx[k]) *
                                                         (sin_y ? sy[l] : cy[l]);
    fftw_execute(plans_[p]);
    for (std::size_t i = 0; i < result.size(); ++i) result[i] += out_[i];
  }
  return result;
}

} // namespace skr
