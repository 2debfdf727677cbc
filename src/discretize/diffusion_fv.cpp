#include "discretize/diffusion_fv.hpp"

#include "discretize/dmda_grid.hpp"
#include "util/error.hpp"

#include <algorithm>
#include <array>
#include <optional>

namespace skr {

namespace {

// The coefficient of every face of the owned cells, 2 aP aN / (aP + aN) / h^2,
// computed once per face: the formula gives the same bits from either side
// ((2 aP) aN and (2 aN) aP are one rounding of the same product), so both
// cells of a face read one value instead of dividing twice.
class FaceCoefficients {
public:
  FaceCoefficients(const Grid& grid, const std::vector<double>& a, const OwnedBox& box,
                   const std::array<double, 3>& inv_h2) {
    const int dims = grid.dims();
    // The owned box extended by one cell below on every axis.
    lower_ = {box.i0 - 1, box.j0 - 1, dims == 3 ? box.k0 - 1 : 0};
    const std::array<int, 3> upper{box.i1, box.j1, box.k1};
    for (int axis = 0; axis < 3; ++axis) extent_[axis] = upper[axis] - lower_[axis];
    for (int axis = 0; axis < dims; ++axis) {
      auto& t = t_[axis];
      t.assign(std::size_t(extent_[0]) * extent_[1] * extent_[2], 0.0);
      for (int i = std::max(lower_[0], 0); i < upper[0]; ++i)
        for (int j = std::max(lower_[1], 0); j < upper[1]; ++j)
          for (int k = std::max(lower_[2], 0); k < upper[2]; ++k) {
            std::array<int, 3> nb{i, j, k};
            if (++nb[axis] >= grid.cells[axis]) continue;
            const double aP = a[grid.index(i, j, k)], aN = a[grid.index(nb[0], nb[1], nb[2])];
            t[at(i, j, k)] = 2.0 * aP * aN / (aP + aN) * inv_h2[axis];
          }
    }
  }

  // The face between cell and its neighbour one step along `axis` in direction `side`.
  double between(const std::array<int, 3>& cell, int axis, int side) const {
    std::array<int, 3> lower = cell;
    if (side < 0) --lower[axis];
    return t_[axis][at(lower[0], lower[1], lower[2])];
  }

private:
  std::size_t at(int i, int j, int k) const {
    return (std::size_t(i - lower_[0]) * extent_[1] + (j - lower_[1])) * extent_[2] +
           (k - lower_[2]);
  }

  std::array<int, 3> lower_{}, extent_{};
  std::array<std::vector<double>, 3> t_;
};

} // namespace

void assemble_diffusion(const Grid& grid, const DiffusionCoefficients& c, Mat A, Vec b) {
  const int dims = grid.dims();
  const auto& a = *c.a;
  if (a.size() != grid.points())
    fail("diffusion: coefficient has {} values, grid has {}", a.size(), grid.points());
  if (c.source && c.source->size() != grid.points())
    fail("diffusion: source has {} values, grid has {}", c.source->size(), grid.points());
  if (c.inside && c.inside->size() != grid.points())
    fail("diffusion: mask has {} values, grid has {}", c.inside->size(), grid.points());
  auto is_inside = [&](int i, int j, int k) {
    return !c.inside || (*c.inside)[grid.index(i, j, k)];
  };

  DM dm = nullptr;
  if (A)
    SKR_PETSC(MatGetDM(A, &dm));
  else
    SKR_PETSC(VecGetDM(b, &dm));
  if (!dm) fail("diffusion: system was not created by create_dmda_system");
  const OwnedBox box = owned_box(dm);

  std::array<double, 3> inv_h2{};
  for (int axis = 0; axis < dims; ++axis)
    inv_h2[axis] = 1.0 / (grid.spacing(axis) * grid.spacing(axis));

  std::optional<FaceCoefficients> faces; // the couplings: for A only
  if (A) faces.emplace(grid, a, box, inv_h2);
  // Owned right-hand side values, written into b through the DMDA array below.
  const std::size_t owned = std::size_t(box.i1 - box.i0) * (box.j1 - box.j0) * (box.k1 - box.k0);
  std::vector<double> rhs_owned;
  rhs_owned.reserve(owned);
  std::vector<PetscScalar> entries; // in set_stencil_values' order
  entries.reserve(owned * (1 + 2 * dims));
  std::array<PetscScalar, 7> values;
  for (int i = box.i0; i < box.i1; ++i)
    for (int j = box.j0; j < box.j1; ++j)
      for (int k = box.k0; k < box.k1; ++k) {
        const std::array<int, 3> cell{i, j, k};
        const double aP = a[grid.index(i, j, k)];
        if (!(aP > 0))
          fail("diffusion: coefficient {} at cell ({}, {}, {}) is not positive", aP, i, j, k);
        // Outside the domain: decoupled row d u = 0 (its neighbour slots stay 0).
        const bool inside = is_inside(i, j, k);
        double diagonal = c.reaction;
        double rhs = c.source ? (*c.source)[grid.index(i, j, k)] : c.constant_source;
        if (!inside) {
          diagonal = 0;
          for (int axis = 0; axis < dims; ++axis) diagonal += 2.0 * aP * inv_h2[axis];
          rhs = 0;
        }
        int count = 1;
        for (int axis = 0; axis < dims; ++axis)
          for (int side : {-1, 1}) {
            std::array<int, 3> nb = cell;
            nb[axis] += side;
            if (nb[axis] < 0 || nb[axis] >= grid.cells[axis]) { // boundary face
              if (!inside || c.insulated[2 * axis + (side > 0)]) continue; // zero flux
              const double t = 2.0 * aP * inv_h2[axis];
              diagonal += t;
              if (c.boundary) {
                std::array<double, 3> face{};
                for (int d = 0; d < dims; ++d) face[d] = grid.centre(d, cell[d]);
                face[axis] = side < 0 ? grid.lower[axis] : grid.upper[axis];
                rhs += t * c.boundary(face.data());
              }
              continue;
            }
            double coupling = 0; // a wall of the domain: zero flux
            if (faces && inside && is_inside(nb[0], nb[1], nb[2])) {
              const double t = faces->between(cell, axis, side);
              diagonal += t;
              coupling = -t;
            }
            values[count++] = coupling;
          }
        values[0] = diagonal;
        if (A) entries.insert(entries.end(), values.begin(), values.begin() + count);
        rhs_owned.push_back(rhs);
      }
  if (A) set_stencil_values(A, entries);
  std::size_t next = 0;
  if (dims == 2) {
    PetscScalar** array = nullptr;
    SKR_PETSC(DMDAVecGetArray(dm, b, &array));
    for (int i = box.i0; i < box.i1; ++i)
      for (int j = box.j0; j < box.j1; ++j) array[i][j] = rhs_owned[next++];
    SKR_PETSC(DMDAVecRestoreArray(dm, b, &array));
  } else {
    PetscScalar*** array = nullptr;
    SKR_PETSC(DMDAVecGetArray(dm, b, &array));
    for (int i = box.i0; i < box.i1; ++i)
      for (int j = box.j0; j < box.j1; ++j)
        for (int k = box.k0; k < box.k1; ++k) array[i][j][k] = rhs_owned[next++];
    SKR_PETSC(DMDAVecRestoreArray(dm, b, &array));
  }
}

} // namespace skr
