#pragma once
// Gaussian random fields on the periodic unit square drawn as FNO's
// random_fields.py draws the Navier-Stokes initial vorticity: covariance
// (-Laplace + tau^2)^(-alpha), sigma = tau^(alpha - d/2), and on the full
// n x n Fourier grid (wavenumbers 0..n/2-1, -n/2..-1 per axis) each
// coefficient a complex standard normal (real and imaginary parts N(0, 1),
// drawn in that order, mode by mode, row-major) times
//   sqrt(2) sigma (4 pi^2 |k|^2 + tau^2)^(-alpha/2),
// the mean mode 0; the field is the real part of the inverse FFT. FNO scales
// by n^d and then divides by n^d in torch's default inverse FFT: the two
// cancel and are left out here. This differs from src/sampling/grf.hpp
// (Neumann cosines, pi^2 |k|^2), which matches FNO's Darcy coefficients.
#include "spectral/fftw_setup.hpp"

#include <random>
#include <vector>

namespace skr {

class PeriodicGrf {
public:
  PeriodicGrf(int n, double alpha, double tau);

  // One n x n field (x slowest). Thread-safe: the plan is shared, the arrays are not.
  std::vector<double> sample(std::mt19937_64& rng) const;
  // The pointwise variance of the field: sum over k of 2 sigma^2 (4 pi^2 |k|^2 + tau^2)^(-alpha).
  double pointwise_variance() const;

private:
  int n_;
  std::vector<double> mode_std_; // per mode of the n x n grid, row-major
  Plan inverse_;
};

} // namespace skr
