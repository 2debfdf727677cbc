#pragma once
// SIGINT / SIGTERM during a long run: the handler only records the signal;
// the generate loop finishes the current sample, checkpoints, and exits with
// 128 + signal (130 for SIGINT, 143 for SIGTERM), leaving a resumable file.
#include <stdexcept>

namespace skr {

class InterruptGuard {
public:
  InterruptGuard();  // installs the handlers
  ~InterruptGuard(); // restores the previous ones
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
};

// The signal received since the guard was installed, or 0.
int pending_signal();

// Thrown after a checkpoint when a signal arrived.
class Interrupted : public std::runtime_error {
public:
  // When: solving (after a checkpoint of the completed samples), drawing
  // (before any solve) or starting (while MPI and PETSc start up).
  enum class Stage { solving, drawing, starting };
  explicit Interrupted(int signal, Stage stage = Stage::solving);
  int signal() const { return signal_; }
  int exit_code() const { return 128 + signal_; }

private:
  int signal_;
};

} // namespace skr
