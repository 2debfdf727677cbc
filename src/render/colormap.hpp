#pragma once
// A viridis-like colormap from a small table of control points (linear
// interpolation in RGB), and the grey used for NaN cells.
#include <cstdint>

namespace skr::render {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  bool operator==(const Rgb&) const = default;
};

// t in [0, 1] (clamped): 0 is dark purple, 1 is yellow. NaN gives nan_grey().
Rgb viridis(double t);
constexpr Rgb nan_grey() {
  return {128, 128, 128};
}

} // namespace skr::render
