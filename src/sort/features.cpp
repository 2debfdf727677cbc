#include "sort/features.hpp"

#include "util/error.hpp"
#include "util/fftw_array.hpp"
#include "util/threads.hpp"

#include <fftw3.h>
#include <omp.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <memory>
#include <mutex>
#include <string>

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
  return fft_reduce(fields, std::vector<int>{nx, ny}, keep, threads);
}

FeatureMatrix fft_reduce(const FeatureMatrix& fields, const std::vector<int>& shape, int keep,
                         int threads) {
  const int rank = static_cast<int>(shape.size());
  if (rank < 2 || rank > 3) fail("fft_reduce: fields must be 2-D or 3-D, got {}-D", rank);
  const std::string extent = fmt::format("{}", fmt::join(shape, " x "));
  for (int n_axis : shape)
    if (n_axis <= 0) fail("fft_reduce: field shape {} must be positive", extent);
  for (int n_axis : shape)
    if (keep <= 0 || keep > n_axis)
      fail("fft_reduce: keep = {} must be between 1 and the field size {}", keep, extent);
  std::size_t n = 1;
  for (int n_axis : shape) n *= static_cast<std::size_t>(n_axis);
  if (fields.cols < n)
    fail("fft_reduce: rows have {} values but a {} field needs {}", fields.cols, extent, n);
  const std::size_t extra = fields.cols - n;
  // r2c keeps half of the last axis; the others are whole.
  const std::size_t last_half = static_cast<std::size_t>(shape.back() / 2 + 1);
  const std::size_t spectrum = n / static_cast<std::size_t>(shape.back()) * last_half;
  std::size_t nfeat = 2;
  for (int axis = 0; axis < rank; ++axis) nfeat *= static_cast<std::size_t>(keep);
  FeatureMatrix out(fields.rows, nfeat + extra);
  if (fields.rows == 0) return out;

  std::unique_ptr<fftw_plan_s, PlanDeleter> plan;
  {
    auto in = fftw_array<double>(n, "fft_reduce");
    auto spec = fftw_array<fftw_complex>(spectrum, "fft_reduce");
    std::lock_guard lock(fftw_planner_mutex());
    plan.reset(fftw_plan_dft_r2c(rank, shape.data(), in.get(), spec.get(), FFTW_ESTIMATE));
  }
  if (!plan) fail("fft_reduce: FFTW could not plan a {} transform", extent);

  // Where each kept frequency (x-major, the last axis fastest) sits in the
  // half spectrum: X[f] for a last frequency >= 0, conj(X[-f]) otherwise.
  const int lo = -(keep / 2);
  std::vector<std::size_t> slot(nfeat / 2);
  std::vector<bool> conjugate(nfeat / 2);
  for (std::size_t c = 0; c < slot.size(); ++c) {
    std::array<int, 3> f{};
    std::size_t rest = c;
    for (int axis = rank - 1; axis >= 0; --axis) {
      f[axis] = lo + static_cast<int>(rest % static_cast<std::size_t>(keep));
      rest /= static_cast<std::size_t>(keep);
    }
    conjugate[c] = f[rank - 1] < 0;
    std::size_t at = 0;
    for (int axis = 0; axis < rank; ++axis) {
      const int g = conjugate[c] ? -f[axis] : f[axis];
      const std::size_t extent_axis = axis == rank - 1 ? last_half : std::size_t(shape[axis]);
      at = at * extent_axis + std::size_t(((g % shape[axis]) + shape[axis]) % shape[axis]);
    }
    slot[c] = at;
  }

  const double scale = 1.0 / static_cast<double>(n);
  const int nthreads = thread_count(threads);
  const long long rows = static_cast<long long>(fields.rows);

#pragma omp parallel num_threads(nthreads)
  {
    auto in = fftw_array<double>(n, "fft_reduce");
    auto spec = fftw_array<fftw_complex>(spectrum, "fft_reduce");
#pragma omp for schedule(static)
    for (long long r = 0; r < rows; ++r) {
      const double* src = fields.row(static_cast<std::size_t>(r));
      for (std::size_t k = 0; k < n; ++k) in[k] = src[k];
      fftw_execute_dft_r2c(plan.get(), in.get(), spec.get());
      double* dst = out.row(static_cast<std::size_t>(r));
      for (std::size_t c = 0; c < slot.size(); ++c) {
        const fftw_complex& v = spec[slot[c]];
        dst[2 * c] = v[0] * scale;
        dst[2 * c + 1] = (conjugate[c] ? -v[1] : v[1]) * scale;
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
