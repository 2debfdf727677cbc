#include "sort/features.hpp"

#include "util/error.hpp"
#include "util/fftw_array.hpp"
#include "util/threads.hpp"

#include <fftw3.h>
#include <omp.h>

#include <memory>
#include <mutex>

namespace skr::sort {

namespace {

// FFTW's planner is not thread safe; executing a plan on new arrays is.
std::mutex& fftw_planner_mutex() {
  static std::mutex m;
  return m;
}

struct PlanDeleter {
  void operator()(fftw_plan_s* p) const {
    std::lock_guard lock(fftw_planner_mutex());
    fftw_destroy_plan(p);
  }
};

} // namespace

FeatureMatrix fft_reduce(const FeatureMatrix& fields, int nx, int ny, int keep, int threads) {
  if (nx <= 0 || ny <= 0) fail("fft_reduce: field shape {} x {} must be positive", nx, ny);
  if (keep <= 0 || keep > nx || keep > ny)
    fail("fft_reduce: keep = {} must be between 1 and the field size {} x {}", keep, nx, ny);
  const std::size_t n = static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny);
  if (fields.cols < n)
    fail("fft_reduce: rows have {} values but a {} x {} field needs {}", fields.cols, nx, ny, n);
  const std::size_t extra = fields.cols - n;
  const std::size_t nyc = static_cast<std::size_t>(ny / 2 + 1);
  const std::size_t nfeat = 2 * static_cast<std::size_t>(keep) * static_cast<std::size_t>(keep);
  FeatureMatrix out(fields.rows, nfeat + extra);
  if (fields.rows == 0) return out;

  std::unique_ptr<fftw_plan_s, PlanDeleter> plan;
  {
    auto in = fftw_array<double>(n, "fft_reduce");
    auto spec = fftw_array<fftw_complex>(static_cast<std::size_t>(nx) * nyc, "fft_reduce");
    std::lock_guard lock(fftw_planner_mutex());
    plan.reset(fftw_plan_dft_r2c_2d(nx, ny, in.get(), spec.get(), FFTW_ESTIMATE));
  }
  if (!plan) fail("fft_reduce: FFTW could not plan a {} x {} transform", nx, ny);

  const double scale = 1.0 / static_cast<double>(n);
  const int lo = -(keep / 2);
  const int nthreads = thread_count(threads);
  const long long rows = static_cast<long long>(fields.rows);

#pragma omp parallel num_threads(nthreads)
  {
    auto in = fftw_array<double>(n, "fft_reduce");
    auto spec = fftw_array<fftw_complex>(static_cast<std::size_t>(nx) * nyc, "fft_reduce");
#pragma omp for schedule(static)
    for (long long r = 0; r < rows; ++r) {
      const double* src = fields.row(static_cast<std::size_t>(r));
      for (std::size_t k = 0; k < n; ++k) in[k] = src[k];
      fftw_execute_dft_r2c(plan.get(), in.get(), spec.get());
      double* dst = out.row(static_cast<std::size_t>(r));
      std::size_t c = 0;
      for (int a = 0; a < keep; ++a) {
        const int fx = lo + a;
        for (int b = 0; b < keep; ++b) {
          const int fy = lo + b;
          // Half spectrum: X[fx, fy] for fy >= 0, conj(X[-fx, -fy]) otherwise.
          const int sx = fy >= 0 ? fx : -fx;
          const int sy = fy >= 0 ? fy : -fy;
          const std::size_t ix = static_cast<std::size_t>(((sx % nx) + nx) % nx);
          const fftw_complex& v = spec[ix * nyc + static_cast<std::size_t>(sy)];
          dst[c++] = v[0] * scale;
          dst[c++] = (fy >= 0 ? v[1] : -v[1]) * scale;
        }
      }
      for (std::size_t e = 0; e < extra; ++e) dst[nfeat + e] = src[n + e];
    }
  }
  return out;
}

void append_scaled_columns(FeatureMatrix& features, const FeatureMatrix& scalars, double weight) {
  if (scalars.rows != features.rows)
    fail("append_scaled_columns: {} scalar rows for {} feature rows", scalars.rows, features.rows);
  const std::size_t c0 = features.cols, c1 = c0 + scalars.cols;
  std::vector<double> data(features.rows * c1);
  for (std::size_t i = 0; i < features.rows; ++i) {
    for (std::size_t j = 0; j < c0; ++j) data[i * c1 + j] = features(i, j);
    for (std::size_t j = 0; j < scalars.cols; ++j) data[i * c1 + c0 + j] = weight * scalars(i, j);
  }
  features.cols = c1;
  features.data = std::move(data);
}

} // namespace skr::sort
