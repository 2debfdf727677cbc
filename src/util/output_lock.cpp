#include "util/output_lock.hpp"

#include "util/error.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utility>

namespace skr {

namespace {

// "pid 4711 on node12": who holds the lock, as its holder wrote it.
std::string holder_of(int fd) {
  char text[128] = {};
  const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
  if (n <= 0) return "";
  std::string holder(text, static_cast<std::size_t>(n));
  while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
  return holder;
}

void record_holder(int fd) {
  char host[64] = {};
  ::gethostname(host, sizeof host - 1);
  const std::string text = fmt::format("pid {} on {}\n", ::getpid(), host);
  if (::ftruncate(fd, 0) == 0 && ::pwrite(fd, text.data(), text.size(), 0) < 0) {
    // Only the message naming the holder suffers; the lock itself holds.
  }
}

// The file at `path` is still the one open as fd (a holder that released
// the lock unlinks the file: a lock taken on the unlinked file is no lock).
bool same_file(int fd, const std::string& path) {
  struct stat open_file {}, named {};
  if (::fstat(fd, &open_file) != 0 || ::stat(path.c_str(), &named) != 0) return false;
  return open_file.st_dev == named.st_dev && open_file.st_ino == named.st_ino;
}

} // namespace

bool locks_unsupported(int error) {
  return error == ENOLCK || error == ENOSYS || error == EOPNOTSUPP || error == EINVAL;
}

OutputLock::OutputLock(const std::string& output) : path_(output + kLockSuffix) {
  for (;;) {
    const int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0 && (errno == ENOENT || errno == ENOTDIR || errno == EACCES || errno == EROFS ||
                   errno == ENAMETOOLONG)) {
      // No output can be written there either: the command's own check of
      // the output names the problem.
      path_.clear();
      return;
    }
    if (fd < 0)
      fail("cannot create the lock file '{}' of output '{}': {}", path_, output,
           std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      if (error == EWOULDBLOCK) {
        const std::string holder = holder_of(fd);
        ::close(fd);
        fail("output '{}' is being written by another process{} (lock '{}'); wait for it to "
             "finish or stop it",
             output, holder.empty() ? "" : " (" + holder + ")", path_);
      }
      ::close(fd);
      if (!locks_unsupported(error))
        fail("cannot lock '{}' of output '{}': {}", path_, output, std::strerror(error));
      std::fprintf(stderr,
                   "skr-gen: warning: the file system of '%s' does not support file locks (%s): "
                   "make sure no other process writes '%s'\n",
                   path_.c_str(), std::strerror(error), output.c_str());
      ::unlink(path_.c_str());
      return;
    }
    if (same_file(fd, path_)) {
      fd_ = fd;
      record_holder(fd_);
      return;
    }
    ::close(fd); // its holder removed it as we opened it: take the new one
  }
}

OutputLock::~OutputLock() {
  release();
}

OutputLock::OutputLock(OutputLock&& o) noexcept
    : path_(std::move(o.path_)), fd_(std::exchange(o.fd_, -1)) {}

OutputLock& OutputLock::operator=(OutputLock&& o) noexcept {
  if (this != &o) {
    release();
    path_ = std::move(o.path_);
    fd_ = std::exchange(o.fd_, -1);
  }
  return *this;
}

void OutputLock::release() noexcept {
  if (fd_ < 0) return;
  // Unlink while still holding the lock, so no one takes a lock on a file
  // about to disappear without seeing (same_file) that it did.
  ::unlink(path_.c_str());
  ::close(fd_);
  fd_ = -1;
}

bool locked_by_another_process(const std::string& path, bool exclusive) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool locked = ::flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0 &&
                      errno == EWOULDBLOCK;
  ::close(fd);
  return locked;
}

} // namespace skr
