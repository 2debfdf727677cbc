#include "solve/multigrid.hpp"

#include "util/error.hpp"
#include "util/petsc_handle.hpp"

#include <petsc/private/pcimpl.h> // pc->setupcalled
#include <petscdmda.h>

#include <algorithm>
#include <array>
#include <string>

#include <fmt/format.h>

namespace skr {

namespace {

// Cells per DMDA axis (x fastest), 1 beyond the grid's dimension.
using Box = std::array<PetscInt, 3>;

Box coarser(const Box& fine) {
  Box c{};
  for (int a = 0; a < 3; ++a) c[a] = (fine[a] + 1) / 2;
  return c;
}

PetscInt cells_of(const Box& b) { return b[0] * b[1] * b[2]; }

// Natural (x fastest) index in `coarse` of the coarse cell holding fine cell (i, j, k).
PetscInt parent(const Box& coarse, PetscInt i, PetscInt j, PetscInt k) {
  return i / 2 + coarse[0] * (j / 2 + coarse[1] * (k / 2));
}

// Piecewise-constant interpolation: one 1 per fine row, in the column of its
// parent. rows[r] = that parent for the rows row_start, row_start + 1, ...
Handle<Mat> interpolation(MPI_Comm comm, PetscInt row_start, const std::vector<PetscInt>& parents,
                          PetscInt global_rows, PetscInt global_cols) {
  Handle<Mat> P;
  SKR_PETSC(MatCreateAIJ(comm, PetscInt(parents.size()), PETSC_DECIDE, global_rows, global_cols, 1,
                         nullptr, 1, nullptr, P.out()));
  for (std::size_t r = 0; r < parents.size(); ++r)
    SKR_PETSC(MatSetValue(P, row_start + PetscInt(r), parents[r], 1.0, INSERT_VALUES));
  SKR_PETSC(MatAssemblyBegin(P, MAT_FINAL_ASSEMBLY));
  SKR_PETSC(MatAssemblyEnd(P, MAT_FINAL_ASSEMBLY));
  return P;
}

// The finest level's rows are the DMDA's global ordering: each rank's owned
// box, x fastest.
std::vector<PetscInt> finest_parents(DM dm, const Box& coarse) {
  PetscInt xs, ys, zs, xm, ym, zm;
  SKR_PETSC(DMDAGetCorners(dm, &xs, &ys, &zs, &xm, &ym, &zm));
  std::vector<PetscInt> parents;
  parents.reserve(std::size_t(xm * ym * zm));
  for (PetscInt k = zs; k < zs + zm; ++k)
    for (PetscInt j = ys; j < ys + ym; ++j)
      for (PetscInt i = xs; i < xs + xm; ++i) parents.push_back(parent(coarse, i, j, k));
  return parents;
}

// Coarser levels' rows are the natural ordering, split as P's columns were.
std::vector<PetscInt> natural_parents(PetscInt begin, PetscInt end, const Box& fine,
                                      const Box& coarse) {
  std::vector<PetscInt> parents;
  parents.reserve(std::size_t(end - begin));
  for (PetscInt r = begin; r < end; ++r)
    parents.push_back(parent(coarse, r % fine[0], (r / fine[0]) % fine[1], r / (fine[0] * fine[1])));
  return parents;
}

void note_capped_levels(MPI_Comm comm, PetscInt requested, int levels, int dim, const Box& b) {
  static bool said = false; // once per run, not once per pilot candidate
  if (said) return;
  said = true;
  const std::string grid = dim == 2 ? fmt::format("{}x{}", b[1], b[0])
                                    : fmt::format("{}x{}x{}", b[2], b[1], b[0]);
  const std::string line =
      fmt::format("skr-gen: note: -pc_mg_levels {}: a {} grid halves only {} times (to at least 2 "
                  "cells per axis), so multigrid uses {} levels\n",
                  requested, grid, levels - 1, levels);
  SKR_PETSC(PetscFPrintf(comm, PETSC_STDERR, "%s", line.c_str()));
}

} // namespace

int max_multigrid_levels(const std::vector<int>& cells) {
  int smallest = *std::min_element(cells.begin(), cells.end());
  int levels = 1;
  for (; smallest >= 4; smallest = (smallest + 1) / 2) ++levels;
  return levels;
}

void setup_multigrid(KSP ksp, Mat A) {
  PC pc;
  SKR_PETSC(KSPGetPC(ksp, &pc));
  PetscBool mg = PETSC_FALSE, dmda = PETSC_FALSE;
  SKR_PETSC(PetscObjectTypeCompare((PetscObject)pc, PCMG, &mg));
  if (!mg || pc->setupcalled) return;
  DM dm = nullptr;
  SKR_PETSC(MatGetDM(A, &dm));
  if (dm) SKR_PETSC(PetscObjectTypeCompare((PetscObject)dm, DMDA, &dmda));
  PetscInt requested = 1, dim = 0;
  SKR_PETSC(PCMGGetLevels(pc, &requested));
  if (!dmda) {
    if (requested > 1)
      fail("-pc_type mg: multigrid coarsens skr-gen's own grids only; use gamg or hypre here");
    return;
  }
  Box fine{1, 1, 1};
  SKR_PETSC(DMDAGetInfo(dm, &dim, &fine[0], &fine[1], &fine[2], nullptr, nullptr, nullptr,
                        nullptr, nullptr, nullptr, nullptr, nullptr, nullptr));
  const int cap = max_multigrid_levels({fine.begin(), fine.begin() + dim});
  const char* prefix = nullptr;
  PetscBool given = PETSC_FALSE;
  SKR_PETSC(PCGetOptionsPrefix(pc, &prefix));
  SKR_PETSC(PetscOptionsHasName(nullptr, prefix, "-pc_mg_levels", &given));
  const int levels = given ? int(std::min<PetscInt>(requested, cap)) : cap;
  const MPI_Comm comm = PetscObjectComm((PetscObject)pc);
  if (given && requested > cap) note_capped_levels(comm, requested, cap, int(dim), fine);
  if (levels != requested) SKR_PETSC(PCMGSetLevels(pc, levels, nullptr));
  SKR_PETSC(PCMGSetGalerkin(pc, PC_MG_GALERKIN_BOTH));
  // From the finest level (levels - 1) down: level l's interpolation maps
  // level l - 1 onto level l.
  PetscInt row_begin = 0, row_end = 0;
  for (int level = levels - 1; level > 0; --level) {
    const Box coarse = coarser(fine);
    std::vector<PetscInt> parents;
    if (level == levels - 1) {
      SKR_PETSC(MatGetOwnershipRange(A, &row_begin, &row_end));
      parents = finest_parents(dm, coarse);
    } else {
      parents = natural_parents(row_begin, row_end, fine, coarse);
    }
    Handle<Mat> P = interpolation(comm, row_begin, parents, cells_of(fine), cells_of(coarse));
    SKR_PETSC(PCMGSetInterpolation(pc, level, P));
    SKR_PETSC(MatGetOwnershipRangeColumn(P, &row_begin, &row_end)); // the next level's rows
    fine = coarse;
  }
}

} // namespace skr
