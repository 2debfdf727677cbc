#pragma once
// Refuses a run that cannot fit in memory before anything is drawn or
// written: a grid of 5000^2 would otherwise fill the node for minutes and end
// in the out-of-memory killer.
#include "discretize/problem.hpp"
#include "solve/sequence_solver.hpp"

#include <mpi.h>

#include <cstddef>

namespace skr {

struct MemoryEstimate {
  double features_bytes = 0; // the sort's feature matrix (every rank sorts)
  double solver_bytes = 0;   // matrix, preconditioner and Krylov vectors of one rank
  double dense_bytes = 0;    // the KSP's dense arrays (Hessenberg, Givens...): O(restart^2)
  double total() const { return features_bytes + solver_bytes + dense_bytes; }
};

// A lower bound of what one rank needs: `samples` sort rows of `sort_columns`
// values, and one system of points / ranks_per_system unknowns with the
// KSP's vectors (a factorization's fill is not counted).
MemoryEstimate estimate_memory(std::size_t points, int dims, std::size_t samples,
                               std::size_t sort_columns, const SolverSettings& solver,
                               int ranks_per_system);

// Physical memory of this node divided among its ranks on `comm`.
double memory_per_rank(MPI_Comm comm);

// Throws a one-line error when the estimate exceeds memory_per_rank().
void check_memory(const Problem& problem, std::size_t samples, std::size_t sort_columns,
                  const SolverSettings& solver, int ranks_per_system, MPI_Comm comm);

} // namespace skr
