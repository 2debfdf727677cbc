#include "sort/hilbert.hpp"

#include "util/error.hpp"
#include "util/threads.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace skr::sort {

std::uint64_t hilbert_index(std::span<const std::uint32_t> coords, int bits) {
  const std::size_t n = coords.size();
  if (n == 0 || bits <= 0 || bits > 32 || n * static_cast<std::size_t>(bits) > 64)
    fail("Hilbert index: {} dimensions x {} bits does not fit in 64 bits", n, bits);
  std::uint32_t x[64];
  for (std::size_t i = 0; i < n; ++i) x[i] = coords[i];

  // Skilling's AxestoTranspose: inverse undo of the excess work, then Gray encode.
  const std::uint32_t top = std::uint32_t{1} << (bits - 1);
  for (std::uint32_t q = top; q > 1; q >>= 1) {
    const std::uint32_t p = q - 1;
    for (std::size_t i = 0; i < n; ++i) {
      if (x[i] & q) {
        x[0] ^= p; // invert
      } else {
        const std::uint32_t t = (x[0] ^ x[i]) & p; // exchange
        x[0] ^= t;
        x[i] ^= t;
      }
    }
  }
  for (std::size_t i = 1; i < n; ++i) x[i] ^= x[i - 1];
  std::uint32_t t = 0;
  for (std::uint32_t q = top; q > 1; q >>= 1)
    if (x[n - 1] & q) t ^= q - 1;
  for (std::size_t i = 0; i < n; ++i) x[i] ^= t;

  // The transpose holds the index bit-interleaved: most significant bit of
  // x[0], of x[1], ..., then the next bit of each.
  std::uint64_t h = 0;
  for (int b = bits - 1; b >= 0; --b)
    for (std::size_t i = 0; i < n; ++i) h = (h << 1) | ((x[i] >> b) & 1u);
  return h;
}

HilbertBox bounding_box(const FeatureMatrix& points) {
  const std::size_t d = points.cols;
  HilbertBox box{std::vector<double>(d, INFINITY), std::vector<double>(d, -INFINITY)};
  for (std::size_t i = 0; i < points.rows; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      box.lo[j] = std::min(box.lo[j], points(i, j));
      box.hi[j] = std::max(box.hi[j], points(i, j));
    }
  return box;
}

std::vector<std::uint64_t> hilbert_keys(const FeatureMatrix& points, const HilbertBox& box,
                                        int bits, int threads) {
  const std::size_t n = points.rows, d = points.cols;
  if (d == 0 || d > 64) fail("Hilbert order: needs 1 to 64 dimensions, got {}", d);
  if (box.lo.size() != d || box.hi.size() != d)
    fail("Hilbert order: a box of {} columns for points of {}", box.lo.size(), d);
  if (bits <= 0) bits = static_cast<int>(std::min<std::size_t>(32, 64 / d));
  if (bits > 32 || d * static_cast<std::size_t>(bits) > 64)
    fail("Hilbert order: {} dimensions x {} bits does not fit in 64 bits", d, bits);
  std::vector<std::uint64_t> key(n, 0);
  double range = 0;
  for (std::size_t j = 0; j < d; ++j) range = std::max(range, box.hi[j] - box.lo[j]);
  if (!(range > 0) || !std::isfinite(range)) return key; // all points equal (or not finite)
  const double cells = std::ldexp(1.0, bits);
  const double scale = (cells - 1) / range;
  const std::uint32_t cap = static_cast<std::uint32_t>(cells - 1);
  const long long rows = static_cast<long long>(n);
#pragma omp parallel for num_threads(thread_count(threads)) schedule(static)
  for (long long i = 0; i < rows; ++i) {
    std::uint32_t c[64];
    const double* p = points.row(static_cast<std::size_t>(i));
    for (std::size_t j = 0; j < d; ++j) {
      const double q = std::floor((p[j] - box.lo[j]) * scale + 0.5);
      c[j] = static_cast<std::uint32_t>(std::clamp(q, 0.0, static_cast<double>(cap)));
    }
    key[static_cast<std::size_t>(i)] = hilbert_index(std::span(c, d), bits);
  }
  return key;
}

std::vector<std::size_t> hilbert_order(const FeatureMatrix& points, int bits, int threads) {
  const std::size_t n = points.rows;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (n <= 1) return order;
  const std::vector<std::uint64_t> key = hilbert_keys(points, bounding_box(points), bits, threads);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return key[a] < key[b] || (key[a] == key[b] && a < b);
  });
  return order;
}

} // namespace skr::sort
