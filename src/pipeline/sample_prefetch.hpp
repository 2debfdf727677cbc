#pragma once
// Drawing the next sample while the current one is solved: the solve loop
// takes sample k's draw and names the position it will most likely ask for
// next; a worker thread draws that one meanwhile (Problem::draw is pure
// computation and thread-safe; PETSc and HDF5 are never called there), one
// thread for the whole run (a thread started per sample cost 25-40 us). A
// draw depends on its seed alone, so a prefetched sample is the sample the
// loop would have drawn itself: output is bit-identical with or without it.
// A guess that turns out wrong (the work queue handed out another block, a
// resumed sample) is dropped and the sample drawn on the spot. Disabled
// (one thread per rank, --threads 1), every draw happens in take().
// Given the cells this rank owns, the worker also computes the sample's
// system values (Problem::system_values: pure computation too), so that the
// PETSc thread only sets them.
#include "discretize/problem.hpp"
#include "util/background_worker.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace skr {

// A sample and, when its family has them, its system's values.
struct PreparedSample {
  Sample sample;
  std::optional<SystemValues> values;
};

class SamplePrefetch {
public:
  SamplePrefetch(const Problem& problem, const std::vector<std::uint64_t>& seeds, bool enabled,
                 std::optional<OwnedBox> box = std::nullopt)
      : problem_(problem), seeds_(seeds), enabled_(enabled), box_(box), worker_(enabled) {}
  ~SamplePrefetch() = default; // the worker waits for the draw in flight
  SamplePrefetch(const SamplePrefetch&) = delete;
  SamplePrefetch& operator=(const SamplePrefetch&) = delete;

  // Sample `index` (drawn ahead if it was the guess); then starts drawing `next`.
  PreparedSample take(std::size_t index, std::optional<std::size_t> next);

private:
  PreparedSample prepare(std::size_t index) const;

  const Problem& problem_;
  const std::vector<std::uint64_t>& seeds_;
  bool enabled_;
  std::optional<OwnedBox> box_;      // where system values are computed; none: samples only
  std::optional<std::size_t> ahead_;     // the index being drawn ahead
  std::optional<PreparedSample> drawn_;  // its result, once the worker is done
  BackgroundWorker worker_;              // last: its thread goes first
};

} // namespace skr
