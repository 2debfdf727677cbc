#include "sort/pca.hpp"

#include "util/error.hpp"
#include "util/threads.hpp"

#include <petscblaslapack.h>

#include <omp.h>

#include <algorithm>
#include <cmath>

namespace skr::sort {

namespace {

// Fixed number of partial sums: the reduction order never depends on the
// number of threads.
constexpr int kGroups = 8;

} // namespace

Pca fit_pca(const FeatureMatrix& features, int p, std::size_t max_rows, int threads) {
  const std::size_t d = features.cols;
  if (p <= 0) fail("PCA: the number of components must be positive, got {}", p);
  if (features.rows == 0 || d == 0) fail("PCA: no data ({} x {})", features.rows, d);
  const std::size_t pp = std::min<std::size_t>(static_cast<std::size_t>(p), d);

  // Rows used for the estimate.
  std::vector<std::size_t> rows;
  const std::size_t m = std::min(features.rows, std::max<std::size_t>(max_rows, 1));
  rows.reserve(m);
  for (std::size_t k = 0; k < m; ++k) rows.push_back(k * features.rows / m);

  Pca pca;
  pca.mean.assign(d, 0.0);
  std::vector<std::vector<double>> part(kGroups);
  const int nt = thread_count(threads);
#pragma omp parallel for num_threads(nt) schedule(static)
  for (int g = 0; g < kGroups; ++g) {
    std::vector<double> s(d, 0.0);
    for (std::size_t k = g * m / kGroups; k < (g + 1) * m / kGroups; ++k) {
      const double* x = features.row(rows[k]);
      for (std::size_t j = 0; j < d; ++j) s[j] += x[j];
    }
    part[g] = std::move(s);
  }
  for (int g = 0; g < kGroups; ++g)
    for (std::size_t j = 0; j < d; ++j) pca.mean[j] += part[g][j];
  for (double& v : pca.mean) v /= static_cast<double>(m);

  // Lower triangle (column-major) of sum (x - mean)(x - mean)^T: BLAS's
  // rank-k update on blocks of centred rows (a row-major block is the
  // column-major d x rows matrix whose product with its transpose is wanted).
#pragma omp parallel for num_threads(nt) schedule(static)
  for (int g = 0; g < kGroups; ++g) {
    constexpr std::size_t kBlock = 256;
    std::vector<double> c(d * d, 0.0), y(kBlock * d);
    const std::size_t end = (g + 1) * m / kGroups;
    for (std::size_t first = g * m / kGroups; first < end; first += kBlock) {
      const std::size_t count = std::min(kBlock, end - first);
      for (std::size_t r = 0; r < count; ++r) {
        const double* x = features.row(rows[first + r]);
        for (std::size_t j = 0; j < d; ++j) y[r * d + j] = x[j] - pca.mean[j];
      }
      const PetscBLASInt n = static_cast<PetscBLASInt>(d), k = static_cast<PetscBLASInt>(count);
      const double one = 1.0;
      // One BLAS call at a time: Debian's serial OpenBLAS is built without
      // USE_LOCKING, and concurrent calls share its buffers (wrong sums, seen
      // as flaky PCA tests; OpenBLAS issues 1761, 2126).
#pragma omp critical(skr_blas)
      BLASsyrk_("L", "N", &n, &k, &one, y.data(), &n, &one, c.data(), &n);
    }
    part[g] = std::move(c);
  }
  std::vector<double> cov(d * d, 0.0);
  const double inv = 1.0 / static_cast<double>(m > 1 ? m - 1 : 1);
  for (int g = 0; g < kGroups; ++g)
    for (std::size_t j = 0; j < d * d; ++j) cov[j] += part[g][j];
  for (double& v : cov) v *= inv;
  part.clear();

  const PetscBLASInt n = static_cast<PetscBLASInt>(d);
  std::vector<double> w(d);
  PetscBLASInt lwork = -1, info = 0;
  double query = 0;
  LAPACKsyev_("V", "L", &n, cov.data(), &n, w.data(), &query, &lwork, &info);
  lwork = std::max<PetscBLASInt>(static_cast<PetscBLASInt>(query), 3 * n);
  std::vector<double> work(static_cast<std::size_t>(lwork));
  LAPACKsyev_("V", "L", &n, cov.data(), &n, w.data(), work.data(), &lwork, &info);
  if (info != 0) fail("PCA: LAPACK dsyev failed (info = {})", static_cast<long long>(info));

  // Eigenvalues ascend; column e of the column-major result is row e here.
  pca.components = FeatureMatrix(pp, d);
  pca.variances.resize(pp);
  for (std::size_t c = 0; c < pp; ++c) {
    const std::size_t e = d - 1 - c;
    const double* v = cov.data() + e * d;
    std::size_t big = 0;
    for (std::size_t j = 1; j < d; ++j)
      if (std::abs(v[j]) > std::abs(v[big])) big = j;
    const double sign = v[big] < 0 ? -1.0 : 1.0;
    for (std::size_t j = 0; j < d; ++j) pca.components(c, j) = sign * v[j];
    pca.variances[c] = std::max(w[e], 0.0);
  }
  return pca;
}

FeatureMatrix pca_project(const Pca& pca, const FeatureMatrix& features, int threads) {
  const std::size_t d = pca.mean.size(), p = pca.components.rows;
  if (features.cols != d)
    fail("PCA: features have {} columns but the fit used {}", features.cols, d);
  FeatureMatrix out(features.rows, p);
  const long long rows = static_cast<long long>(features.rows);
#pragma omp parallel num_threads(thread_count(threads))
  {
    std::vector<double> y(d);
#pragma omp for schedule(static)
    for (long long i = 0; i < rows; ++i) {
      const double* x = features.row(static_cast<std::size_t>(i));
      for (std::size_t j = 0; j < d; ++j) y[j] = x[j] - pca.mean[j];
      double* o = out.row(static_cast<std::size_t>(i));
      for (std::size_t c = 0; c < p; ++c) {
        const double* v = pca.components.row(c);
        double s = 0;
        for (std::size_t j = 0; j < d; ++j) s += v[j] * y[j];
        o[c] = s;
      }
    }
  }
  return out;
}

FeatureMatrix pca_reconstruct(const Pca& pca, const FeatureMatrix& coordinates) {
  const std::size_t d = pca.mean.size(), p = pca.components.rows;
  if (coordinates.cols != p)
    fail("PCA: coordinates have {} columns but the fit has {} components", coordinates.cols, p);
  FeatureMatrix out(coordinates.rows, d);
  for (std::size_t i = 0; i < coordinates.rows; ++i) {
    double* o = out.row(i);
    for (std::size_t j = 0; j < d; ++j) o[j] = pca.mean[j];
    for (std::size_t c = 0; c < p; ++c) {
      const double a = coordinates(i, c);
      const double* v = pca.components.row(c);
      for (std::size_t j = 0; j < d; ++j) o[j] += a * v[j];
    }
  }
  return out;
}

FeatureMatrix pca_reduce(const FeatureMatrix& features, int p, int threads) {
  return pca_project(fit_pca(features, p, 50000, threads), features, threads);
}

} // namespace skr::sort
