#include "render/colormap.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace skr::render {

namespace {

// Viridis sampled at nine evenly spaced points.
constexpr std::array<Rgb, 9> kControl{{{68, 1, 84},
                                       {71, 44, 122},
                                       {59, 81, 139},
                                       {44, 113, 142},
                                       {33, 144, 141},
                                       {39, 173, 129},
                                       {92, 200, 99},
                                       {170, 220, 50},
                                       {253, 231, 37}}};

std::uint8_t mix(std::uint8_t a, std::uint8_t b, double f) {
  return static_cast<std::uint8_t>(std::lround(a + (double(b) - double(a)) * f));
}

} // namespace

Rgb viridis(double t) {
  if (std::isnan(t)) return nan_grey();
  t = std::clamp(t, 0.0, 1.0);
  const double position = t * (kControl.size() - 1);
  const std::size_t i =
      std::min<std::size_t>(static_cast<std::size_t>(position), kControl.size() - 2);
  const double f = position - double(i);
  const Rgb& a = kControl[i];
  const Rgb& b = kControl[i + 1];
  return {mix(a.r, b.r, f), mix(a.g, b.g, f), mix(a.b, b.b, f)};
}

} // namespace skr::render
