#pragma once
// Tiles 2-D fields into one figure: one row per sample, one column per field.
// Each panel has a title (its name, then notes such as the sample's scalar
// inputs), the field in its own colour scale (viridis, NaN in grey) with
// x and y axes at the grid's extents, and a colour bar with ticks and label.
#include "discretize/problem.hpp"
#include "render/image.hpp"

#include <string>
#include <vector>

namespace skr::render {

// One 2-D field stored row-major over (nx, ny), x index slowest; shown with
// x to the right and y upwards over [x_lo, x_hi] x [y_lo, y_hi].
struct FieldPanel {
  std::vector<double> values;
  int nx = 0, ny = 0;
  double x_lo = 0, x_hi = 1, y_lo = 0, y_hi = 1;
  std::string title;              // first line, bold
  std::vector<std::string> notes; // second line, as many as fit, then "+N more"
  std::string bar_label;          // beside the colour bar
};

// The field itself on a 2-D grid; in 3-D the middle z-slice (k = nz / 2),
// with a note saying so.
FieldPanel field_view(const Grid& grid, const std::vector<double>& values);

// Smallest total width render_figure accepts for this many columns.
int minimum_width(std::size_t columns);

// rows[r][c] is the panel of sample r, field c (every row as long as the
// first; the first panel's extents set the shape). The image is exactly
// `width` pixels wide; its height follows.
Image render_figure(const std::vector<std::vector<FieldPanel>>& rows, int width);

} // namespace skr::render
