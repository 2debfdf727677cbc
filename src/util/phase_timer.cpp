#include "util/phase_timer.hpp"

#include "util/error.hpp"
#include "util/mpi.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <numeric>

namespace skr {

PhaseTimer::PhaseTimer(std::vector<std::string> phases)
    : names_(std::move(phases)), seconds_(names_.size(), 0.0) {}

std::size_t PhaseTimer::id_of(const char* phase) const {
  for (std::size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == phase) return i;
  fail("internal: no timing phase '{}'", phase);
}

void PhaseTimer::open(std::size_t id) {
  const Clock::time_point now = Clock::now();
  if (!open_.empty()) // pause the enclosing phase
    seconds_[open_.back().first] += std::chrono::duration<double>(now - open_.back().second).count();
  open_.emplace_back(id, now);
}

void PhaseTimer::close() {
  const Clock::time_point now = Clock::now();
  seconds_[open_.back().first] += std::chrono::duration<double>(now - open_.back().second).count();
  open_.pop_back();
  if (!open_.empty()) open_.back().second = now; // resume the enclosing phase
}

PhaseTimer::Scope::Scope(PhaseTimer* timer, const char* phase) : timer_(timer) {
  if (timer_) timer_->open(timer_->id_of(phase));
}

PhaseTimer::Scope::~Scope() {
  if (timer_) timer_->close();
}

namespace {

// One row: this rank's seconds and share, then max and mean over ranks.
std::string table_row(const std::string& name, double seconds, double wall, MPI_Comm comm,
                      int ranks) {
  std::string row = fmt::format("  {:<24} {:>9.3f} {:>6.1f}%", name, seconds,
                                wall > 0 ? 100 * seconds / wall : 0.0);
  if (ranks > 1)
    row += fmt::format(" {:>9.3f} {:>9.3f}", max_over(comm, seconds),
                       sum_over(comm, seconds) / ranks);
  return row + "\n";
}

} // namespace

std::string timing_table(const PhaseTimer& timer, double wall, MPI_Comm comm) {
  const int ranks = comm_size(comm);
  const std::string over_ranks =
      ranks > 1 ? fmt::format(" {:>9} {:>9}", "max", "mean") : std::string();
  std::string table =
      fmt::format("timing: wall {:.3f} s{}\n  {:<24} {:>9} {:>7}{}\n", wall,
                  ranks > 1 ? fmt::format(" (seconds and share: rank 0; max and mean over {} "
                                          "ranks)", ranks)
                            : "",
                  "phase", "seconds", "share", over_ranks);
  const auto& seconds = timer.seconds();
  for (std::size_t i = 0; i < seconds.size(); ++i)
    table += table_row(timer.phases()[i], seconds[i], wall, comm, ranks);
  const double timed = std::accumulate(seconds.begin(), seconds.end(), 0.0);
  table += table_row("other", std::max(0.0, wall - timed), wall, comm, ranks);
  return table;
}

} // namespace skr
