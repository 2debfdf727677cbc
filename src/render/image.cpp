#include "render/image.hpp"

#include "util/error.hpp"

#include <png.h>

#include <cerrno>
#include <cstdio>
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

struct File {
  std::FILE* f = nullptr;
  ~File() {
    if (f) std::fclose(f);
  }
};

// libpng reports errors through longjmp: keep its message, jump back to the
// setjmp in the caller (no C++ objects are created between the two).
void on_png_error(png_structp png, png_const_charp message) {
  std::snprintf(static_cast<char*>(png_get_error_ptr(png)), 256, "%s", message);
  png_longjmp(png, 1);
}
void on_png_warning(png_structp, png_const_charp) {}

} // namespace

void write_png(const std::string& path, const Image& image) {
  if (image.width <= 0 || image.height <= 0) fail("cannot write an empty image to '{}'", path);
  File file{std::fopen(path.c_str(), "wb")};
  if (!file.f) fail("cannot write '{}': {}", path, std::strerror(errno));
  char message[256] = "";
  png_structp png =
      png_create_write_struct(PNG_LIBPNG_VER_STRING, message, on_png_error, on_png_warning);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!info) {
    png_destroy_write_struct(&png, nullptr);
    fail("cannot write '{}': out of memory", path);
  }
  std::vector<png_bytep> rows(image.height);
  for (int y = 0; y < image.height; ++y)
    rows[y] = const_cast<png_bytep>(image.rgb.data() + std::size_t(y) * image.width * 3);
  volatile bool ok = false;
  if (setjmp(png_jmpbuf(png)) == 0) {
    png_init_io(png, file.f);
    png_set_IHDR(png, info, image.width, image.height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, 9); // previews are small: the smallest file is worth the time
    png_write_info(png, info);
    png_write_image(png, rows.data());
    png_write_end(png, nullptr);
    ok = true;
  }
  png_destroy_write_struct(&png, &info);
  if (!ok) fail("cannot write '{}': {}", path, message);
  if (std::fflush(file.f) != 0) fail("cannot write '{}': {}", path, std::strerror(errno));
}

Image read_png(const std::string& path) {
  File file{std::fopen(path.c_str(), "rb")};
  if (!file.f) fail("cannot read '{}': {}", path, std::strerror(errno));
  char message[256] = "";
  png_structp png =
      png_create_read_struct(PNG_LIBPNG_VER_STRING, message, on_png_error, on_png_warning);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!info) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    fail("cannot read '{}': out of memory", path);
  }
  Image image;
  std::vector<png_bytep> rows;
  volatile bool ok = false;
  if (setjmp(png_jmpbuf(png)) == 0) {
    png_init_io(png, file.f);
    png_read_info(png, info);
    // Normalise to 8-bit RGB.
    png_set_strip_16(png);
    png_set_strip_alpha(png);
    png_set_palette_to_rgb(png);
    png_set_gray_to_rgb(png);
    png_set_expand_gray_1_2_4_to_8(png);
    png_read_update_info(png, info);
    image.width = static_cast<int>(png_get_image_width(png, info));
    image.height = static_cast<int>(png_get_image_height(png, info));
    image.rgb.assign(std::size_t(image.width) * image.height * 3, 0);
    rows.resize(image.height);
    for (int y = 0; y < image.height; ++y)
      rows[y] = image.rgb.data() + std::size_t(y) * image.width * 3;
    png_read_image(png, rows.data());
    png_read_end(png, nullptr);
    ok = true;
  }
  png_destroy_read_struct(&png, &info, nullptr);
  if (!ok) fail("cannot read '{}': {}", path, message);
  return image;
}

} // namespace skr::render
