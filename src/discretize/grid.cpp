#include "discretize/grid.hpp"

#include <functional>
#include <numeric>

namespace skr {

std::size_t Grid::points() const {
  return std::accumulate(cells.begin(), cells.end(), std::size_t{1}, std::multiplies<>());
}

std::vector<double> Grid::coordinates(int axis) const {
  std::vector<double> x(cells[axis]);
  for (int i = 0; i < cells[axis]; ++i) x[i] = centre(axis, i);
  return x;
}

Grid unit_box(const std::vector<int>& cells) {
  return Grid{cells, std::vector<double>(cells.size(), 0.0),
              std::vector<double>(cells.size(), 1.0)};
}

} // namespace skr
