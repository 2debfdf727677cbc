#pragma once
// An 8-bit RGB raster and its PNG encoding (Cairo's). Errors are one-line
// skr::Error messages naming the file.
#include "render/colormap.hpp"

#include <cairo.h>

#include <string>
#include <vector>

namespace skr::render {

struct Image {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgb; // row-major, 3 bytes per pixel, top row first

  Image() = default;
  Image(int w, int h, Rgb background = {255, 255, 255});
  Rgb at(int x, int y) const;
  void set(int x, int y, Rgb c); // ignores pixels outside the image
  void fill(int x0, int y0, int w, int h, Rgb c);
};

// The same pixels as a Cairo RGB24 image surface (the caller destroys it;
// cairo_surface_status says whether it was made), and back from an RGB24 or
// ARGB32 surface (ARGB32 is premultiplied: an opaque pixel reads as stored).
cairo_surface_t* to_cairo_surface(const Image& image);
Image from_cairo_surface(cairo_surface_t* surface);

void write_png(const std::string& path, const Image& image);
Image read_png(const std::string& path); // RGB, RGBA or grey files (alpha dropped)

} // namespace skr::render
