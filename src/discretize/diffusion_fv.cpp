#include "discretize/diffusion_fv.hpp"

#include "discretize/dmda_grid.hpp"
#include "util/error.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <optional>

namespace skr {

namespace {

// Storage-order strides of a box of `extent` cells per axis (x slowest; in
// 2-D the third axis has one cell): the neighbour along `axis` of the cell at
// offset o is at o +- stride[axis].
std::array<std::ptrdiff_t, 3> strides_of(const std::array<int, 3>& extent) {
  return {std::ptrdiff_t(extent[1]) * extent[2], extent[2], 1};
}

// The coefficient of every face of the owned cells, 2 aP aN / (aP + aN) / h^2,
// computed once per face: the formula gives the same bits from either side
// ((2 aP) aN and (2 aN) aP are one rounding of the same product), so both
// cells of a face read one value instead of dividing twice.
class FaceCoefficients {
public:
  // cell_stride: the strides of `a` (storage order of the whole grid).
  FaceCoefficients(const Grid& grid, const std::vector<double>& a, const OwnedBox& box,
                   const std::array<double, 3>& inv_h2,
                   const std::array<std::ptrdiff_t, 3>& cell_stride) {
    const int dims = grid.dims();
    // The owned box extended by one cell below on every axis.
    lower_ = {box.i0 - 1, box.j0 - 1, dims == 3 ? box.k0 - 1 : 0};
    const std::array<int, 3> upper{box.i1, box.j1, box.k1};
    for (int axis = 0; axis < 3; ++axis) extent_[axis] = upper[axis] - lower_[axis];
    stride_ = strides_of(extent_);
    for (int axis = 0; axis < dims; ++axis) {
      auto& t = t_[axis];
      t.assign(std::size_t(extent_[0]) * extent_[1] * extent_[2], 0.0);
      for (int i = std::max(lower_[0], 0); i < upper[0]; ++i)
        for (int j = std::max(lower_[1], 0); j < upper[1]; ++j)
          for (int k = std::max(lower_[2], 0); k < upper[2]; ++k) {
            const std::array<int, 3> cell{i, j, k};
            if (cell[axis] + 1 >= grid.cells[axis]) continue;
            const std::size_t p = grid.index(i, j, k);
            const double aP = a[p], aN = a[p + std::size_t(cell_stride[axis])];
            t[std::size_t(at(i, j, k))] = 2.0 * aP * aN / (aP + aN) * inv_h2[axis];
          }
    }
  }

  // Offset of cell (i, j, k) in the face arrays.
  std::ptrdiff_t at(int i, int j, int k) const {
    return (std::ptrdiff_t(i - lower_[0]) * extent_[1] + (j - lower_[1])) * extent_[2] +
           (k - lower_[2]);
  }
  // The face between the cell at offset `o` and its neighbour one step along
  // `axis` in direction `side`.
  double between(std::ptrdiff_t o, int axis, int side) const {
    return t_[axis][std::size_t(side < 0 ? o - stride_[axis] : o)];
  }

private:
  std::array<int, 3> lower_{}, extent_{};
  std::array<std::ptrdiff_t, 3> stride_{};
  std::array<std::vector<double>, 3> t_;
};

} // namespace

SystemValues diffusion_values(const Grid& grid, const DiffusionCoefficients& c, const OwnedBox& box,
                              bool with_operator) {
  const int dims = grid.dims();
  const auto& a = *c.a;
  if (a.size() != grid.points())
    fail("diffusion: coefficient has {} values, grid has {}", a.size(), grid.points());
  if (c.source && c.source->size() != grid.points())
    fail("diffusion: source has {} values, grid has {}", c.source->size(), grid.points());
  if (c.inside && c.inside->size() != grid.points())
    fail("diffusion: mask has {} values, grid has {}", c.inside->size(), grid.points());
  const std::uint8_t* inside_mask = c.inside ? c.inside->data() : nullptr;
  auto is_inside = [&](std::size_t p) { return !inside_mask || inside_mask[p]; };
  auto touches_boundary = [&](const std::array<int, 3>& cell) {
    for (int axis = 0; axis < dims; ++axis)
      if (cell[axis] == 0 || cell[axis] + 1 == grid.cells[axis]) return true;
    return false;
  };

  std::array<double, 3> inv_h2{};
  for (int axis = 0; axis < dims; ++axis)
    inv_h2[axis] = 1.0 / (grid.spacing(axis) * grid.spacing(axis));
  const std::array<int, 3> cells{grid.cells[0], grid.cells[1], dims == 3 ? grid.cells[2] : 1};
  const auto cell_stride = strides_of(cells);

  std::optional<FaceCoefficients> faces; // the couplings: for A only
  if (with_operator) faces.emplace(grid, a, box, inv_h2, cell_stride);
  const std::size_t owned = std::size_t(box.i1 - box.i0) * (box.j1 - box.j0) * (box.k1 - box.k0);
  // In set_stencil_values' order, each row's diagonal first.
  SystemValues values = make_system_values(owned, with_operator ? owned * (1 + 2 * dims) : 0);
  PetscScalar* entry = values.entries.get();
  std::array<PetscScalar, 7> scratch; // a row's when only b is filled
  std::size_t next = 0;
  for (int i = box.i0; i < box.i1; ++i)
    for (int j = box.j0; j < box.j1; ++j)
      for (int k = box.k0; k < box.k1; ++k) {
        const std::array<int, 3> cell{i, j, k};
        const std::size_t p = grid.index(i, j, k);
        const double aP = a[p];
        if (!(aP > 0))
          fail("diffusion: coefficient {} at cell ({}, {}, {}) is not positive", aP, i, j, k);
        // Outside the domain: decoupled row d u = 0 (its neighbour slots stay 0).
        const bool inside = is_inside(p);
        double diagonal = c.reaction;
        double rhs = c.source ? (*c.source)[p] : c.constant_source;
        if (!inside) {
          diagonal = 0;
          for (int axis = 0; axis < dims; ++axis) diagonal += 2.0 * aP * inv_h2[axis];
          rhs = 0;
        }
        // b alone: only a boundary face adds to it, so a cell away from the
        // domain's boundary (most of them) is done.
        if (!with_operator && !touches_boundary(cell)) {
          values.rhs[next++] = rhs;
          continue;
        }
        PetscScalar* row = with_operator ? entry : scratch.data();
        int count = 1;
        const std::ptrdiff_t face = faces ? faces->at(i, j, k) : 0;
        for (int axis = 0; axis < dims; ++axis)
          for (int side : {-1, 1}) {
            const int nb = cell[axis] + side;
            if (nb < 0 || nb >= cells[axis]) { // boundary face
              if (!inside || c.insulated[2 * axis + (side > 0)]) continue; // zero flux
              const double t = 2.0 * aP * inv_h2[axis];
              diagonal += t;
              if (c.boundary) {
                std::array<double, 3> centre{};
                for (int d = 0; d < dims; ++d) centre[d] = grid.centre(d, cell[d]);
                centre[axis] = side < 0 ? grid.lower[axis] : grid.upper[axis];
                rhs += t * c.boundary(centre.data());
              }
              continue;
            }
            double coupling = 0; // a wall of the domain: zero flux
            const auto neighbour = std::size_t(std::ptrdiff_t(p) + side * cell_stride[axis]);
            if (faces && inside && is_inside(neighbour)) {
              const double t = faces->between(face, axis, side);
              diagonal += t;
              coupling = -t;
            }
            row[count++] = coupling;
          }
        row[0] = diagonal;
        if (with_operator) entry += count;
        values.rhs[next++] = rhs;
      }
  values.entry_count = std::size_t(entry - values.entries.get());
  return values;
}

void assemble_diffusion(const Grid& grid, const DiffusionCoefficients& coefficients, Mat A, Vec b) {
  set_system_values(diffusion_values(grid, coefficients, owned_box_of(b), A != nullptr), A, b);
}

} // namespace skr
