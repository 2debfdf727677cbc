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

namespace {
std::string interrupted_message(int signal, Interrupted::Stage stage) {
  const std::string what = "interrupted by signal " + std::to_string(signal);
  switch (stage) {
  case Interrupted::Stage::solving:
    return what + "; completed samples are saved, continue with --resume";
  case Interrupted::Stage::drawing:
    return what + " while drawing the samples to sort, before any solve";
  case Interrupted::Stage::starting:
    break;
  }
  return what + " while starting up, before any work";
}
} // namespace

Interrupted::Interrupted(int signal, Stage stage)
    : std::runtime_error(interrupted_message(signal, stage)), signal_(signal) {}

} // namespace skr
