#pragma once
// Minimal JSON text helpers for --json outputs (values are written with fmt).
#include <fmt/format.h>

#include <cmath>
#include <string>
#include <vector>

namespace skr::json {

// A JSON string literal, quotes included, with control characters escaped.
inline std::string quote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (c < 0x20)
        out += fmt::format("\\u{:04x}", c);
      else
        out += char(c);
    }
  }
  return out + "\"";
}

// A number; NaN and infinities (not JSON) become null.
inline std::string number(double v) {
  return std::isfinite(v) ? fmt::format("{}", v) : "null";
}

template <typename T> std::string array(const std::vector<T>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i)
    out += fmt::format("{}{}", i ? ", " : "", values[i]);
  return out + "]";
}

} // namespace skr::json
