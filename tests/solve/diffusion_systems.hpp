#pragma once
// Test systems for Krylov solvers: 2-D cell-centred finite volumes for
// -div(a grad u) = 1 on the unit square, u = 0 on the boundary (ghost distance
// h/2), harmonic-mean face coefficients, a = exp(g) for a smooth random field g.
// The matrix is SPD. A slowly varying sequence uses g_t = g0 + step * t * g1.
#include "util/error.hpp"
#include "util/petsc_handle.hpp"

#include <petscksp.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace skr::test {

// A vector compatible with A's columns.
inline Handle<Vec> make_vec(Mat A) {
  Handle<Vec> x;
  SKR_PETSC(MatCreateVecs(A, x.out(), nullptr));
  return x;
}

// Smooth random field on the n x n cell centres: a sum of cosine modes with
// decaying amplitudes (a cheap stand-in for a Gaussian random field),
// normalised to unit standard deviation.
inline std::vector<double> smooth_field(int n, std::uint64_t seed, int modes = 8) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> coef(modes * modes);
  const double pi = std::acos(-1.0);
  for (int p = 0; p < modes; ++p)
    for (int q = 0; q < modes; ++q)
      coef[p + modes * q] =
          (p == 0 && q == 0) ? 0.0 : normal(rng) * std::pow(pi * pi * (p * p + q * q) + 9.0, -1.25);
  std::vector<double> g(static_cast<std::size_t>(n) * n, 0.0);
  double mean = 0, var = 0;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const double x = (i + 0.5) / n, y = (j + 0.5) / n;
      double s = 0;
      for (int p = 0; p < modes; ++p)
        for (int q = 0; q < modes; ++q)
          s += coef[p + modes * q] * std::cos(pi * p * x) * std::cos(pi * q * y);
      g[i + n * j] = s;
      mean += s;
    }
  mean /= g.size();
  for (double v : g) var += (v - mean) * (v - mean);
  const double scale = 1.0 / std::sqrt(var / g.size());
  for (double& v : g) v = (v - mean) * scale;
  return g;
}

// Assembles the FV matrix for coefficient a = exp(g) (rows scaled by h^2).
inline Handle<Mat> diffusion_matrix(int n, const std::vector<double>& g) {
  Handle<Mat> A;
  SKR_PETSC(MatCreateSeqAIJ(PETSC_COMM_SELF, n * n, n * n, 5, nullptr, A.out()));
  auto a = [&](int i, int j) { return std::exp(g[i + n * j]); };
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const PetscInt row = i + n * j;
      const double ap = a(i, j);
      PetscInt cols[5];
      PetscScalar vals[5];
      int nz = 0;
      double diag = 0;
      const int di[4] = {-1, 1, 0, 0}, dj[4] = {0, 0, -1, 1};
      for (int f = 0; f < 4; ++f) {
        const int ni = i + di[f], nj = j + dj[f];
        if (ni < 0 || nj < 0 || ni >= n || nj >= n) {
          diag += 2 * ap; // Dirichlet wall at distance h/2
          continue;
        }
        const double an = a(ni, nj), t = 2 * ap * an / (ap + an);
        diag += t;
        cols[nz] = ni + n * nj;
        vals[nz++] = -t;
      }
      cols[nz] = row;
      vals[nz++] = diag;
      SKR_PETSC(MatSetValues(A, 1, &row, nz, cols, vals, INSERT_VALUES));
    }
  SKR_PETSC(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
  SKR_PETSC(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
  return A;
}

// Right-hand side f = 1, scaled like the rows (h^2).
inline Handle<Vec> diffusion_rhs(int n) {
  Handle<Vec> b;
  SKR_PETSC(VecCreateSeq(PETSC_COMM_SELF, n * n, b.out()));
  SKR_PETSC(VecSet(b, 1.0 / (static_cast<double>(n) * n)));
  return b;
}

// Slowly varying sequence: system t has g_t = amp * (g0 + step * t * g1).
struct DiffusionSequence {
  int n;
  std::vector<double> g0, g1;
  double step, amp;

  DiffusionSequence(int n_, std::uint64_t seed, double step_ = 0.05, double amp_ = 0.5)
      : n(n_), g0(smooth_field(n_, seed)), g1(smooth_field(n_, seed + 1000)), step(step_),
        amp(amp_) {}

  Handle<Mat> matrix(int t) const {
    std::vector<double> g(g0.size());
    for (std::size_t i = 0; i < g.size(); ++i) g[i] = amp * (g0[i] + step * t * g1[i]);
    return diffusion_matrix(n, g);
  }
};

// ||b - A x|| / ||b||, computed explicitly.
inline double relative_residual(Mat A, Vec b, Vec x) {
  Handle<Vec> r;
  SKR_PETSC(VecDuplicate(b, r.out()));
  SKR_PETSC(MatMult(A, x, r));
  SKR_PETSC(VecAYPX(r, -1.0, b));
  PetscReal rn, bn;
  SKR_PETSC(VecNorm(r, NORM_2, &rn));
  SKR_PETSC(VecNorm(b, NORM_2, &bn));
  return bn > 0 ? rn / bn : rn;
}

struct SolveResult {
  PetscInt its = 0;
  KSPConvergedReason reason = KSP_CONVERGED_ITERATING;
  double relres = 0;
};

// Solves A x = b with the given KSP (operators replaced) and checks the result.
inline SolveResult solve(KSP ksp, Mat A, Vec b, Vec x) {
  SolveResult out;
  SKR_PETSC(KSPSetOperators(ksp, A, A));
  SKR_PETSC(KSPSolve(ksp, b, x));
  SKR_PETSC(KSPGetIterationNumber(ksp, &out.its));
  SKR_PETSC(KSPGetConvergedReason(ksp, &out.reason));
  out.relres = relative_residual(A, b, x);
  return out;
}

} // namespace skr::test
