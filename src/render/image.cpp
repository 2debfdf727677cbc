#include "render/image.hpp"

#include "util/error.hpp"

#include <cairo.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace skr::render {

Image::Image(int w, int h, Rgb background) : width(w), height(h), rgb(std::size_t(w) * h * 3) {
  fill(0, 0, w, h, background);
}

Rgb Image::at(int x, int y) const {
  const std::size_t i = (std::size_t(y) * width + x) * 3;
  return {rgb[i], rgb[i + 1], rgb[i + 2]};
}

void Image::set(int x, int y, Rgb c) {
  if (x < 0 || y < 0 || x >= width || y >= height) return;
  const std::size_t i = (std::size_t(y) * width + x) * 3;
  rgb[i] = c.r;
  rgb[i + 1] = c.g;
  rgb[i + 2] = c.b;
}

void Image::fill(int x0, int y0, int w, int h, Rgb c) {
  for (int y = y0; y < y0 + h; ++y)
    for (int x = x0; x < x0 + w; ++x) set(x, y, c);
}

namespace {

struct Surface {
  cairo_surface_t* s;
  ~Surface() { cairo_surface_destroy(s); }
  cairo_status_t status() const { return cairo_surface_status(s); }
};

} // namespace

cairo_surface_t* to_cairo_surface(const Image& image) {
  cairo_surface_t* surface =
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, image.width, image.height);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) return surface;
  cairo_surface_flush(surface);
  unsigned char* data = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x) {
      const Rgb c = image.at(x, y);
      const std::uint32_t v = (std::uint32_t(c.r) << 16) | (std::uint32_t(c.g) << 8) | c.b;
      std::memcpy(data + std::size_t(y) * stride + 4 * std::size_t(x), &v, 4);
    }
  cairo_surface_mark_dirty(surface);
  return surface;
}

Image from_cairo_surface(cairo_surface_t* surface) {
  cairo_surface_flush(surface);
  Image image(cairo_image_surface_get_width(surface), cairo_image_surface_get_height(surface));
  const unsigned char* data = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x) {
      std::uint32_t v = 0;
      std::memcpy(&v, data + std::size_t(y) * stride + 4 * std::size_t(x), 4);
      image.set(x, y, {std::uint8_t(v >> 16), std::uint8_t(v >> 8), std::uint8_t(v)});
    }
  return image;
}

void write_png(const std::string& path, const Image& image) {
  if (image.width <= 0 || image.height <= 0) fail("cannot write an empty image to '{}'", path);
  Surface surface{to_cairo_surface(image)};
  errno = 0;
  cairo_status_t status = surface.status();
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_write_to_png(surface.s, path.c_str());
  if (status != CAIRO_STATUS_SUCCESS)
    fail("cannot write '{}': {}", path,
         errno ? std::strerror(errno) : cairo_status_to_string(status));
}

Image read_png(const std::string& path) {
  errno = 0;
  Surface surface{cairo_image_surface_create_from_png(path.c_str())};
  if (const cairo_status_t status = surface.status(); status != CAIRO_STATUS_SUCCESS)
    fail("cannot read '{}': {}", path,
         errno ? std::strerror(errno) : cairo_status_to_string(status));
  const cairo_format_t format = cairo_image_surface_get_format(surface.s);
  if (format != CAIRO_FORMAT_RGB24 && format != CAIRO_FORMAT_ARGB32)
    fail("cannot read '{}': not an RGB or grey image", path);
  return from_cairo_surface(surface.s);
}

} // namespace skr::render
