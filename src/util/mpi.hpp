#pragma once
// Small MPI helpers for the multi-rank paths. With one rank they cost nothing.
#include "util/error.hpp"

#include <mpi.h>

#include <functional>
#include <string>

namespace skr {

int comm_rank(MPI_Comm comm);
int comm_size(MPI_Comm comm);

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

// Sums / maxima over the ranks of comm.
double sum_over(MPI_Comm comm, double value);
double max_over(MPI_Comm comm, double value);

} // namespace skr
