#include "pipeline/system_groups.hpp"

#include "util/error.hpp"
#include "util/mpi.hpp"
#include "util/signals.hpp"

#include <petscsys.h>

#include <exception>
#include <tuple>

namespace skr {

SystemGroups::SystemGroups(MPI_Comm world, int ranks_per_system) : world_(world) {
  const int ranks = comm_size(world);
  // Every rank sees the same numbers, so every rank throws the same error.
  if (ranks_per_system < 1)
    throw CollectiveError(
        fmt::format("--ranks-per-system must be at least 1, got {}", ranks_per_system));
  if (ranks % ranks_per_system != 0)
    throw CollectiveError(
        fmt::format("--ranks-per-system {} does not divide the {} ranks", ranks_per_system, ranks));
  size_ = ranks_per_system;
  count_ = ranks / ranks_per_system;
  if (size_ == 1) {
    comm_ = PETSC_COMM_SELF;
    return;
  }
  const int rank = comm_rank(world);
  if (MPI_Comm_split(world, rank / size_, rank, &comm_) != MPI_SUCCESS)
    throw CollectiveError("MPI: cannot split the ranks into groups");
  owned_ = true;
  leader_ = comm_rank(comm_) == 0;
}

SystemGroups::~SystemGroups() {
  // Collective, like WorkQueue's window: not while one rank's error unwinds.
  if (owned_ && std::uncaught_exceptions() == 0) MPI_Comm_free(&comm_);
}

std::pair<std::size_t, std::size_t> SystemGroups::next(WorkQueue& queue) const {
  if (size_ == 1) return queue.next();
  unsigned long long block[2] = {0, 0};
  if (leader_) {
    const auto [first, last] = queue.next();
    block[0] = first;
    block[1] = last;
  }
  MPI_Bcast(block, 2, MPI_UNSIGNED_LONG_LONG, 0, comm_);
  return {static_cast<std::size_t>(block[0]), static_cast<std::size_t>(block[1])};
}

void SystemGroups::for_each_position(WorkQueue& queue,
                                     const std::function<void(std::size_t)>& solve) const {
  const auto loop = [&] {
    for (auto [first, last] = next(queue); first < last; std::tie(first, last) = next(queue))
      for (std::size_t position = first; position < last; ++position) solve(position);
  };
  if (size_ == 1) return loop();
  abort_job_on_local_failure(world_, loop);
}

void SystemGroups::record(const std::function<void()>& record,
                          const std::function<void()>& mirror) const {
  if (size_ == 1) return record();
  int signal = 0;
  if (leader_) {
    try {
      record();
    } catch (const Interrupted& e) {
      signal = e.signal(); // the leader has checkpointed; the group stops with it
    }
  } else {
    mirror();
  }
  MPI_Bcast(&signal, 1, MPI_INT, 0, comm_);
  if (signal) throw Interrupted(signal);
}

} // namespace skr
