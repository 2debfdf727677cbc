#include "util/signals.hpp"

#include <csignal>
#include <string>

namespace skr {

namespace {
volatile std::sig_atomic_t received = 0;
struct sigaction previous_int, previous_term;

extern "C" void record_signal(int signal) {
  received = signal;
}
} // namespace

InterruptGuard::InterruptGuard() {
  received = 0;
  struct sigaction action {};
  action.sa_handler = record_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous_int);
  sigaction(SIGTERM, &action, &previous_term);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &previous_int, nullptr);
  sigaction(SIGTERM, &previous_term, nullptr);
}

int pending_signal() {
  return received;
}

Interrupted::Interrupted(int signal, bool solving)
    : std::runtime_error("interrupted by signal " + std::to_string(signal) +
                         (solving ? "; completed samples are saved, continue with --resume"
                                  : " while drawing the samples to sort, before any solve")),
      signal_(signal) {}

} // namespace skr
