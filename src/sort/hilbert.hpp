#pragma once
// N-dimensional Hilbert curve (J. Skilling, "Programming the Hilbert curve",
// AIP Conf. Proc. 707, 2004) and the curve order of a point cloud.
#include "sort/feature_matrix.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace skr::sort {

// Position along the Hilbert curve of the cell with integer coordinates
// coords[0..n) (each < 2^bits). Requires n * bits <= 64 and bits <= 32.
// Consecutive indices are cells at Manhattan distance 1, and the map is a
// bijection between the 2^(n bits) cells and 0 .. 2^(n bits) - 1.
std::uint64_t hilbert_index(std::span<const std::uint32_t> coords, int bits);

// Rows of `points` sorted by the Hilbert index of their cell: every column is
// quantised with one common scale (the largest column range) to
// `bits` bits per column (0: min(32, 64 / cols)), so the grid keeps the
// geometry isotropic. Ties (same cell) keep row order. Requires
// 1 <= cols <= 64 and cols * bits <= 64.
std::vector<std::size_t> hilbert_order(const FeatureMatrix& points, int bits = 0, int threads = 0);

// The pieces of hilbert_order, for callers that hold the points in parts
// (one per MPI rank): the per-column bounds of all parts (merge them with
// min / max), then each part's keys. Sorting all keys by (key, row) gives
// hilbert_order's permutation.
struct HilbertBox {
  std::vector<double> lo, hi; // per column; empty matrix: +inf / -inf
};
HilbertBox bounding_box(const FeatureMatrix& points);
// bits <= 0: min(32, 64 / cols), as hilbert_order. All keys are 0 when the
// box is a single point (or not finite): the order is then the row order.
std::vector<std::uint64_t> hilbert_keys(const FeatureMatrix& points, const HilbertBox& box,
                                        int bits = 0, int threads = 0);

} // namespace skr::sort
