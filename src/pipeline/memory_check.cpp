#include "pipeline/memory_check.hpp"

#include "pipeline/estimate.hpp"
#include "solve/gcrodr.hpp"
#include "util/error.hpp"
#include "util/mpi.hpp"

#include <unistd.h>

#include <algorithm>
#include <utility>

namespace skr {

namespace {

bool may_use_gcrodr(const SolverSettings& s) {
  return s.ksp_type == KSPGCRODR || s.ksp_type == "auto"; // auto may pick GCRO-DR
}

// GCRO-DR's own count of what a solve allocates: work vectors and dense doubles.
std::pair<PetscInt, PetscReal> gcrodr_work(const SolverSettings& s) {
  const PetscBool flexible = s.pc_type == "none" ? PETSC_FALSE : PETSC_TRUE;
  PetscInt vectors = 0;
  PetscReal scalars = 0;
  SKR_PETSC(KSPGCRODRGetWorkSize(s.restart, s.recycle, flexible, &vectors, &scalars));
  return {vectors, scalars};
}

// Work vectors of one solve, by KSP type.
int krylov_vectors(const SolverSettings& s) {
  constexpr int kSolverScratch = 8; // residual, iterate, PC work, true-residual check...
  // GCRO-DR's count includes four scratch vectors of its own.
  if (may_use_gcrodr(s)) return static_cast<int>(gcrodr_work(s).first) + kSolverScratch - 4;
  if (s.ksp_type == KSPGMRES || s.ksp_type == KSPFGMRES)
    return 2 * (s.restart + 1) + kSolverScratch;
  return 2 * kSolverScratch;
}

// Dense work arrays of one solve, in doubles, by KSP type: they grow with the
// restart m squared whatever the grid (GMRES(10^5) on 24^2: 160 GB).
double dense_doubles(const SolverSettings& s) {
  const double m = s.restart;
  if (may_use_gcrodr(s)) return gcrodr_work(s).second;
  // PETSc's GMRES family: Hessenberg and its Givens-rotated copy, (m+2)(m+1) each.
  static const char* const gmres_like[] = {KSPGMRES, KSPFGMRES, KSPLGMRES, KSPDGMRES,
                                           KSPPGMRES, KSPPIPEFGMRES};
  for (const char* type : gmres_like)
    if (s.ksp_type == type) return 2 * (m + 2) * (m + 1);
  return 0;
}

} // namespace

MemoryEstimate estimate_memory(std::size_t points, int dims, std::size_t samples,
                               std::size_t sort_columns, const SolverSettings& solver,
                               int ranks_per_system) {
  constexpr double kEntryBytes = sizeof(double) + sizeof(PetscInt); // one AIJ entry
  const double unknowns = double(points) / std::max(ranks_per_system, 1);
  const double stencil = 2.0 * dims + 1;
  MemoryEstimate e;
  e.features_bytes = double(samples) * double(sort_columns) * sizeof(double);
  // The operator, and a preconditioner of at least its size (ILU(0), a copy).
  e.solver_bytes = unknowns * (2 * stencil * kEntryBytes + krylov_vectors(solver) * sizeof(double));
  e.dense_bytes = dense_doubles(solver) * sizeof(double);
  return e;
}

double memory_per_rank(MPI_Comm comm) {
  const double node = double(sysconf(_SC_PHYS_PAGES)) * double(sysconf(_SC_PAGE_SIZE));
  return node / node_ranks(comm);
}

void check_memory(const Problem& problem, std::size_t samples, std::size_t sort_columns,
                  const SolverSettings& solver, int ranks_per_system, MPI_Comm comm) {
  const Grid& grid = problem.grid();
  const MemoryEstimate need =
      estimate_memory(grid.points(), grid.dims(), samples, sort_columns, solver, ranks_per_system);
  const double have = memory_per_rank(comm);
  if (need.total() > have)
    fail("{} samples on a grid of {} points need at least {} per rank (sort features {}, "
         "solver vectors {}, dense work arrays {} at --restart {}), more than the {} of memory "
         "per rank here: use a smaller --grid, --samples or --restart",
         samples, grid.points(), human_bytes(need.total()), human_bytes(need.features_bytes),
         human_bytes(need.solver_bytes), human_bytes(need.dense_bytes), solver.restart,
         human_bytes(have));
}

} // namespace skr
