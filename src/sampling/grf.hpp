#pragma once
// Gaussian random fields with covariance sigma^2 (-Laplace + tau^2 I)^(-alpha)
// on the unit box with zero-Neumann boundary, as in the FNO data generator:
//   g(x) = sum_k  sigma (pi^2 |k|^2 + tau^2)^(-alpha/2)  xi_k  phi_k(x),
// phi_k a product of orthonormal cosines sqrt(2) cos(pi k x), xi_k ~ N(0,1),
// and the constant mode dropped (zero mean). Sampled at cell centres with one
// inverse DCT (FFTW REDFT01), so the cost is O(n log n) per field.
#include <fftw3.h>

#include <cstdint>
#include <mutex>
#include <random>
#include <vector>

namespace skr {

// FFTW's planner is not thread-safe: every plan in skr-gen is made and
// destroyed under this lock (execution needs none).
std::mutex& fftw_planner_mutex();

struct GrfParameters {
  double alpha = 2.0;
  double tau = 3.0;
  // sigma < 0 means FNO's choice tau^(alpha - d/2), which keeps the field O(1).
  double sigma = -1.0;
};

class GaussianRandomField {
public:
  // cells: points per axis (2 or 3 axes), storage row-major, x slowest.
  GaussianRandomField(std::vector<int> cells, GrfParameters parameters);
  ~GaussianRandomField();
  GaussianRandomField(const GaussianRandomField&) = delete;
  GaussianRandomField& operator=(const GaussianRandomField&) = delete;

  // One field drawn from `rng`. Thread-safe: the plan is shared, the arrays are not.
  std::vector<double> sample(std::mt19937_64& rng) const;

  // Standard deviation of the coefficient of mode k (one index per axis).
  double mode_std(const std::vector<int>& k) const;
  // The coefficients xi_k * mode_std(k) of a field (inverse of sample's synthesis).
  std::vector<double> analyse(const std::vector<double>& field) const;

  const std::vector<int>& cells() const { return cells_; }

private:
  std::vector<int> cells_;
  GrfParameters parameters_;
  std::vector<double> mode_scale_; // mode_std times the DCT normalisation, per mode
  fftw_plan synthesis_ = nullptr;
  fftw_plan analysis_ = nullptr;
};

} // namespace skr
