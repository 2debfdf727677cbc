#include "sort/sorter.hpp"

#include "sort/distance.hpp"
#include "sort/features.hpp"
#include "sort/greedy.hpp"
#include "sort/hilbert.hpp"
#include "sort/pca.hpp"
#include "sort/two_opt.hpp"
#include "util/error.hpp"
#include "util/threads.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace skr::sort {

Method parse_method(std::string_view name) {
  if (name == "none") return Method::none;
  if (name == "greedy") return Method::greedy;
  if (name == "fft-greedy") return Method::fft_greedy;
  if (name == "hilbert") return Method::hilbert;
  if (name == "auto") return Method::automatic;
  fail("unknown sort method '{}' (expected none, greedy, fft-greedy, hilbert or auto)", name);
}

std::string to_string(Method method) {
  switch (method) {
  case Method::none:
    return "none";
  case Method::greedy:
    return "greedy";
  case Method::fft_greedy:
    return "fft-greedy";
  case Method::hilbert:
    return "hilbert";
  case Method::automatic:
    return "auto";
  }
  return "unknown";
}

namespace {

bool has_fields(const SortOptions& o) {
  return o.field_nx > 0 && o.field_ny > 0;
}

FeatureMatrix columns(const FeatureMatrix& f, std::size_t first, std::size_t count) {
  FeatureMatrix out(f.rows, count);
  for (std::size_t i = 0; i < f.rows; ++i) std::copy_n(f.row(i) + first, count, out.row(i));
  return out;
}

FeatureMatrix concatenate(const std::vector<FeatureMatrix>& parts) {
  std::size_t cols = 0;
  for (const auto& p : parts) cols += p.cols;
  FeatureMatrix out(parts.front().rows, cols);
  for (std::size_t i = 0; i < out.rows; ++i) {
    double* dst = out.row(i);
    for (const auto& p : parts) dst = std::copy_n(p.row(i), p.cols, dst);
  }
  return out;
}

// Each leading field reduced on its own (a second field must not pass through
// raw as if it were scalars). fft_reduce normalises by the field size (a
// coefficient is a mean), which shrinks field distances by sqrt(nx ny)
// against raw values: undo that (Parseval), so fields and trailing scalars
// keep the relative weights each family chose, whichever method runs.
FeatureMatrix reduce_fields(const FeatureMatrix& f, const SortOptions& o) {
  std::vector<int> shape{o.field_nx, o.field_ny};
  if (o.field_nz > 0) shape.push_back(o.field_nz);
  std::size_t n = 1;
  for (int extent : shape) n *= static_cast<std::size_t>(extent);
  const std::size_t count = std::max(o.field_count, 1);
  if (f.cols < count * n)
    fail("sort: rows have {} values, fewer than {} fields of {}", f.cols, count,
         fmt::format("{}", fmt::join(shape, " x ")));
  std::vector<FeatureMatrix> parts;
  for (std::size_t k = 0; k < count; ++k) {
    parts.push_back(fft_reduce(columns(f, k * n, n), shape, o.fft_keep, o.threads));
    for (double& v : parts.back().data) v *= std::sqrt(double(n));
  }
  parts.push_back(columns(f, count * n, f.cols - count * n));
  return concatenate(parts);
}

// Curve order, then greedy inside consecutive blocks (in parallel, each from
// its first sample along the curve), block orientations chosen for the
// shortest junctions, then 2-opt.
std::vector<std::size_t> hilbert_sort(const FeatureMatrix& work, const SortOptions& o) {
  const int p = hilbert_pca_dims(o, work.cols);
  if (p == 0 && work.cols > 64)
    fail("hilbert sort without PCA needs at most 64 features, got {}", work.cols);
  const std::vector<std::size_t> curve =
      hilbert_order(p > 0 ? pca_reduce(work, p, o.threads) : work, 0, o.threads);
  const std::vector<std::size_t> bounds = hilbert_block_bounds(work.rows, o);
  std::vector<std::size_t> order = greedy_in_blocks(work, curve, bounds, o.threads);
  orient_blocks(work, order, bounds);
  if (o.two_opt) two_opt(work, order, two_opt_options(o));
  return order;
}

} // namespace

FeatureMatrix reduce_for_sort(const FeatureMatrix& features, const SortOptions& o) {
  const bool reduces = o.method == Method::fft_greedy || o.method == Method::hilbert;
  return reduces && has_fields(o) ? reduce_fields(features, o) : features;
}

SortOptions without_fields(SortOptions options) {
  options.field_nx = options.field_ny = options.field_nz = 0;
  return options;
}

int hilbert_pca_dims(const SortOptions& o, std::size_t cols) {
  const int p = o.pca_dims < 0 ? 8 : o.pca_dims;
  return std::min(p, static_cast<int>(std::min<std::size_t>(cols, 64)));
}

std::vector<std::size_t> hilbert_block_bounds(std::size_t n, const SortOptions& o) {
  const std::size_t B = std::max<std::size_t>(o.block_size, 1);
  const std::size_t nblocks = (n + B - 1) / B;
  std::vector<std::size_t> bounds(nblocks + 1);
  for (std::size_t k = 0; k <= nblocks; ++k) bounds[k] = k * n / nblocks;
  return bounds;
}

// Blocks of balanced sizes (differing by at most one), each ordered greedily
// from its first sample along the curve. Blocks are independent, so they run
// in parallel, one thread each, without per-step synchronisation; the few
// block junctions are left to orient_blocks and the 2-opt pass.
std::vector<std::size_t> greedy_in_blocks(const FeatureMatrix& work,
                                          const std::vector<std::size_t>& curve,
                                          const std::vector<std::size_t>& bounds, int threads) {
  std::vector<std::size_t> order(curve.size());
  const long long nblocks = static_cast<long long>(bounds.size()) - 1;
#pragma omp parallel for num_threads(thread_count(threads)) schedule(dynamic, 1)
  for (long long kk = 0; kk < nblocks; ++kk) {
    const auto k = static_cast<std::size_t>(kk);
    const std::size_t a = bounds[k], b = bounds[k + 1];
    if (b <= a) continue;
    std::span<const std::size_t> block(curve.data() + a, b - a);
    const auto part = greedy_order(work, block, block[0], 1);
    std::copy(part.begin(), part.end(), order.begin() + static_cast<std::ptrdiff_t>(a));
  }
  return order;
}

TwoOptOptions two_opt_options(const SortOptions& o) {
  TwoOptOptions t;
  t.window = o.two_opt_window;
  t.passes = o.two_opt_passes;
  t.or_opt_length = o.or_opt_length;
  t.threads = o.threads;
  return t;
}

SortOptions resolve_automatic(SortOptions options, std::size_t n) {
  if (options.method != Method::automatic) return options;
  options.method = n <= options.auto_threshold ? Method::fft_greedy : Method::hilbert;
  // The 2-opt pass shortens a blocked Hilbert path by ~1 % at 10^5 samples
  // and costs as much again as the sort (docs/PERFORMANCE.md): not worth it there.
  if (n >= options.auto_two_opt_limit) options.two_opt = false;
  return options;
}

std::vector<std::size_t> sort(const FeatureMatrix& features, const SortOptions& requested) {
  const std::size_t n = features.rows;
  if (features.data.size() != features.rows * features.cols)
    fail("sort: feature matrix holds {} values, expected {} x {}", features.data.size(),
         features.rows, features.cols);
  const SortOptions options = resolve_automatic(requested, n);
  const Method m = options.method;
  if (n <= 2 || m == Method::none) {
    std::vector<std::size_t> id(n);
    std::iota(id.begin(), id.end(), std::size_t{0});
    return id;
  }
  switch (m) {
  case Method::greedy:
    return greedy_order(features, 0, options.threads);
  case Method::fft_greedy: {
    FeatureMatrix work = has_fields(options) ? reduce_fields(features, options) : features;
    if (options.pca_dims > 0) work = pca_reduce(work, options.pca_dims, options.threads);
    return greedy_order(work, 0, options.threads);
  }
  case Method::hilbert:
    if (has_fields(options)) return hilbert_sort(reduce_fields(features, options), options);
    return hilbert_sort(features, options);
  default:
    break;
  }
  fail("sort: unsupported method {}", to_string(m));
}

double path_length(const FeatureMatrix& features, const std::vector<std::size_t>& order) {
  if (order.size() < 2) return 0.0;
  for (std::size_t i : order)
    if (i >= features.rows) fail("path_length: index {} out of range ({} rows)", i, features.rows);
  std::vector<double> len(order.size() - 1);
  const long long m = static_cast<long long>(len.size());
#pragma omp parallel for schedule(static)
  for (long long k = 0; k < m; ++k) {
    const auto i = static_cast<std::size_t>(k);
    len[i] = std::sqrt(
        squared_distance_fast(features.row(order[i]), features.row(order[i + 1]), features.cols));
  }
  double s = 0;
  for (double v : len) s += v;
  return s;
}

double random_path_length(const FeatureMatrix& features, std::uint64_t seed) {
  std::vector<std::size_t> order(features.rows);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  return path_length(features, order);
}

bool is_permutation_of_n(const std::vector<std::size_t>& order, std::size_t n) {
  if (order.size() != n) return false;
  std::vector<char> seen(n, 0);
  for (std::size_t i : order) {
    if (i >= n || seen[i]) return false;
    seen[i] = 1;
  }
  return true;
}

SortResult sort_with_report(const FeatureMatrix& features, const SortOptions& options,
                            std::uint64_t random_seed) {
  SortResult r;
  r.method = resolve_automatic(options, features.rows).method;
  const auto t0 = std::chrono::steady_clock::now();
  r.order = sort(features, options);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.path_length = path_length(features, r.order);
  r.random_path_length = random_path_length(features, random_seed);
  return r;
}

} // namespace skr::sort
