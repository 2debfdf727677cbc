#pragma once
// Structured grids on PETSc DMDA, in skr-gen's storage orientation.
//
// Datasets store fields row-major over (x, y[, z]) with x slowest, while a
// DMDA numbers its first axis fastest. We therefore give the DMDA the axes in
// reverse order, so that its natural ordering *is* the storage ordering and
// DMDAVecGetArray(b, &a) gives a[i][j] (2-D) or a[i][j][k] (3-D) directly.
#include "discretize/grid.hpp"

#include <petscdmda.h>

#include <span>
#include <vector>

namespace skr {

// Creates a 5-point (2-D) or 7-point (3-D) DMDA matrix A, preallocated and
// locked to its pattern, and a matching vector b, on comm. With components
// c > 1 every cell holds c unknowns (interleaved: storage index * c + field),
// each coupled to the same field only (MatStencil::c selects it), unless
// couple_in_cell: then also to every field of its own cell (a Jacobian of a
// non-linear system such as Burgers' (u . grad) u).
void create_dmda_system(MPI_Comm comm, const Grid& grid, Mat* A, Vec* b, int components = 1,
                        bool couple_in_cell = false);

// Writes all of A's owned values at once: the stencil does not change between
// samples, so assemblers produce values only, no indices and no per-entry
// insertion (MatSetValuesCOO on the same pattern, fixed as a COO list on the
// matrix's first call, serial or distributed). `values` lists the entries of
// every owned row in this order: owned cells in storage order (i slowest), each cell's
// components in turn; per row the diagonal first, then one slot per neighbour
// inside the grid: axis 0 lower, upper, axis 1 lower, upper[, axis 2 ...].
// A neighbour without coupling (a wall, a decoupled cell) keeps its slot with
// value 0. A ends assembled.
void set_stencil_values(Mat A, std::span<const PetscScalar> values);

// The cells owned by this rank, as half-open ranges in storage orientation.
struct OwnedBox {
  int i0, i1, j0, j1, k0, k1;
};
OwnedBox owned_box(DM dm);

// The DMDA stencil of storage cell (i, j, k).
inline MatStencil stencil_at(int dims, int i, int j, int k = 0) {
  MatStencil s{};
  if (dims == 2) {
    s.i = j;
    s.j = i;
  } else {
    s.i = k;
    s.j = j;
    s.k = i;
  }
  return s;
}

// The whole of x (a DMDA global vector) in storage order, on every rank.
std::vector<double> gather_to_storage(Vec x);
// The same on rank 0 of x's communicator only (empty elsewhere): what a
// group of ranks solving one system needs, without a copy on every rank.
std::vector<double> gather_to_root(Vec x);
// gather_to_root appended to `out` (a trajectory's frames, one after another).
void append_to_root(Vec x, std::vector<double>& out);
// The inverse of gather_to_storage: x (a DMDA global vector) from the whole
// field in storage order, given on every rank.
void scatter_from_storage(const std::vector<double>& values, Vec x);

} // namespace skr
