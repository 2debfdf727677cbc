#pragma once
// Dynamic load balance across MPI ranks: blocks of consecutive positions of
// the sorted sequence are handed out first come, first served, through an
// atomic fetch-and-add on a counter held by rank 0 (MPI-3 one-sided). A
// rank keeps its KSP (and recycled space) from one block to the next, and
// inside a block neighbours are similar, so recycling keeps paying.
#include <mpi.h>

#include <cstddef>
#include <utility>

namespace skr {

class WorkQueue {
public:
  WorkQueue(MPI_Comm comm, std::size_t total, std::size_t block);
  ~WorkQueue();
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // The next block [first, last) for this rank; first == last when done.
  std::pair<std::size_t, std::size_t> next();
  // Adds one to the job's count of failed samples; returns the count before.
  long long add_failure();
  // Positions handed out to all ranks so far, as last seen by this rank.
  std::size_t handed_out() const { return seen_; }

private:
  std::size_t total_, block_, seen_ = 0;
  MPI_Win window_ = MPI_WIN_NULL;
  long long* counter_ = nullptr;
};

// Block size: small enough to balance P ranks, large enough to keep recycling.
std::size_t default_block_size(std::size_t total, int ranks);

} // namespace skr
