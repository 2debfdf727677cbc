#pragma once
// Wall time per phase of a run (generate --timing). A PhaseTimer holds a
// fixed list of named accumulators (the same on every rank, so that the
// table can be reduced over ranks); a Scope charges the time it is open to
// one phase. Scopes nest and the time is exclusive: while an inner scope is
// open the outer one is paused, so the phases add up to the time spent in
// any of them, and "other" (wall minus their sum) holds the rest.
#include <mpi.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace skr {

class PhaseTimer {
public:
  using Clock = std::chrono::steady_clock;

  explicit PhaseTimer(std::vector<std::string> phases);

  // Charges the time between its construction and its end to `phase`. A
  // null timer makes it a no-op (the pipelines time only with --timing).
  class Scope {
  public:
    Scope(PhaseTimer* timer, const char* phase);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

  private:
    PhaseTimer* timer_;
  };

  const std::vector<std::string>& phases() const { return names_; }
  // Seconds charged so far to each phase, in the order of phases().
  const std::vector<double>& seconds() const { return seconds_; }

private:
  std::size_t id_of(const char* phase) const; // an Error for a phase not in the list
  void open(std::size_t id);
  void close();

  std::vector<std::string> names_;
  std::vector<double> seconds_;
  std::vector<std::pair<std::size_t, Clock::time_point>> open_; // innermost last
};

// The table printed by --timing: seconds and share of `wall` per phase and
// an "other" row for the rest, from this rank; with several ranks in comm,
// also the max and mean over ranks (collective: every rank calls it).
std::string timing_table(const PhaseTimer& timer, double wall, MPI_Comm comm);

} // namespace skr
