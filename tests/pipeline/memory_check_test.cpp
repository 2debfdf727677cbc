#include "pipeline/memory_check.hpp"

#include <doctest/doctest.h>

using namespace skr;

TEST_CASE("memory estimate: features grow with samples x sort columns, the solver with the KSP") {
  SolverSettings gcrodr; // GCRO-DR(40, 20)
  SolverSettings cg = gcrodr;
  cg.ksp_type = "cg";
  const auto a = estimate_memory(1000000, 2, 100, 1000000, gcrodr, 1);
  CHECK(a.features_bytes == doctest::Approx(100 * 1e6 * 8));
  // 41 + 80 + 80 (Z, its buffer, M^-1 V: ILU) + scratch vectors of 8 bytes,
  // two 5-point matrices of 12-byte entries.
  CHECK(a.solver_bytes > 1e6 * (201 * 8 + 2 * 5 * 12));
  CHECK(a.solver_bytes < 1e6 * (220 * 8 + 2 * 5 * 12 + 1));
  SolverSettings plain = gcrodr; // no preconditioner: no Z
  plain.pc_type = "none";
  CHECK(estimate_memory(1000000, 2, 100, 1000000, plain, 1).solver_bytes ==
        doctest::Approx(a.solver_bytes - 1e6 * 80 * 8));
  CHECK(estimate_memory(1000000, 2, 100, 1000000, cg, 1).solver_bytes < a.solver_bytes / 4);
  // Splitting each system over 4 ranks divides the solver's share, not the sort's.
  const auto split = estimate_memory(1000000, 2, 100, 1000000, gcrodr, 4);
  CHECK(split.solver_bytes == doctest::Approx(a.solver_bytes / 4));
  CHECK(split.features_bytes == a.features_bytes);
}

TEST_CASE("memory per rank is the node's physical memory, positive") {
  const double have = memory_per_rank(MPI_COMM_SELF);
  CHECK(have > 1e8);
  CHECK(have < 1e15);
}

TEST_CASE("memory estimate: dense work arrays grow with the restart squared, whatever the grid") {
  SolverSettings gmres;
  gmres.ksp_type = "gmres";
  gmres.restart = 100000;
  // PETSc's GMRES(m): Hessenberg and its rotated copy, (m+2)(m+1) doubles each: 160 GB.
  CHECK(estimate_memory(24 * 24, 2, 10, 24 * 24, gmres, 1).dense_bytes > 1.6e11);
  SolverSettings gcrodr = gmres;
  gcrodr.ksp_type = "gcrodr";
  CHECK(estimate_memory(24 * 24, 2, 10, 24 * 24, gcrodr, 1).dense_bytes > 6e11); // ~8 m^2 doubles
  SolverSettings cg = gmres;
  cg.ksp_type = "cg";
  CHECK(estimate_memory(24 * 24, 2, 10, 24 * 24, cg, 1).dense_bytes == 0);
}
