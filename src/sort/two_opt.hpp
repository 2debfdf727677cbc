#pragma once
// Local improvement of an open path: 2-opt (segment reversal) and Or-opt
// (moving a short segment), both limited to a window of nearby positions so
// the cost stays linear in N.
#include "sort/feature_matrix.hpp"

#include <cstddef>
#include <vector>

namespace skr::sort {

struct TwoOptOptions {
  int window = 16;          // max positions between the two edges of a move
  int passes = 2;           // passes over the whole path
  int or_opt_length = 0;    // longest segment Or-opt moves (0: no Or-opt)
  std::size_t chunk = 4096; // positions per independent (parallel) chunk
  int threads = 0;          // <= 0: OpenMP default
};

// Shortens the open path `order` through the rows of `features` in place.
// Every accepted move strictly reduces the path length. The path is cut into
// fixed chunks (boundaries shifted by half a chunk every other pass) that are
// improved in parallel, so the result does not depend on the thread count.
// Returns the number of moves applied.
std::size_t two_opt(const FeatureMatrix& features, std::vector<std::size_t>& order,
                    const TwoOptOptions& options = {});

// Reverses some of the blocks [bounds[k], bounds[k+1]) of the open path
// `order` so that the summed junction lengths between consecutive blocks are
// minimal (exact dynamic programme over the two orientations of each block).
// bounds: increasing, bounds.front() = 0, bounds.back() = order.size().
void orient_blocks(const FeatureMatrix& features, std::vector<std::size_t>& order,
                   const std::vector<std::size_t>& bounds);

} // namespace skr::sort
