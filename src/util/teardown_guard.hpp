#pragma once
// Once a run's output is complete, a crash while releasing solver objects
// must not turn it into exit 139: superlu_dist was seen to segfault in
// MatDestroy (its process-grid exit) after a good file had been written. The
// armed guard catches SIGSEGV, SIGBUS, SIGFPE and SIGABRT for the rest of the
// process, prints one line naming the finished output and ends the process
// with the run's own exit status. Only armed after the final rename, so a
// crash before that still fails loudly (and leaves a resumable partial run).
#include <string>

namespace skr {

void arm_teardown_guard(const std::string& output, int exit_status);

// False in an AddressSanitizer build, where arming is a no-op: there a crash
// at teardown must stay loud, since finding it is what that build is for.
bool teardown_guard_available();

} // namespace skr
