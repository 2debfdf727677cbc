#include "sampling/grf.hpp"

#include "util/error.hpp"

#include <cmath>
#include <mutex>
#include <numbers>
#include <numeric>

namespace skr {

namespace {

std::size_t product(const std::vector<int>& v) {
  return std::accumulate(v.begin(), v.end(), std::size_t{1}, std::multiplies<>());
}

// Mode multi-index of flat storage index `flat` (row-major).
std::vector<int> unflatten(std::size_t flat, const std::vector<int>& cells) {
  std::vector<int> k(cells.size());
  for (int axis = static_cast<int>(cells.size()) - 1; axis >= 0; --axis) {
    k[axis] = static_cast<int>(flat % cells[axis]);
    flat /= cells[axis];
  }
  return k;
}

} // namespace

// Plans are made once under this lock and then executed concurrently on
// separate arrays (fftw_execute_r2r).
std::mutex& fftw_planner_mutex() {
  static std::mutex planner;
  return planner;
}

GaussianRandomField::GaussianRandomField(std::vector<int> cells, GrfParameters parameters)
    : cells_(std::move(cells)), parameters_(parameters) {
  const int dims = static_cast<int>(cells_.size());
  if (dims < 1 || dims > 3) fail("GRF: {} dimensions not supported", dims);
  if (!(parameters_.tau > 0) || !std::isfinite(parameters_.tau))
    fail("GRF: tau must be positive, got {}", parameters_.tau);
  if (!(parameters_.alpha > dims / 2.0) || !std::isfinite(parameters_.alpha))
    fail("GRF: alpha must exceed d/2 = {} for a well-defined field, got {}", dims / 2.0,
         parameters_.alpha);
  if (parameters_.sigma < 0)
    parameters_.sigma = std::pow(parameters_.tau, parameters_.alpha - dims / 2.0);

  // REDFT01 computes Y_j = X_0 + 2 sum_k X_k cos(pi k (j + 1/2) / n), so the
  // orthonormal cosine sqrt(2) cos(pi k x) needs X_k = coefficient / sqrt(2).
  const std::size_t n = product(cells_);
  mode_scale_.resize(n);
  for (std::size_t flat = 0; flat < n; ++flat) {
    const auto k = unflatten(flat, cells_);
    double scale = mode_std(k);
    for (int axis = 0; axis < dims; ++axis)
      if (k[axis] > 0) scale /= std::numbers::sqrt2;
    mode_scale_[flat] = scale;
  }

  std::vector<fftw_r2r_kind> inverse(dims, FFTW_REDFT01), forward(dims, FFTW_REDFT10);
  std::vector<double> a(n), b(n);
  std::lock_guard lock(fftw_planner_mutex());
  synthesis_ = fftw_plan_r2r(dims, cells_.data(), a.data(), b.data(), inverse.data(),
                             FFTW_ESTIMATE | FFTW_UNALIGNED);
  analysis_ = fftw_plan_r2r(dims, cells_.data(), a.data(), b.data(), forward.data(),
                            FFTW_ESTIMATE | FFTW_UNALIGNED);
  if (!synthesis_ || !analysis_) fail("GRF: FFTW could not plan a DCT of this size");
}

GaussianRandomField::~GaussianRandomField() {
  std::lock_guard lock(fftw_planner_mutex());
  if (synthesis_) fftw_destroy_plan(synthesis_);
  if (analysis_) fftw_destroy_plan(analysis_);
}

double GaussianRandomField::mode_std(const std::vector<int>& k) const {
  double k2 = 0;
  for (int ki : k) k2 += double(ki) * ki;
  if (k2 == 0) return 0.0; // zero-mean field
  const double pi2 = std::numbers::pi * std::numbers::pi;
  return parameters_.sigma *
         std::pow(pi2 * k2 + parameters_.tau * parameters_.tau, -parameters_.alpha / 2.0);
}

std::vector<double> GaussianRandomField::sample(std::mt19937_64& rng) const {
  std::normal_distribution<double> normal(0.0, 1.0);
  const std::size_t n = mode_scale_.size();
  std::vector<double> coefficients(n), field(n);
  for (std::size_t i = 0; i < n; ++i) coefficients[i] = normal(rng) * mode_scale_[i];
  fftw_execute_r2r(synthesis_, coefficients.data(), field.data());
  return field;
}

std::vector<double> GaussianRandomField::analyse(const std::vector<double>& field) const {
  const std::size_t n = mode_scale_.size();
  if (field.size() != n) fail("GRF: field has {} values, expected {}", field.size(), n);
  std::vector<double> input(field), coefficients(n);
  fftw_execute_r2r(analysis_, input.data(), coefficients.data());
  // REDFT10 inverts REDFT01 up to 2n per axis; undo the sqrt(2) of nonzero modes.
  double normalisation = 1.0;
  for (int c : cells_) normalisation *= 2.0 * c;
  for (std::size_t flat = 0; flat < n; ++flat) {
    const auto k = unflatten(flat, cells_);
    double factor = 1.0 / normalisation;
    for (int ki : k)
      if (ki > 0) factor *= std::numbers::sqrt2;
    coefficients[flat] *= factor;
  }
  return coefficients;
}

} // namespace skr
