#include "util/threads.hpp"

#include "util/mpi.hpp"

#include <omp.h>

#include <algorithm>
#include <cstdlib>

namespace skr {

int set_thread_count(int requested, MPI_Comm comm) {
  if (requested <= 0 && std::getenv("OMP_NUM_THREADS")) return omp_get_max_threads();
  if (requested <= 0) requested = std::max(1, omp_get_num_procs() / node_ranks(comm));
  omp_set_num_threads(requested);
  return requested;
}

int thread_count(int threads) { return threads > 0 ? threads : omp_get_max_threads(); }

} // namespace skr
