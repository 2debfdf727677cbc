#pragma once
// Drawing the next sample while the current one is solved: the solve loop
// takes sample k's draw and names the position it will most likely ask for
// next; a worker thread draws that one meanwhile (Problem::draw is pure
// computation and thread-safe; PETSc and HDF5 are never called there). A
// draw depends on its seed alone, so a prefetched sample is the sample the
// loop would have drawn itself: output is bit-identical with or without it.
// A guess that turns out wrong (the work queue handed out another block, a
// resumed sample) is dropped and the sample drawn on the spot. Disabled
// (one thread per rank, --threads 1), every draw happens in take().
#include "discretize/problem.hpp"

#include <cstdint>
#include <future>
#include <optional>
#include <vector>

namespace skr {

class SamplePrefetch {
public:
  SamplePrefetch(const Problem& problem, const std::vector<std::uint64_t>& seeds, bool enabled)
      : problem_(problem), seeds_(seeds), enabled_(enabled) {}
  ~SamplePrefetch(); // waits for the draw in flight
  SamplePrefetch(const SamplePrefetch&) = delete;
  SamplePrefetch& operator=(const SamplePrefetch&) = delete;

  // Sample `index` (drawn ahead if it was the guess); then starts drawing `next`.
  Sample take(std::size_t index, std::optional<std::size_t> next);

private:
  const Problem& problem_;
  const std::vector<std::uint64_t>& seeds_;
  bool enabled_;
  std::optional<std::size_t> ahead_; // the index being drawn ahead
  std::future<Sample> drawn_;
};

} // namespace skr
