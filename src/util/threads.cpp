#include "util/threads.hpp"

#include <omp.h>

#include <algorithm>
#include <cstdlib>

namespace skr {

int set_thread_count(int requested, MPI_Comm comm) {
  if (requested <= 0 && std::getenv("OMP_NUM_THREADS")) return omp_get_max_threads();
  if (requested <= 0) {
    MPI_Comm node = MPI_COMM_NULL;
    int local_ranks = 1;
    if (MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node) == MPI_SUCCESS) {
      MPI_Comm_size(node, &local_ranks);
      MPI_Comm_free(&node);
    }
    requested = std::max(1, omp_get_num_procs() / std::max(local_ranks, 1));
  }
  omp_set_num_threads(requested);
  return requested;
}

} // namespace skr
