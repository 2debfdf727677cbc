#include "pipeline/work_queue.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <exception>

namespace skr {

WorkQueue::WorkQueue(MPI_Comm comm, std::size_t total, std::size_t block)
    : total_(total), block_(std::max<std::size_t>(block, 1)) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  // Two counters on rank 0: the next position, and the failed samples.
  const MPI_Aint bytes = rank == 0 ? 2 * sizeof(long long) : 0;
  if (MPI_Win_allocate(bytes, sizeof(long long), MPI_INFO_NULL, comm, &counter_, &window_) !=
      MPI_SUCCESS)
    fail("MPI: cannot create the work counter window");
  if (rank == 0) counter_[0] = counter_[1] = 0;
  MPI_Barrier(comm); // the counter is initialised before anyone takes work
  MPI_Win_lock_all(0, window_);
}

WorkQueue::~WorkQueue() {
  // Freeing the window is collective: while an error unwinds the stack of one
  // rank only, the others would never join, so leave it to the job's end.
  if (std::uncaught_exceptions() > 0) return;
  if (window_ != MPI_WIN_NULL) {
    MPI_Win_unlock_all(window_);
    MPI_Win_free(&window_);
  }
}

std::pair<std::size_t, std::size_t> WorkQueue::next() {
  const long long increment = static_cast<long long>(block_);
  long long first = 0;
  MPI_Fetch_and_op(&increment, &first, MPI_LONG_LONG, 0, 0, MPI_SUM, window_);
  MPI_Win_flush(0, window_);
  const std::size_t begin = std::min<std::size_t>(static_cast<std::size_t>(first), total_);
  const std::size_t end = std::min(begin + block_, total_);
  seen_ = std::max(seen_, end);
  return {begin, end};
}

long long WorkQueue::add_failure() {
  const long long one = 1;
  long long before = 0;
  MPI_Fetch_and_op(&one, &before, MPI_LONG_LONG, 0, 1, MPI_SUM, window_);
  MPI_Win_flush(0, window_);
  return before;
}

std::size_t default_block_size(std::size_t total, int ranks) {
  if (ranks <= 1) return std::max<std::size_t>(total, 1);
  return std::clamp<std::size_t>(total / (8 * static_cast<std::size_t>(ranks)), 1, 64);
}

} // namespace skr
