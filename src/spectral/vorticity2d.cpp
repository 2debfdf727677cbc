#include "spectral/vorticity2d.hpp"

#include "spectral/fftw_setup.hpp"
#include "util/error.hpp"
#include "util/fftw_array.hpp"

#include <cmath>
#include <numbers>

namespace skr {

namespace {

using Complex = std::complex<double>;
fftw_complex* as_fftw(Complex* p) { return reinterpret_cast<fftw_complex*>(p); }

// FNO's wavenumber of row i of a length-n FFT axis: 0..n/2-1, then -n/2..-1.
int wavenumber(int i, int n) { return i < n / 2 ? i : i - n; }

} // namespace

double fno_forcing(double x, double y) {
  const double phase = 2.0 * std::numbers::pi * (x + y);
  return 0.1 * (std::sin(phase) + std::cos(phase));
}

struct VorticitySolver2d::Buffers {
  FftwArray<Complex> w_hat, f_hat, nonlinear_hat, spectra4;
  FftwArray<double> fields4;
  std::vector<double> inverse_laplacian; // 1 / (4 pi^2 |k|^2), 0 for the mean
  std::vector<double> decay;             // (1 - c) / (1 + c)
  std::vector<double> gain;              // dt / (1 + c)
  std::vector<double> dealiased_gain;    // gain where the 2/3 rule keeps the mode, else 0
};

VorticitySolver2d::VorticitySolver2d(const VorticityOptions& options) : options_(options) {
  const int n = options_.n;
  if (n < 4 || n % 2 != 0) fail("ns2d: the solve grid must be even and at least 4, got {}", n);
  if (!(options_.dt > 0) || !std::isfinite(options_.dt))
    fail("ns2d: dt must be positive, got {}", options_.dt);
  if (!(options_.viscosity > 0) || !std::isfinite(options_.viscosity))
    fail("ns2d: the viscosity must be positive, got {}", options_.viscosity);
  const int half = n / 2 + 1;
  modes_ = std::size_t(n) * half;
  points_ = std::size_t(n) * n;

  buffers_ = std::make_unique<Buffers>();
  Buffers& b = *buffers_;
  b.w_hat = fftw_array<Complex>(modes_, "ns2d");
  b.f_hat = fftw_array<Complex>(modes_, "ns2d");
  b.nonlinear_hat = fftw_array<Complex>(modes_, "ns2d");
  b.spectra4 = fftw_array<Complex>(4 * modes_, "ns2d");
  b.fields4 = fftw_array<double>(4 * points_, "ns2d");

  // FFTW_MEASURE overwrites the arrays: plan before anything is stored.
  const unsigned flags = options_.measure ? FFTW_MEASURE : FFTW_ESTIMATE;
  const int threads = options_.threads;
  forward_ = make_plan(threads, [&] {
    return fftw_plan_dft_r2c_2d(n, n, b.fields4.get(), as_fftw(b.nonlinear_hat.get()), flags);
  }, "the forward transform");
  inverse_ = make_plan(threads, [&] {
    return fftw_plan_dft_c2r_2d(n, n, as_fftw(b.spectra4.get()), b.fields4.get(), flags);
  }, "the inverse transform");

  const double two_pi = 2.0 * std::numbers::pi;
  const double keep = (2.0 / 3.0) * (n / 2); // 2/3 rule on |k_x| and |k_y|
  b.inverse_laplacian.resize(modes_);
  b.decay.resize(modes_);
  b.gain.resize(modes_);
  b.dealiased_gain.resize(modes_);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < half; ++j) {
      const std::size_t m = std::size_t(i) * half + j;
      const double kx = wavenumber(i, n), ky = j;
      const double laplacian = two_pi * two_pi * (kx * kx + ky * ky);
      const double c = 0.5 * options_.dt * options_.viscosity * laplacian;
      b.inverse_laplacian[m] = laplacian > 0 ? 1.0 / laplacian : 0.0;
      b.decay[m] = (1.0 - c) / (1.0 + c);
      b.gain[m] = options_.dt / (1.0 + c);
      b.dealiased_gain[m] = (std::abs(kx) <= keep && std::abs(ky) <= keep) ? b.gain[m] : 0.0;
    }

  double* f = b.fields4.get();
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      f[std::size_t(i) * n + j] = options_.forcing ? fno_forcing(double(i) / n, double(j) / n) : 0.0;
  fftw_execute_dft_r2c(forward_.get(), f, as_fftw(b.f_hat.get()));
  std::fill_n(b.w_hat.get(), modes_, Complex(0.0));
}

VorticitySolver2d::~VorticitySolver2d() = default;

void VorticitySolver2d::set_vorticity(std::span<const double> w) {
  if (w.size() != points_)
    fail("ns2d: the vorticity has {} values, the {}^2 grid needs {}", w.size(), options_.n, points_);
  std::copy(w.begin(), w.end(), buffers_->fields4.get());
  fftw_execute_dft_r2c(forward_.get(), buffers_->fields4.get(), as_fftw(buffers_->w_hat.get()));
}

std::vector<double> VorticitySolver2d::vorticity() const {
  // c2r destroys its input: transform a copy. Scratch arrays are the
  // solver's own, so vorticity() is not to be called concurrently with advance().
  Buffers& b = *buffers_;
  std::copy_n(b.w_hat.get(), modes_, b.spectra4.get());
  fftw_execute_dft_c2r(inverse_.get(), as_fftw(b.spectra4.get()), b.fields4.get());
  std::vector<double> w(b.fields4.get(), b.fields4.get() + points_);
  for (double& v : w) v /= double(points_);
  return w;
}

std::span<const std::complex<double>> VorticitySolver2d::spectrum() const {
  return {buffers_->w_hat.get(), modes_};
}

void VorticitySolver2d::advance(long steps) {
  for (long s = 0; s < steps; ++s) step();
}

void VorticitySolver2d::step() {
  Buffers& b = *buffers_;
  spectral_derivatives();
  // Four plain 2-D transforms: faster than one howmany = 4 plan with FFTW_ESTIMATE.
  for (std::size_t f = 0; f < 4; ++f)
    fftw_execute_dft_c2r(inverse_.get(), as_fftw(b.spectra4.get() + f * modes_),
                         b.fields4.get() + f * points_);
  // u . grad w = psi_y w_x - psi_x w_y, in physical space.
  double* q = b.fields4.get();
  const double* v = q + points_;
  const double* wx = v + points_;
  const double* wy = wx + points_;
  const std::ptrdiff_t points = std::ptrdiff_t(points_);
#pragma omp parallel for num_threads(options_.threads) schedule(static) if (options_.threads > 1)
  for (std::ptrdiff_t p = 0; p < points; ++p) q[p] = q[p] * wx[p] + v[p] * wy[p];
  fftw_execute_dft_r2c(forward_.get(), q, as_fftw(b.nonlinear_hat.get()));
  update_spectrum();
}

// The four spectra the non-linear term needs, divided by n^2 so that FFTW's
// unnormalised inverse returns the fields: u = psi_y, v = -psi_x, w_x, w_y.
void VorticitySolver2d::spectral_derivatives() {
  Buffers& b = *buffers_;
  const int n = options_.n, half = n / 2 + 1;
  const double scale = 1.0 / double(points_), two_pi = 2.0 * std::numbers::pi;
  const Complex* w_hat = b.w_hat.get();
  Complex* u_hat = b.spectra4.get();
  Complex* v_hat = u_hat + modes_;
  Complex* wx_hat = v_hat + modes_;
  Complex* wy_hat = wx_hat + modes_;
  const double* inverse_laplacian = b.inverse_laplacian.data();
#pragma omp parallel for num_threads(options_.threads) schedule(static) if (options_.threads > 1)
  for (int i = 0; i < n; ++i) {
    const double kx = two_pi * wavenumber(i, n);
    for (int j = 0; j < half; ++j) {
      const std::size_t m = std::size_t(i) * half + j;
      const double ky = two_pi * j;
      const Complex w = w_hat[m] * scale;
      const Complex psi = w * inverse_laplacian[m];
      // i k z = (-k Im z, k Re z)
      u_hat[m] = Complex(-ky * psi.imag(), ky * psi.real());
      v_hat[m] = Complex(kx * psi.imag(), -kx * psi.real());
      wx_hat[m] = Complex(-kx * w.imag(), kx * w.real());
      wy_hat[m] = Complex(-ky * w.imag(), ky * w.real());
    }
  }
}

void VorticitySolver2d::update_spectrum() {
  Buffers& b = *buffers_;
  Complex* w_hat = b.w_hat.get();
  const Complex* f_hat = b.f_hat.get();
  const Complex* nonlinear_hat = b.nonlinear_hat.get();
  const double* decay = b.decay.data();
  const double* gain = b.gain.data();
  const double* dealiased_gain = b.dealiased_gain.data();
  const std::ptrdiff_t modes = std::ptrdiff_t(modes_);
#pragma omp parallel for num_threads(options_.threads) schedule(static) if (options_.threads > 1)
  for (std::ptrdiff_t m = 0; m < modes; ++m)
    w_hat[m] = decay[m] * w_hat[m] + gain[m] * f_hat[m] - dealiased_gain[m] * nonlinear_hat[m];
}

std::vector<double> subsample(std::span<const double> field, int n, int stride) {
  if (stride < 1 || n % stride != 0)
    fail("ns2d: the stored grid must divide the solve grid {} (stride {})", n, stride);
  if (field.size() != std::size_t(n) * n)
    fail("ns2d: a field of {} values is not {}^2", field.size(), n);
  const int m = n / stride;
  std::vector<double> out(std::size_t(m) * m);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < m; ++j)
      out[std::size_t(i) * m + j] = field[std::size_t(i) * stride * n + std::size_t(j) * stride];
  return out;
}

} // namespace skr
