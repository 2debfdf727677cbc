#include "util/options.hpp"

#include "util/error.hpp"
#include "util/limits.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <sstream>

namespace skr {

void add_option(po::options_description& desc, const char* name, const std::string& default_value,
                const char* help) {
  desc.add_options()(name, po::value<std::string>()->default_value(default_value), help);
}

std::string get_string(const po::variables_map& vm, const std::string& name) {
  auto it = vm.find(name);
  if (it == vm.end() || it->second.empty()) fail("missing option --{}", name);
  return it->second.as<std::string>();
}

double get_double(const po::variables_map& vm, const std::string& name) {
  const std::string text = get_string(vm, name);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size())
    fail("--{}: '{}' is not a number", name, text);
  if (!std::isfinite(value)) fail("--{}: '{}' is not a finite number", name, text);
  return value;
}

std::uint64_t get_uint64(const po::variables_map& vm, const std::string& name) {
  const std::string text = get_string(vm, name);
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size())
    fail("--{}: '{}' is not a non-negative integer", name, text);
  return value;
}

std::optional<bool> to_bool(const std::string& text) {
  if (text == "true" || text == "1" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "0" || text == "no" || text == "off") return false;
  return std::nullopt;
}

bool get_bool(const po::variables_map& vm, const std::string& name) {
  const std::string text = get_string(vm, name);
  if (const auto value = to_bool(text)) return *value;
  fail("--{}: '{}' is not a boolean (true/false)", name, text);
}

double get_double_in(const po::variables_map& vm, const std::string& name, double lo, double hi) {
  const double value = get_double(vm, name);
  if (value < lo || value > hi) fail("--{}: {} is outside [{}, {}]", name, value, lo, hi);
  return value;
}

long long get_int_in(const po::variables_map& vm, const std::string& name, long long lo,
                     long long hi) {
  const std::string text = get_string(vm, name);
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  const bool parsed = end == text.data() + text.size();
  if (ec == std::errc::invalid_argument || !parsed)
    fail("--{}: '{}' is not an integer", name, text);
  if (ec == std::errc::result_out_of_range || value < lo || value > hi)
    fail("--{}: {} is outside [{}, {}]", name, text, lo, hi);
  return value;
}

std::size_t get_sample_count(const po::variables_map& vm) {
  return get_int_as<std::size_t>(vm, "samples", 1, kMaxSamples);
}

std::optional<bool> parse_double_precision(const std::string& text) {
  if (text == "float") return false;
  if (text == "double") return true;
  return std::nullopt;
}

bool get_double_precision(const po::variables_map& vm) {
  const std::string precision = get_string(vm, "precision");
  const auto is_double = parse_double_precision(precision);
  if (!is_double) fail("--precision: '{}' is not float or double", precision);
  return *is_double;
}

std::vector<int> parse_grid(const std::string& text, int dims, int min_cells) {
  std::vector<int> cells;
  std::stringstream stream(text);
  std::string part;
  // Parsed wide and range-checked before narrowing to int.
  constexpr long long kMaxCells = kMaxUnknowns - 1;
  while (std::getline(stream, part, 'x')) {
    long long n = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), n);
    if (part.empty() || ec == std::errc::invalid_argument || end != part.data() + part.size())
      fail("--grid: '{}' is not a grid size (use N or NxM{})", text, dims == 3 ? "xK" : "");
    if (ec == std::errc::result_out_of_range || n > kMaxCells)
      fail("--grid: {} cells per axis is outside [{}, {}]", part, min_cells, kMaxCells);
    if (n < min_cells) fail("--grid: {} cells per axis is too few (at least {})", n, min_cells);
    cells.push_back(static_cast<int>(n));
  }
  if (!text.empty() && text.back() == 'x')
    fail("--grid: '{}' is not a grid size (use N or NxM{})", text, dims == 3 ? "xK" : "");
  if (cells.size() == 1) cells.assign(dims, cells[0]);
  if (static_cast<int>(cells.size()) != dims)
    fail("--grid: '{}' has {} sizes, this problem is {}-D", text, cells.size(), dims);
  double points = 1;
  for (int n : cells) {
    points *= n + 1.0;
  }
  constexpr auto kMaxPoints = static_cast<double>(kMaxUnknowns);
  if (points > kMaxPoints)
    fail("--grid: '{}' has {:.3g} grid points, more than this build can index ({:.0e})", text,
         points, kMaxPoints);
  return cells;
}

std::string resolved_config(const po::variables_map& vm, const std::vector<std::string>& excluded) {
  std::map<std::string, std::string> sorted;
  for (const auto& [key, value] : vm) {
    if (value.empty() || std::find(excluded.begin(), excluded.end(), key) != excluded.end())
      continue;
    if (const auto* s = boost::any_cast<std::string>(&value.value()))
      sorted[key] = *s;
    else if (const auto* b = boost::any_cast<bool>(&value.value()))
      sorted[key] = *b ? "true" : "false";
    else if (const auto* v = boost::any_cast<std::vector<std::string>>(&value.value())) {
      std::string joined;
      for (const auto& item : *v) joined += (joined.empty() ? "" : " ") + item;
      sorted[key] = joined;
    } else
      sorted[key] = "true";
  }
  std::string text;
  for (const auto& [key, value] : sorted) text += fmt::format("{} = {}\n", key, value);
  return text;
}

} // namespace skr
