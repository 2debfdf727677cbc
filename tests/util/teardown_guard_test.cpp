#include <doctest/doctest.h>

#include "util/teardown_guard.hpp"

#include <csignal>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

struct ChildResult {
  int exit_status = -1; // -1: killed by a signal
  std::string stderr_text;
};

// Runs `body` in a forked child whose stderr is captured.
template <class Body> ChildResult run_in_child(Body body) {
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(pipe_fds[1], STDERR_FILENO);
    ::close(pipe_fds[0]);
    body();
    ::_exit(99);
  }
  ::close(pipe_fds[1]);
  ChildResult result;
  char buffer[256];
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;)
    result.stderr_text.append(buffer, std::size_t(n));
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFEXITED(status)) result.exit_status = WEXITSTATUS(status);
  return result;
}

} // namespace

TEST_CASE("teardown guard: a crash after the output is complete keeps the run's exit status") {
  for (int signal : {SIGSEGV, SIGABRT}) {
    for (int status : {0, 3}) {
      const auto child = run_in_child([&] {
        std::signal(signal, SIG_DFL); // no doctest / sanitizer crash report in the child
        skr::arm_teardown_guard("out.h5", status);
        std::raise(signal);
      });
      if (!skr::teardown_guard_available()) { // sanitized build: the crash stays a crash
        CHECK(child.exit_status == -1);
        continue;
      }
      CHECK(child.exit_status == status);
      CHECK(child.stderr_text.find("after out.h5 was complete") != std::string::npos);
      CHECK(child.stderr_text.find('\n') == child.stderr_text.size() - 1); // one line
    }
  }
}
