#include "render/canvas.hpp"

#include "util/error.hpp"

namespace skr::render {

namespace {

void set_colour(cairo_t* cr, Rgb c) {
  cairo_set_source_rgb(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0);
}

} // namespace

Canvas::Canvas(int width, int height, Rgb background) {
  surface_ = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  cr_ = cairo_create(surface_);
  if (cairo_status(cr_) != CAIRO_STATUS_SUCCESS) {
    const char* why = cairo_status_to_string(cairo_status(cr_));
    cairo_destroy(cr_);
    cairo_surface_destroy(surface_);
    fail("cannot draw a {}x{} image: {}", width, height, why);
  }
  fill(0, 0, width, height, background);
}

Canvas::~Canvas() {
  cairo_destroy(cr_);
  cairo_surface_destroy(surface_);
}

void Canvas::fill(double x, double y, double w, double h, Rgb c) {
  set_colour(cr_, c);
  cairo_rectangle(cr_, x, y, w, h);
  cairo_fill(cr_);
}

void Canvas::line(int x0, int y0, int x1, int y1, Rgb c) {
  set_colour(cr_, c);
  cairo_set_line_width(cr_, 1);
  cairo_move_to(cr_, x0 + 0.5, y0 + 0.5);
  cairo_line_to(cr_, x1 + 0.5, y1 + 0.5);
  cairo_stroke(cr_);
}

void Canvas::outline(int x, int y, int w, int h, Rgb c) {
  set_colour(cr_, c);
  cairo_set_line_width(cr_, 1);
  cairo_rectangle(cr_, x - 0.5, y - 0.5, w + 1, h + 1);
  cairo_stroke(cr_);
}

void Canvas::raster(const Image& pixels, int x, int y, int dw, int dh) {
  const int w = pixels.width, h = pixels.height;
  if (w <= 0 || h <= 0 || dw <= 0 || dh <= 0) return;
  cairo_surface_t* src = to_cairo_surface(pixels);
  cairo_save(cr_);
  cairo_rectangle(cr_, x, y, dw, dh);
  cairo_clip(cr_);
  cairo_translate(cr_, x, y);
  cairo_scale(cr_, double(dw) / w, double(dh) / h);
  cairo_set_source_surface(cr_, src, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr_), CAIRO_FILTER_NEAREST);
  cairo_paint(cr_);
  cairo_restore(cr_);
  cairo_surface_destroy(src);
}

void Canvas::use(Font font) {
  cairo_select_font_face(cr_, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                         font.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr_, font.size);
}

double Canvas::text_width(const std::string& text, Font font) {
  use(font);
  cairo_text_extents_t e;
  cairo_text_extents(cr_, text.c_str(), &e);
  return e.x_advance;
}

void Canvas::text(const std::string& text, double x, double y, Font font, Rgb c, Align align,
                  Baseline baseline) {
  use(font);
  cairo_text_extents_t e, digit;
  cairo_text_extents(cr_, text.c_str(), &e);
  cairo_text_extents(cr_, "0", &digit); // a digit's height: the same for every label
  const double dx = align == Align::start    ? 0
                    : align == Align::centre ? -e.x_advance / 2
                                             : -e.x_advance;
  const double dy = baseline == Baseline::bottom   ? 0
                    : baseline == Baseline::middle ? -digit.y_bearing / 2
                                                   : -digit.y_bearing;
  set_colour(cr_, c);
  cairo_move_to(cr_, x + dx, y + dy);
  cairo_show_text(cr_, text.c_str());
}

void Canvas::vertical_text(const std::string& text, double x, double y, Font font, Rgb c) {
  cairo_save(cr_);
  cairo_translate(cr_, x, y);
  cairo_rotate(cr_, -1.5707963267948966);
  this->text(text, 0, 0, font, c, Align::centre, Baseline::middle);
  cairo_restore(cr_);
}

void Canvas::clip(double x, double y, double w, double h) {
  cairo_save(cr_);
  cairo_rectangle(cr_, x, y, w, h);
  cairo_clip(cr_);
}

void Canvas::unclip() {
  cairo_restore(cr_);
}

Image Canvas::image() {
  return from_cairo_surface(surface_);
}

} // namespace skr::render
