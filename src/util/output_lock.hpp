#pragma once
// One writer per output. An OutputLock holds an advisory flock(2) on
// PATH.lock, next to the output (the output itself appears only at the final
// rename, and HDF5 locks the files it opens itself), for as long as it lives.
// The kernel drops the lock when its process dies, so a SIGKILL leaves no
// stale lock: the file left behind is free to take.
//
//   OutputLock lock("X.h5");   // fails: "... is being written by another process (pid 4711 ...)"
//
// Where the file system does not support locks (some Lustre and NFS mounts),
// one warning line goes to stderr and the run goes on unlocked.
#include <string>

namespace skr {

inline constexpr const char* kLockSuffix = ".lock";

class OutputLock {
public:
  OutputLock() = default;
  // Takes the lock of `output` or throws an Error naming the output and the
  // process that holds it.
  explicit OutputLock(const std::string& output);
  ~OutputLock();
  OutputLock(OutputLock&& o) noexcept;
  OutputLock& operator=(OutputLock&& o) noexcept;
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;

  bool held() const { return fd_ >= 0; }
  const std::string& path() const { return path_; }

private:
  void release() noexcept;
  std::string path_; // the lock file
  int fd_ = -1;
};

// Whether flock(2) failing with `error` means the file system has no locks
// (go on, with a warning) rather than a real failure.
bool locks_unsupported(int error);

// Whether another process holds a lock on `path` that conflicts with a
// reader's (shared) or a writer's (exclusive) lock: HDF5 locks the files it
// opens, so a file another process is writing cannot be opened.
bool locked_by_another_process(const std::string& path, bool exclusive = false);

} // namespace skr
