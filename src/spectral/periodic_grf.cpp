#include "spectral/periodic_grf.hpp"

#include "spectral/fftw_setup.hpp"
#include "util/error.hpp"

#include <cmath>
#include <complex>
#include <memory>
#include <numbers>
#include <numeric>

namespace skr {

namespace {
int wavenumber(int i, int n) { return i < n / 2 ? i : i - n; }
} // namespace

PeriodicGrf::PeriodicGrf(int n, double alpha, double tau) : n_(n) {
  if (n < 2) fail("GRF: the periodic grid needs at least 2 points per axis, got {}", n);
  if (!(tau > 0) || !std::isfinite(tau)) fail("GRF: tau must be positive, got {}", tau);
  if (!(alpha > 1.0) || !std::isfinite(alpha))
    fail("GRF: alpha must exceed d/2 = 1 for a well-defined field, got {}", alpha);
  const double sigma = std::pow(tau, alpha - 1.0);
  const double four_pi2 = 4.0 * std::numbers::pi * std::numbers::pi;
  mode_std_.resize(std::size_t(n) * n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double kx = wavenumber(i, n), ky = wavenumber(j, n);
      const double k2 = kx * kx + ky * ky;
      mode_std_[std::size_t(i) * n + j] =
          k2 == 0 ? 0.0
                  : std::numbers::sqrt2 * sigma * std::pow(four_pi2 * k2 + tau * tau, -alpha / 2.0);
    }
  std::vector<std::complex<double>> a(mode_std_.size()), b(mode_std_.size());
  inverse_ = make_plan(1, [&] {
    return fftw_plan_dft_2d(n, n, reinterpret_cast<fftw_complex*>(a.data()),
                            reinterpret_cast<fftw_complex*>(b.data()), FFTW_BACKWARD,
                            FFTW_ESTIMATE | FFTW_UNALIGNED);
  }, "the GRF synthesis");
}

std::vector<double> PeriodicGrf::sample(std::mt19937_64& rng) const {
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<std::complex<double>> coefficients(mode_std_.size()), field(mode_std_.size());
  for (std::size_t m = 0; m < mode_std_.size(); ++m) {
    const double re = normal(rng);
    const double im = normal(rng);
    coefficients[m] = {re * mode_std_[m], im * mode_std_[m]};
  }
  fftw_execute_dft(inverse_.get(), reinterpret_cast<fftw_complex*>(coefficients.data()),
                   reinterpret_cast<fftw_complex*>(field.data()));
  std::vector<double> w(field.size());
  for (std::size_t p = 0; p < w.size(); ++p) w[p] = field[p].real();
  return w;
}

double PeriodicGrf::pointwise_variance() const {
  return std::accumulate(mode_std_.begin(), mode_std_.end(), 0.0,
                         [](double sum, double s) { return sum + s * s; });
}

} // namespace skr
