#pragma once
// Small MPI helpers for the multi-rank paths. With one rank they cost nothing.
#include "util/error.hpp"

#include <mpi.h>

#include <functional>
#include <string>

namespace skr {

// Called before MPI starts. A process started without a launcher (no
// mpirun, srun or mpiexec: the usual `skr-gen generate ...`) is an Open MPI
// singleton, whose start-up would fork a daemon and probe UCX's devices for
// a job of one rank: ~0.3 s of a 0.1 s run on this machine. Such a process
// asks Open MPI for neither (ess_singleton_isolated, pml ob1) and for no
// session directory, unless the user set those parameters; a launched
// process is left as its launcher and site configured it. Other MPI
// implementations ignore these variables.
void prepare_singleton_start();

int comm_rank(MPI_Comm comm);
// True on MPI_COMM_WORLD's rank 0, or when not running under MPI.
bool first_rank();
int comm_size(MPI_Comm comm);
// Ranks of comm on this node (shared memory), 1 if MPI cannot tell.
int node_ranks(MPI_Comm comm);

// An error every rank raises identically (so only rank 0 needs to print it).
class CollectiveError : public Error {
public:
  using Error::Error;
};

// Runs `work` on rank 0 only; if it throws, every rank throws the same
// CollectiveError, so no rank is left waiting in a later collective call.
void on_root(MPI_Comm comm, const std::function<void()>& work);

// Rank 0's string, on every rank.
std::string broadcast(MPI_Comm comm, std::string text);

// Runs `work`; an exception raised on one rank only (not a CollectiveError
// and not an interruption) would leave the other ranks waiting forever, so
// with several ranks it is printed with the rank and the job aborted.
void abort_job_on_local_failure(MPI_Comm comm, const std::function<void()>& work);

// Sums / maxima over the ranks of comm.
double sum_over(MPI_Comm comm, double value);
double max_over(MPI_Comm comm, double value);

} // namespace skr
