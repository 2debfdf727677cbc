#pragma once
// A tiny 3x5 bitmap font for numbers (digits, '.', '-', '+', 'e', ' '), for
// colour-bar labels without a font library.
#include "render/image.hpp"

#include <string>

namespace skr::render {

constexpr int kGlyphWidth = 3, kGlyphHeight = 5, kGlyphAdvance = 4;

// Pixels of `text` at `scale` (each font pixel a scale x scale square).
int text_width(const std::string& text, int scale);
// Draws text with its top-left corner at (x, y); unknown characters are blank.
void draw_text(Image& image, int x, int y, const std::string& text, int scale, Rgb colour);
// A short label for a colour-bar end: "0.25", "-1.3e-05", "1.2e+04".
std::string number_label(double value);

} // namespace skr::render
