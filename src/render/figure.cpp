#include "render/figure.hpp"

#include "render/canvas.hpp"
#include "render/ticks.hpp"
#include "util/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace skr::render {

namespace {

constexpr int kMinCell = 160, kMinMap = 40;
constexpr Rgb kWhite{255, 255, 255}, kText{30, 30, 30}, kNote{90, 90, 90}, kAxis{70, 70, 70};

// Pixel geometry of one panel (all panels share it), relative to its cell,
// derived from the base font size f.
struct Layout {
  double f = 12;
  Font title, note, tick, label;
  int cell_w = 0, map_x = 0, map_y = 0, map_w = 0, map_h = 0;
  int tick_len = 0, bar_x = 0, bar_w = 0, row_h = 0;
};

Layout layout(int cell_w, const FieldPanel& first) {
  Layout l;
  l.cell_w = cell_w;
  l.f = std::clamp(cell_w / 30.0, 9.0, 14.0);
  l.title = {1.05 * l.f, true};
  l.note = {0.9 * l.f, false};
  l.tick = {0.85 * l.f, false};
  l.label = {0.95 * l.f, false};
  l.tick_len = std::max(3, int(std::lround(0.35 * l.f)));
  Canvas scratch(1, 1, kWhite); // text metrics only
  double y_labels = 0;
  for (const auto& s : tick_labels(nice_ticks(first.y_lo, first.y_hi)))
    y_labels = std::max(y_labels, scratch.text_width(s, l.tick));
  const double bar_labels = scratch.text_width("-0.0000", l.tick);
  const double pad = 0.4 * l.f;
  l.map_x = int(std::lround(pad + 1.1 * l.f + y_labels + 0.3 * l.f + l.tick_len));
  l.map_y = int(std::lround(0.6 * l.f + 1.3 * l.f + 1.3 * l.f));
  const int right = int(std::lround(0.9 * l.f + std::max(6.0, 0.9 * l.f) + l.tick_len + 0.3 * l.f +
                                    bar_labels + 0.5 * l.f + 1.2 * l.f + pad));
  l.map_w = cell_w - l.map_x - right;
  const double aspect =
      std::clamp((first.y_hi - first.y_lo) / (first.x_hi - first.x_lo), 0.1, 10.0);
  l.map_h = std::max(1, int(std::lround(l.map_w * aspect)));
  l.bar_x = l.map_x + l.map_w + int(std::lround(0.9 * l.f));
  l.bar_w = int(std::lround(std::max(6.0, 0.9 * l.f)));
  l.row_h = l.map_y + l.map_h + l.tick_len + int(std::lround(2.9 * l.f));
  return l;
}

// "a, b, c" with as many notes as fit in `width`, then "+N more" (the first
// always: the panel's clip cuts it if need be).
std::string fitted_notes(Canvas& canvas, const std::vector<std::string>& notes, Font font,
                         double width) {
  std::string line;
  for (std::size_t i = 0; i < notes.size(); ++i) {
    const std::string next = line.empty() ? notes[i] : line + ", " + notes[i];
    const std::size_t after = notes.size() - i - 1;
    const std::string tail = after ? fmt::format(", +{} more", after) : "";
    if (!line.empty() && canvas.text_width(next + tail, font) > width)
      return fmt::format("{}, +{} more", line, notes.size() - i);
    line = next;
  }
  return line;
}

// Where ticks go along an edge of `length` pixels showing [lo, hi] (lo at
// offset 0): one call per tick with its offset and label.
template <typename Draw> void for_each_tick(double lo, double hi, int length, Draw draw) {
  const auto ticks = nice_ticks(lo, hi);
  const auto labels = tick_labels(ticks);
  for (std::size_t t = 0; t < ticks.size(); ++t) {
    const double s = hi > lo ? (ticks[t] - lo) / (hi - lo) : 0.5;
    draw(int(std::lround(s * (length - 1))), labels[t]);
  }
}

// The map's x axis below it and y axis on its left, with their names.
void draw_axes(Canvas& canvas, const Layout& l, int mx, int my, const FieldPanel& p) {
  for_each_tick(p.y_lo, p.y_hi, l.map_h, [&](int offset, const std::string& label) {
    const int y = my + l.map_h - 1 - offset;
    canvas.line(mx - 1 - l.tick_len, y, mx - 1, y, kAxis);
    canvas.text(label, mx - 1 - l.tick_len - 0.25 * l.f, y, l.tick, kText, Align::end,
                Baseline::middle);
  });
  for_each_tick(p.x_lo, p.x_hi, l.map_w, [&](int offset, const std::string& label) {
    const int x = mx + offset, y = my + l.map_h;
    canvas.line(x, y, x, y + l.tick_len, kAxis);
    canvas.text(label, x, y + l.tick_len + 0.2 * l.f, l.tick, kText, Align::centre, Baseline::top);
  });
  canvas.text("y", mx - l.map_x + 0.4 * l.f, my + l.map_h / 2.0, l.label, kText, Align::start,
              Baseline::middle);
  canvas.text("x", mx + l.map_w / 2.0, my + l.map_h + l.tick_len + 1.5 * l.f, l.label, kText,
              Align::centre, Baseline::top);
  canvas.outline(mx, my, l.map_w, l.map_h, kAxis);
}

// The colour bar at (bx, my): the colormap upwards over [lo, hi], ticks on
// its right, the label just beyond the widest tick label.
void draw_bar(Canvas& canvas, const Layout& l, int bx, int my, double lo, double hi,
              const std::string& label) {
  const bool any = lo <= hi;
  Image bar(1, l.map_h);
  for (int r = 0; r < l.map_h; ++r)
    bar.set(0, r, any ? viridis(1.0 - (r + 0.5) / l.map_h) : nan_grey());
  canvas.raster(bar, bx, my, l.bar_w, l.map_h);
  canvas.outline(bx, my, l.bar_w, l.map_h, kAxis);
  const int tx = bx + l.bar_w + l.tick_len;
  double widest = 1.2 * l.f;
  if (any) {
    widest = 0;
    for_each_tick(lo, hi, l.map_h, [&](int offset, const std::string& text) {
      const int y = my + l.map_h - 1 - offset;
      canvas.line(bx + l.bar_w, y, tx, y, kAxis);
      canvas.text(text, tx + 0.3 * l.f, y, l.tick, kText, Align::start, Baseline::middle);
      widest = std::max(widest, canvas.text_width(text, l.tick));
    });
  } else {
    canvas.vertical_text("no finite values", tx + 0.6 * l.f, my + l.map_h / 2.0, l.tick, kNote);
  }
  canvas.vertical_text(label, tx + widest + 1.1 * l.f, my + l.map_h / 2.0, l.label, kText);
}

void draw_panel(Canvas& canvas, int x0, int y0, const Layout& l, const FieldPanel& p) {
  canvas.clip(x0, y0, l.cell_w, l.row_h);
  canvas.text(p.title, x0 + l.map_x, y0 + 0.6 * l.f + l.title.size, l.title, kText);
  canvas.text(fitted_notes(canvas, p.notes, l.note, l.cell_w - l.map_x - 0.4 * l.f), x0 + l.map_x,
              y0 + 0.6 * l.f + 1.3 * l.f + l.note.size, l.note, kNote);

  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double v : p.values)
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  auto colour = [&](double v) {
    if (!std::isfinite(v)) return nan_grey();
    return viridis(hi > lo ? (v - lo) / (hi - lo) : 0.5);
  };
  // The field with y upwards: raster row r is grid column j = ny - 1 - r.
  Image cells(p.nx, p.ny);
  for (int i = 0; i < p.nx; ++i)
    for (int j = 0; j < p.ny; ++j)
      cells.set(i, p.ny - 1 - j, colour(p.values[std::size_t(i) * p.ny + j]));
  const int mx = x0 + l.map_x, my = y0 + l.map_y;
  canvas.raster(cells, mx, my, l.map_w, l.map_h);
  draw_axes(canvas, l, mx, my, p);
  draw_bar(canvas, l, x0 + l.bar_x, my, lo, hi, p.bar_label);
  canvas.unclip();
}

} // namespace

FieldPanel field_view(const Grid& grid, const std::vector<double>& values) {
  FieldPanel p;
  p.nx = grid.cells.at(0);
  p.ny = grid.cells.at(1);
  p.x_lo = grid.lower[0], p.x_hi = grid.upper[0], p.y_lo = grid.lower[1], p.y_hi = grid.upper[1];
  if (values.size() != grid.points())
    fail("field of {} values on a grid of {} cells", values.size(), grid.points());
  if (grid.dims() == 2) {
    p.values = values;
    return p;
  }
  const int k = grid.cells.at(2) / 2;
  p.notes.push_back(fmt::format("middle slice z = {:.3g}", grid.centre(2, k)));
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
  const Layout l = layout(cell_w, rows[0][0]);
  if (l.map_w < kMinMap) fail("--width {} leaves no room for the fields", width);
  Canvas canvas(width, l.row_h * static_cast<int>(rows.size()), kWhite);
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < std::min(columns, rows[r].size()); ++c)
      if (!rows[r][c].values.empty())
        draw_panel(canvas, int(c) * cell_w, int(r) * l.row_h, l, rows[r][c]);
  return canvas.image();
}

} // namespace skr::render
