#include "render/ticks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace skr::render {

namespace {

// Multiples of step inside [lo, hi] (with a little slack for rounding).
std::vector<double> multiples(double lo, double hi, double step) {
  std::vector<double> ticks;
  const double slack = 1e-9 * step;
  for (double n = std::ceil((lo - slack) / step); n * step <= hi + slack; ++n)
    ticks.push_back(n * step == 0 ? 0.0 : n * step); // no "-0"
  return ticks;
}

// Decimals that write `step` exactly (0.25: 2, 20: 0), at most 6.
int decimals(double step) {
  int d = 0;
  for (double scaled = step; d < 6 && std::abs(scaled - std::round(scaled)) > 1e-6 * scaled; ++d)
    scaled *= 10;
  return d;
}

} // namespace

std::vector<double> nice_ticks(double lo, double hi) {
  if (!(lo < hi)) return {lo};
  constexpr std::array<double, 4> kMantissas{5, 2.5, 2, 1};
  const int top = static_cast<int>(std::floor(std::log10(hi - lo)));
  // Largest nice step that gives 3-5 ticks; failing that 3-6.
  for (const std::size_t most : {5u, 6u})
    for (int e = top; e >= top - 2; --e)
      for (const double m : kMantissas) {
        const auto ticks = multiples(lo, hi, m * std::pow(10.0, e));
        if (ticks.size() >= 3 && ticks.size() <= most) return ticks;
      }
  return {lo, hi};
}

std::vector<std::string> tick_labels(const std::vector<double>& ticks) {
  double largest = 0, step = 0;
  for (std::size_t i = 0; i < ticks.size(); ++i) {
    largest = std::max(largest, std::abs(ticks[i]));
    if (i > 0) step = step == 0 ? ticks[i] - ticks[i - 1] : std::min(step, ticks[i] - ticks[i - 1]);
  }
  if (step == 0) step = largest == 0 ? 1 : largest;
  std::vector<std::string> labels;
  if (largest >= 1e5 || step < 1e-3) { // mantissa digits: the step's, at the largest's exponent
    const double exponent = std::floor(std::log10(largest));
    const int digits = decimals(step / std::pow(10.0, exponent));
    for (double t : ticks) labels.push_back(t == 0 ? "0" : fmt::format("{:.{}e}", t, digits));
    return labels;
  }
  const int digits = decimals(step);
  for (double t : ticks) labels.push_back(fmt::format("{:.{}f}", t, digits));
  return labels;
}

} // namespace skr::render
