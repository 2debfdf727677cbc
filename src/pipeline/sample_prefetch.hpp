#pragma once
// Drawing the next samples while the current one is solved: the solve loop
// takes sample k's draw and names the positions it will most likely ask for
// next; one worker thread for the run prepares them meanwhile, in that
// order (Problem::draw is pure computation and thread-safe; PETSc and HDF5
// are never called there). It runs up to a few samples ahead, so that it
// works while the solving thread waits for the batch writer, and the
// solving thread then finds its next samples ready (poisson: the writer
// and the solver share two cores with it). A draw depends on its seed
// alone, so a prefetched sample is the sample the loop would have drawn
// itself: output is bit-identical with or without it. Guesses that turn out
// wrong (the work queue handed out another block, a resumed sample) are
// dropped and the sample drawn on the spot. Disabled (one thread per rank,
// --threads 1), every draw happens in take().
// Given the cells this rank owns, the worker also computes the sample's
// system values (Problem::system_values: pure computation too), so that the
// PETSc thread only sets them.
#include "discretize/problem.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <utility>
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
                 std::optional<OwnedBox> box = std::nullopt);
  ~SamplePrefetch(); // stops the worker after the sample it is preparing
  SamplePrefetch(const SamplePrefetch&) = delete;
  SamplePrefetch& operator=(const SamplePrefetch&) = delete;

  // Sample `index` (prepared ahead if it was guessed); then starts preparing
  // `upcoming`, the indices expected next, in order (the first ahead() of them).
  PreparedSample take(std::size_t index, std::span<const std::size_t> upcoming);
  // How many samples the worker may hold prepared: up to 4, fewer for large
  // samples (about 32 MB at most beside the one being solved).
  std::size_t ahead() const { return ahead_.value_or(1); }

private:
  PreparedSample prepare(std::size_t index) const;
  void work(); // the worker thread's loop
  // With the lock held: the prepared sample `index`, waiting for it if it is
  // wanted or being prepared; nullopt if it was not guessed.
  std::optional<PreparedSample> wait_for(std::size_t index, std::unique_lock<std::mutex>& lock);
  using Ready = std::deque<std::pair<std::size_t, PreparedSample>>; // prepared, in order
  Ready::iterator find_ready(std::size_t index);                    // with the lock held

  const Problem& problem_;
  const std::vector<std::uint64_t>& seeds_;
  bool enabled_;
  std::optional<OwnedBox> box_;      // where system values are computed; none: samples only
  std::optional<std::size_t> ahead_; // set from the first sample's size

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::size_t> wanted_;       // to prepare, in order
  std::optional<std::size_t> preparing_; // on the worker now
  Ready ready_;
  std::exception_ptr error_; // the worker's, rethrown by the next take()
  bool stop_ = false;
  std::thread worker_;
};

} // namespace skr
