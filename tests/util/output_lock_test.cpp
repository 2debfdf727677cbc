#include <doctest/doctest.h>

#include "util/error.hpp"
#include "util/output_lock.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;

namespace {

// A fresh directory per test, removed afterwards.
struct LockDir {
  fs::path dir = fs::temp_directory_path() / ("skr_lock_test_" + std::to_string(::getpid()));
  std::string out = (dir / "X.h5").string();
  LockDir() {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~LockDir() { fs::remove_all(dir); }
};

} // namespace

TEST_CASE("OutputLock: one writer per output, released with the lock") {
  LockDir d;
  {
    skr::OutputLock first(d.out);
    CHECK(first.held());
    CHECK(fs::exists(d.out + ".lock"));
    // flock conflicts between open files even within one process.
    try {
      skr::OutputLock second(d.out);
      FAIL("a second lock on one output was granted");
    } catch (const skr::Error& e) {
      const std::string what = e.what();
      CHECK(what.find(d.out) != std::string::npos);
      CHECK(what.find("pid " + std::to_string(::getpid())) != std::string::npos);
    }
  }
  CHECK_FALSE(fs::exists(d.out + ".lock")); // released and removed
  skr::OutputLock again(d.out);
  CHECK(again.held());
}

TEST_CASE("OutputLock: a lock file left by a killed holder is free to take") {
  LockDir d;
  std::ofstream(d.out + ".lock") << "pid 1 on elsewhere\n";
  skr::OutputLock lock(d.out);
  CHECK(lock.held());
}

TEST_CASE("OutputLock: no lock where no output can be written either") {
  LockDir d;
  skr::OutputLock lock((d.dir / "missing" / "X.h5").string());
  CHECK_FALSE(lock.held()); // the command's own output check names the problem
}

TEST_CASE("locks_unsupported: only a file system without locks goes on unlocked") {
  CHECK(skr::locks_unsupported(ENOLCK));
  CHECK(skr::locks_unsupported(EOPNOTSUPP));
  CHECK_FALSE(skr::locks_unsupported(EWOULDBLOCK));
  CHECK_FALSE(skr::locks_unsupported(EBADF));
}

TEST_CASE("locked_by_another_process: sees an HDF5-style writer's lock") {
  LockDir d;
  std::ofstream(d.out) << "data";
  CHECK_FALSE(skr::locked_by_another_process(d.out));
  const int fd = ::open(d.out.c_str(), O_RDWR);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
  CHECK(skr::locked_by_another_process(d.out));
  CHECK(skr::locked_by_another_process(d.out, true));
  ::close(fd);
  CHECK_FALSE(skr::locked_by_another_process(d.out));
}
