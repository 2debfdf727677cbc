#include "util/mpi.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace skr {

void prepare_singleton_start() {
  // What mpirun / prterun (OMPI_*), PMIx and PMI-1/2 launchers (srun,
  // Hydra's mpiexec) set in every process they start.
  for (const char* launched : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(launched)) return;
  setenv("OMPI_MCA_pml", "ob1", 0); // 0: the user's setting wins
  if (std::getenv("OMPI_MCA_ess_singleton_isolated")) return;
  setenv("OMPI_MCA_ess_singleton_isolated", "1", 1);
  // Every isolated singleton of a user on a host names its (empty) session
  // directory /tmp/ompi.<host>.<uid>/jf.0/1: concurrent runs create and
  // remove it under each other, and MPI_Init fails ("mkdir ... No such file
  // or directory"). One rank keeps nothing there, so it creates none.
  setenv("OMPI_MCA_orte_create_session_dirs", "0", 0);
}

int comm_rank(MPI_Comm comm) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  return rank;
}

bool first_rank() {
  int initialized = 0, finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  if (initialized && !finalized) return comm_rank(MPI_COMM_WORLD) == 0;
  const char* rank = std::getenv("OMPI_COMM_WORLD_RANK");
  return !rank || std::string(rank) == "0";
}

int comm_size(MPI_Comm comm) {
  int size = 1;
  MPI_Comm_size(comm, &size);
  return size;
}

std::string broadcast(MPI_Comm comm, std::string text) {
  unsigned long long size = text.size();
  MPI_Bcast(&size, 1, MPI_UNSIGNED_LONG_LONG, 0, comm);
  text.resize(size);
  if (size) MPI_Bcast(text.data(), static_cast<int>(size), MPI_CHAR, 0, comm);
  return text;
}

void on_root(MPI_Comm comm, const std::function<void()>& work) {
  std::string error;
  if (comm_rank(comm) == 0) {
    try {
      work();
    } catch (const std::exception& e) {
      error = e.what();
      if (error.empty()) error = "unknown error";
    }
  }
  error = broadcast(comm, error);
  if (!error.empty()) throw CollectiveError(error);
}

void abort_job_on_local_failure(MPI_Comm comm, const std::function<void()>& work) {
  try {
    work();
  } catch (const CollectiveError&) {
    throw;
  } catch (const std::exception& e) {
    if (comm_size(comm) == 1 || std::string(e.what()).rfind("interrupted", 0) == 0) throw;
    std::fprintf(stderr, "skr-gen: error (rank %d): %s\n", comm_rank(comm), e.what());
    std::fflush(stderr);
    MPI_Abort(comm, 1);
  }
}

double sum_over(MPI_Comm comm, double value) {
  double total = 0;
  MPI_Allreduce(&value, &total, 1, MPI_DOUBLE, MPI_SUM, comm);
  return total;
}

double max_over(MPI_Comm comm, double value) {
  double result = 0;
  MPI_Allreduce(&value, &result, 1, MPI_DOUBLE, MPI_MAX, comm);
  return result;
}

int node_ranks(MPI_Comm comm) {
  MPI_Comm node = MPI_COMM_NULL;
  int ranks = 1;
  if (MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node) == MPI_SUCCESS) {
    MPI_Comm_size(node, &ranks);
    MPI_Comm_free(&node);
  }
  return std::max(ranks, 1);
}

} // namespace skr
