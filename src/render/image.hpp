#pragma once
// An 8-bit RGB raster and its PNG encoding (libpng). Errors are one-line
// skr::Error messages naming the file.
#include "render/colormap.hpp"

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

void write_png(const std::string& path, const Image& image);
Image read_png(const std::string& path); // 8-bit RGB/RGBA/grey files

} // namespace skr::render
