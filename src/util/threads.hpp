#pragma once
// --threads: the OpenMP thread count of the parallel loops (drawing samples
// for their features, PCA, sorting).
#include <mpi.h>

namespace skr {

// Sets the OpenMP thread count: `requested` if positive; otherwise
// OMP_NUM_THREADS if set; otherwise the node's cores shared among the ranks
// of comm on this node (so P ranks on a node do not oversubscribe it).
// Returns the count in force.
int set_thread_count(int requested, MPI_Comm comm);

// A loop's thread count: `threads` if positive, else OpenMP's maximum.
int thread_count(int threads);

} // namespace skr
