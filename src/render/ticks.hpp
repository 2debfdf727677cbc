#pragma once
// Tick values and their labels for colour bars and axes: 3 to 5 "nice"
// numbers (1, 2, 2.5 or 5 times a power of ten) inside a range, printed with
// just the digits their spacing needs.
#include <string>
#include <vector>

namespace skr::render {

// Ticks inside [lo, hi], ascending: 3-5 multiples of a nice step when the
// range allows (a single value for lo == hi; lo and hi when nothing fits).
std::vector<double> nice_ticks(double lo, double hi);

// Labels for ticks spaced `step` apart, all in one style: fixed-point with
// the decimals the step needs ("0.25", "-40"), scientific when the values
// are very large or the step very small ("1.5e-05").
std::vector<std::string> tick_labels(const std::vector<double>& ticks);

} // namespace skr::render
