#pragma once
// Progress reporting on stderr: a live, rewritten line when stderr is a
// terminal; a plain line every few seconds otherwise (batch logs).
#include <chrono>
#include <cstddef>
#include <string>

namespace skr {

class Progress {
public:
  Progress(std::string label, std::size_t total, bool enabled);
  // Called after each sample; `detail` is appended (e.g. "its 41, res 3e-9").
  void update(std::size_t done, const std::string& detail = {});
  void finish();

private:
  void print(std::size_t done, const std::string& detail);

  std::string label_;
  std::size_t total_;
  bool enabled_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_, last_print_;
  bool line_open_ = false;
};

std::string format_duration(double seconds);

} // namespace skr
