#pragma once
// --ranks-per-system R: the ranks split into groups of R consecutive ranks,
// and each group solves one system at a time on a DMDA distributed over the
// group (for grids too big for one rank). Only a group's leader (its rank 0)
// takes blocks from the WorkQueue and records samples; the other ranks follow
// it through every solve. With R = 1 each rank is a group of one on
// PETSC_COMM_SELF and nothing here communicates.
#include "pipeline/work_queue.hpp"

#include <mpi.h>

#include <cstddef>
#include <functional>
#include <utility>

namespace skr {

class SystemGroups {
public:
  // Collective on world. Throws the same CollectiveError on every rank unless
  // ranks_per_system >= 1 divides world's size.
  SystemGroups(MPI_Comm world, int ranks_per_system);
  ~SystemGroups();
  SystemGroups(const SystemGroups&) = delete;
  SystemGroups& operator=(const SystemGroups&) = delete;

  MPI_Comm comm() const { return comm_; } // this rank's group
  int size() const { return size_; }      // ranks per group
  int count() const { return count_; }    // number of groups
  bool leader() const { return leader_; }

  // Calls solve(position) for every position of the blocks the group takes
  // from the queue, on every rank of the group alike. With groups, an error
  // on any rank aborts the job (abort_job_on_local_failure) rather than
  // unwinding: the rest of its group waits in the next solve, and the queue's
  // destructor waits for every rank.
  void for_each_position(WorkQueue& queue, const std::function<void(std::size_t)>& solve) const;

  // After a solve: the leader runs `record` (write the sample, checkpoint,
  // honour signals), the other ranks `mirror` (what record does to their part
  // of the distributed vectors). A signal that interrupts the leader's record
  // interrupts the whole group alike.
  void record(const std::function<void()>& record, const std::function<void()>& mirror) const;

private:
  // The group's next block [first, last) of the queue; first == last when done.
  std::pair<std::size_t, std::size_t> next(WorkQueue& queue) const;

  MPI_Comm world_, comm_ = MPI_COMM_SELF;
  bool owned_ = false; // comm_ came from MPI_Comm_split
  int size_ = 1, count_ = 1;
  bool leader_ = true;
};

} // namespace skr
