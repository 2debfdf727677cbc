#pragma once
// Tiles 2-D fields into one figure: one row per sample, one column per field,
// each panel with its own colour scale (viridis, NaN in grey), a vertical
// colour bar and, when there is room, its min / max printed beside the bar.
#include "problems/problem.hpp"
#include "render/image.hpp"

#include <vector>

namespace skr::render {

// One 2-D field stored row-major over (nx, ny), x index slowest; shown with
// x to the right and y upwards. aspect = physical height / width.
struct FieldPanel {
  std::vector<double> values;
  int nx = 0, ny = 0;
  double aspect = 1;
};

// The field itself on a 2-D grid; the middle z-slice (k = nz / 2) in 3-D.
FieldPanel field_view(const Grid& grid, const std::vector<double>& values);

// Smallest total width render_figure accepts for this many columns.
int minimum_width(std::size_t columns);

// rows[r][c] is the panel of sample r, field c (every row as long as the
// first). The image is exactly `width` pixels wide; its height follows.
Image render_figure(const std::vector<std::vector<FieldPanel>>& rows, int width);

} // namespace skr::render
