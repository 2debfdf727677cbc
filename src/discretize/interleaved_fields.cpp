#include "discretize/interleaved_fields.hpp"

namespace skr {

Fields split_interleaved(const std::vector<double>& x, const std::vector<std::string>& names) {
  const std::size_t c = names.size(), points = x.size() / c;
  Fields out;
  for (std::size_t f = 0; f < c; ++f) {
    std::vector<double>& field = out[names[f]];
    field.resize(points);
    for (std::size_t m = 0; m < points; ++m) field[m] = x[c * m + f];
  }
  return out;
}

std::vector<double> interleave(const Fields& fields, const std::vector<std::string>& names) {
  const std::size_t c = names.size(), points = fields.at(names.front()).size();
  std::vector<double> x(c * points);
  for (std::size_t f = 0; f < c; ++f) {
    const std::vector<double>& field = fields.at(names[f]);
    for (std::size_t m = 0; m < points; ++m) x[c * m + f] = field[m];
  }
  return x;
}

} // namespace skr
