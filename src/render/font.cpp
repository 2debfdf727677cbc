#include "render/font.hpp"

#include <cmath>

#include <fmt/format.h>

namespace skr::render {

namespace {

// Five rows of three bits (most significant bit = left column).
const unsigned char* glyph(char c) {
  static const unsigned char digits[10][5] = {
      {7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7}, {5, 5, 7, 1, 1},
      {7, 4, 7, 1, 7}, {7, 4, 7, 5, 7}, {7, 1, 1, 1, 1}, {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7}};
  static const unsigned char dot[5] = {0, 0, 0, 0, 2};
  static const unsigned char minus[5] = {0, 0, 7, 0, 0};
  static const unsigned char plus[5] = {0, 2, 7, 2, 0};
  static const unsigned char e[5] = {0, 7, 7, 4, 7};
  if (c >= '0' && c <= '9') return digits[c - '0'];
  if (c == '.') return dot;
  if (c == '-') return minus;
  if (c == '+') return plus;
  if (c == 'e') return e;
  return nullptr;
}

} // namespace

int text_width(const std::string& text, int scale) {
  return text.empty() ? 0 : (int(text.size()) * kGlyphAdvance - 1) * scale;
}

void draw_text(Image& image, int x, int y, const std::string& text, int scale, Rgb colour) {
  for (std::size_t n = 0; n < text.size(); ++n) {
    const unsigned char* rows = glyph(text[n]);
    if (!rows) continue;
    const int left = x + int(n) * kGlyphAdvance * scale;
    for (int r = 0; r < kGlyphHeight; ++r)
      for (int c = 0; c < kGlyphWidth; ++c)
        if (rows[r] & (4 >> c)) image.fill(left + c * scale, y + r * scale, scale, scale, colour);
  }
}

std::string number_label(double value) {
  if (std::isnan(value)) return "";
  const double a = std::abs(value);
  if (a == 0) return "0";
  if (a >= 1e-2 && a < 1e4) return fmt::format("{:.3g}", value);
  return fmt::format("{:.1e}", value);
}

} // namespace skr::render
