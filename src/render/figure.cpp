#include "render/figure.hpp"

#include "render/font.hpp"
#include "util/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace skr::render {

namespace {

constexpr int kMinCell = 24;
constexpr Rgb kText{40, 40, 40};

struct Layout {
  int cell_w = 0, margin = 0, gap = 0, bar_w = 0, label_w = 0, scale = 0, map_w = 0, map_h = 0;
  int row_h() const { return map_h + 2 * margin; }
};

Layout layout(int cell_w, double aspect) {
  Layout l;
  l.cell_w = cell_w;
  l.margin = std::max(2, cell_w / 40);
  l.gap = std::max(2, cell_w / 50);
  l.bar_w = std::max(3, cell_w / 20);
  l.scale = std::max(1, cell_w / 200);
  l.label_w = text_width("-1.0e-05", l.scale);
  l.map_w = cell_w - 2 * l.margin - 2 * l.gap - l.bar_w - l.label_w;
  if (l.map_w < cell_w / 2) { // no room for labels
    l.scale = 0;
    l.label_w = 0;
    l.map_w = cell_w - 2 * l.margin - l.gap - l.bar_w;
  }
  l.map_w = std::max(l.map_w, 1);
  l.map_h = std::max(1, static_cast<int>(std::lround(l.map_w * std::clamp(aspect, 0.1, 10.0))));
  return l;
}

void draw_panel(Image& image, int x0, int y0, const Layout& l, const FieldPanel& p) {
  if (p.values.empty() || p.nx <= 0 || p.ny <= 0) return;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double v : p.values)
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  const bool any = lo <= hi;
  auto colour = [&](double v) {
    if (!std::isfinite(v) || !any) return nan_grey();
    return viridis(hi > lo ? (v - lo) / (hi - lo) : 0.5);
  };
  const int mx = x0 + l.margin, my = y0 + l.margin;
  for (int py = 0; py < l.map_h; ++py) {
    const int j = p.ny - 1 - static_cast<int>(std::int64_t(py) * p.ny / l.map_h);
    for (int px = 0; px < l.map_w; ++px) {
      const int i = static_cast<int>(std::int64_t(px) * p.nx / l.map_w);
      image.set(mx + px, my + py, colour(p.values[std::size_t(i) * p.ny + j]));
    }
  }
  const int bx = mx + l.map_w + l.gap;
  for (int py = 0; py < l.map_h; ++py) {
    const Rgb c = any ? viridis(1.0 - (py + 0.5) / l.map_h) : nan_grey();
    image.fill(bx, my + py, l.bar_w, 1, c);
  }
  if (l.scale > 0 && any && l.map_h >= 2 * kGlyphHeight * l.scale + 2) {
    const int tx = bx + l.bar_w + l.gap;
    draw_text(image, tx, my, number_label(hi), l.scale, kText);
    draw_text(image, tx, my + l.map_h - kGlyphHeight * l.scale, number_label(lo), l.scale, kText);
  }
}

} // namespace

FieldPanel field_view(const Grid& grid, const std::vector<double>& values) {
  FieldPanel p;
  p.nx = grid.cells.at(0);
  p.ny = grid.cells.at(1);
  p.aspect = (grid.upper[1] - grid.lower[1]) / (grid.upper[0] - grid.lower[0]);
  if (values.size() != grid.points())
    fail("field of {} values on a grid of {} cells", values.size(), grid.points());
  if (grid.dims() == 2) {
    p.values = values;
    return p;
  }
  const int k = grid.cells.at(2) / 2;
  p.values.resize(std::size_t(p.nx) * p.ny);
  for (int i = 0; i < p.nx; ++i)
    for (int j = 0; j < p.ny; ++j)
      p.values[std::size_t(i) * p.ny + j] = values[grid.index(i, j, k)];
  return p;
}

int minimum_width(std::size_t columns) {
  return kMinCell * static_cast<int>(std::max<std::size_t>(columns, 1));
}

Image render_figure(const std::vector<std::vector<FieldPanel>>& rows, int width) {
  if (rows.empty() || rows[0].empty()) fail("nothing to render");
  const std::size_t columns = rows[0].size();
  if (width < minimum_width(columns))
    fail("--width {} is too small for {} panels per row (at least {})", width, columns,
         minimum_width(columns));
  if (width > 20000) fail("--width {} is too large (at most 20000)", width);
  const int cell_w = width / static_cast<int>(columns);
  const Layout l = layout(cell_w, rows[0][0].aspect);
  Image image(width, l.row_h() * static_cast<int>(rows.size()));
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < std::min(columns, rows[r].size()); ++c)
      draw_panel(image, int(c) * cell_w, int(r) * l.row_h(), l, rows[r][c]);
  return image;
}

} // namespace skr::render
