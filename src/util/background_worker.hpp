#pragma once
// One background thread that runs jobs one at a time, in the order they are
// handed over: DatasetWriter's checkpoint batches (that thread then makes
// every HDF5 call of the batches while the solve loop goes on).
// At most one job is in flight: handing over a second waits for the first,
// so memory stays bounded by one job's. An exception thrown by a job is kept
// and rethrown on the owner's thread by the next submit() or wait().
// Disabled (one thread per rank, --threads 1), submit() runs the job at once
// on the caller's thread.
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

namespace skr {

class BackgroundWorker {
public:
  explicit BackgroundWorker(bool enabled);
  ~BackgroundWorker(); // waits for the job in flight (its error is dropped)
  BackgroundWorker(const BackgroundWorker&) = delete;
  BackgroundWorker& operator=(const BackgroundWorker&) = delete;

  // Waits for the job in flight (rethrowing its error), then starts `job`.
  void submit(std::function<void()> job);
  // Returns once no job is in flight; rethrows the last job's error, once.
  void wait();
  bool enabled() const { return thread_.joinable(); }
  // Whether a job is in flight now (what submit() would wait for).
  bool busy();
  // Seconds the jobs have taken so far, on whichever thread ran them.
  double busy_seconds();

private:
  void run();
  // With the lock held: until no job is in flight.
  void wait_idle(std::unique_lock<std::mutex>& lock);

  std::mutex mutex_;
  std::condition_variable changed_;
  std::function<void()> job_; // set: in flight
  std::exception_ptr error_;
  double busy_seconds_ = 0;
  bool stop_ = false;
  std::thread thread_;
};

} // namespace skr
