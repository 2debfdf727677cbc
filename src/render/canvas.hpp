#pragma once
// A Cairo image surface to draw a figure on: rectangles, lines, scaled
// rasters and text in the system's sans-serif font (fontconfig), read back
// as an Image at the end.
#include "render/image.hpp"

#include <cairo.h>

#include <string>
#include <vector>

namespace skr::render {

struct Font {
  double size = 12; // pixels
  bool bold = false;
};

// Where (x, y) lies on a text's box: horizontally, and vertically (middle:
// half the height of a digit above the baseline, so numbers centre on ticks).
enum class Align { start, centre, end };
enum class Baseline { top, middle, bottom };

class Canvas {
public:
  Canvas(int width, int height, Rgb background);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  void fill(double x, double y, double w, double h, Rgb c);
  // A one-pixel line on integer coordinates (crisp, not antialiased across two pixels).
  void line(int x0, int y0, int x1, int y1, Rgb c);
  // A one-pixel frame just outside the rectangle [x, x + w) x [y, y + h).
  void outline(int x, int y, int w, int h, Rgb c);
  // An image stretched onto the rectangle with nearest-neighbour sampling:
  // cells stay sharp-edged.
  void raster(const Image& pixels, int x, int y, int dw, int dh);

  double text_width(const std::string& text, Font font);
  void text(const std::string& text, double x, double y, Font font, Rgb c,
            Align align = Align::start, Baseline baseline = Baseline::bottom);
  // Reads bottom to top, centred on (x, y).
  void vertical_text(const std::string& text, double x, double y, Font font, Rgb c);
  // Later drawing stays inside the rectangle until unclip().
  void clip(double x, double y, double w, double h);
  void unclip();

  Image image();

private:
  void use(Font font);
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
};

} // namespace skr::render
