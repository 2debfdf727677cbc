#include "util/progress.hpp"

#include <cstdio>
#include <unistd.h>

#include <fmt/format.h>

namespace skr {

std::string format_duration(double seconds) {
  if (!(seconds >= 0) || seconds > 1e8) return "--:--";
  const long s = static_cast<long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

Progress::Progress(std::string label, std::size_t total, bool enabled)
    : label_(std::move(label)), total_(total), enabled_(enabled), terminal_(isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()), last_print_(start_) {}

void Progress::update(std::size_t done, const std::string& detail) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  const double since = std::chrono::duration<double>(now - last_print_).count();
  // Terminal: refresh ~10 times a second. Logs: a line every 10 s.
  if (done < total_ && since < (terminal_ ? 0.1 : 10.0)) return;
  last_print_ = now;
  print(done, detail);
}

void Progress::print(std::size_t done, const std::string& detail) {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0 ? done / elapsed : 0;
  const double eta = rate > 0 ? (total_ - done) / rate : -1;
  const std::string line = fmt::format("{} {}/{} | {:.1f}/s | ETA {} | {}", label_, done, total_,
                                       rate, format_duration(eta), detail);
  if (terminal_) {
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    line_open_ = true;
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  std::fflush(stderr);
}

void Progress::finish() {
  if (line_open_) std::fprintf(stderr, "\n");
  line_open_ = false;
}

} // namespace skr
