#pragma once
// The structured grid every family discretizes on.
#include <cstddef>
#include <vector>

namespace skr {

// A box [lower, upper] split into cells; values live at cell centres and
// fields are stored row-major over `cells` (x index slowest).
struct Grid {
  std::vector<int> cells;
  std::vector<double> lower, upper;

  int dims() const { return static_cast<int>(cells.size()); }
  std::size_t points() const;
  double spacing(int axis) const { return (upper[axis] - lower[axis]) / cells[axis]; }
  double centre(int axis, int index) const { return lower[axis] + (index + 0.5) * spacing(axis); }
  std::vector<double> coordinates(int axis) const;
  // Storage index of cell (i, j, k) (k ignored in 2-D).
  std::size_t index(int i, int j, int k = 0) const {
    return dims() == 2 ? std::size_t(i) * cells[1] + j
                       : (std::size_t(i) * cells[1] + j) * cells[2] + k;
  }
};

Grid unit_box(const std::vector<int>& cells);

} // namespace skr
