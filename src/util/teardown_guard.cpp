#include "util/teardown_guard.hpp"

#include <fmt/format.h>

#include <csignal>
#include <cstring>
#include <unistd.h>

namespace skr {

namespace {
// Written before the handler is installed: the handler may only call
// async-signal-safe functions (write, _exit).
char message[512];
std::size_t message_length = 0;
volatile std::sig_atomic_t status = 0;

extern "C" void end_after_complete_output(int) {
  ssize_t written = ::write(STDERR_FILENO, message, message_length);
  (void)written;
  ::_exit(status);
}
} // namespace

bool teardown_guard_available() {
#ifdef __SANITIZE_ADDRESS__
  return false;
#else
  return true;
#endif
}

void arm_teardown_guard(const std::string& output, int exit_status) {
  if (!teardown_guard_available()) return;
  const auto text = fmt::format(
      "skr-gen: warning: a solver package crashed while releasing its objects after {} was "
      "complete; the file is valid, exit status {}\n",
      output, exit_status);
  message_length = std::min(text.size(), sizeof message);
  std::memcpy(message, text.data(), message_length);
  status = exit_status;
  struct sigaction action {};
  action.sa_handler = end_after_complete_output;
  sigemptyset(&action.sa_mask);
  for (int signal : {SIGSEGV, SIGBUS, SIGFPE, SIGABRT}) sigaction(signal, &action, nullptr);
}

} // namespace skr
