#pragma once
// Pseudo-spectral solver of the 2-D incompressible Navier-Stokes equations in
// vorticity form on the periodic unit square, as FNO's data generator
// (Li et al. 2021, data_generation/navier_stokes) advances them:
//   w_t + u . grad w = nu Laplace w + f,   u = (psi_y, -psi_x),  -Laplace psi = w,
//   f(x, y) = 0.1 (sin 2 pi (x + y) + cos 2 pi (x + y)).
// One step: u . grad w from the current w (velocity and gradient by spectral
// derivatives, product in physical space, 2/3-rule de-aliasing of the
// product), forward Euler on it and on f, Crank-Nicolson on nu Laplace w:
//   w^ <- ((1 - c) w^ + dt (f^ - F^)) / (1 + c),   c = dt nu 4 pi^2 |k|^2 / 2.
// Every mode's implicit step is a division: no linear solver. Real-to-complex
// FFTW plans are made once per solver; the per-mode loops and
// the transforms use `threads` OpenMP threads.
#include "spectral/fftw_setup.hpp"

#include <complex>
#include <cstddef>
#include <memory>
#include <span>
#include <vector>

namespace skr {

struct VorticityOptions {
  int n = 256;             // grid points per axis (even, >= 4)
  double viscosity = 1e-3; // nu
  double dt = 1e-4;
  bool forcing = true;     // FNO's f; off for the Taylor-Green check
  int threads = 1;         // FFTW and loop threads of this trajectory
  // FFTW_MEASURE times candidate algorithms and may pick another one on the
  // next run, changing round-off, which a chaotic flow amplifies: off by
  // default (FFTW_ESTIMATE), so a trajectory is reproducible bit for bit.
  bool measure = false;
};

// FNO's forcing at (x, y).
double fno_forcing(double x, double y);

class VorticitySolver2d {
public:
  explicit VorticitySolver2d(const VorticityOptions& options);
  ~VorticitySolver2d(); // Buffers is complete only in the .cpp

  // Vorticity at the grid points x_i = i / n, y_j = j / n, x slowest (n * n values).
  void set_vorticity(std::span<const double> w);
  std::vector<double> vorticity() const;
  // Advances `steps` steps of dt.
  void advance(long steps);
  // Fourier coefficients (unnormalised real-to-complex layout n x (n/2 + 1)).
  std::span<const std::complex<double>> spectrum() const;

  const VorticityOptions& options() const { return options_; }

private:
  struct Buffers;
  void step();
  void spectral_derivatives();
  void update_spectrum();

  VorticityOptions options_;
  std::size_t modes_ = 0;  // n * (n/2 + 1)
  std::size_t points_ = 0; // n * n
  std::unique_ptr<Buffers> buffers_;
  Plan forward_; // one real field -> spectrum
  Plan inverse_; // one spectrum -> one real field
};

// Every `stride`-th point of an n x n field along both axes, starting at 0
// (FNO's 256 -> 64 subsampling is stride 4).
std::vector<double> subsample(std::span<const double> field, int n, int stride);

} // namespace skr
