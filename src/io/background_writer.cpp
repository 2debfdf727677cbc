#include "io/background_writer.hpp"

namespace skr {

BackgroundWriter::BackgroundWriter(bool enabled) {
  if (enabled) thread_ = std::thread([this] { run(); });
}

BackgroundWriter::~BackgroundWriter() {
  if (!thread_.joinable()) return;
  {
    std::unique_lock lock(mutex_);
    wait_idle(lock);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void BackgroundWriter::wait_idle(std::unique_lock<std::mutex>& lock) {
  changed_.wait(lock, [this] { return !job_; });
}

void BackgroundWriter::wait() {
  std::unique_lock lock(mutex_);
  wait_idle(lock);
  if (std::exception_ptr error = std::exchange(error_, nullptr)) std::rethrow_exception(error);
}

void BackgroundWriter::submit(std::function<void()> job) {
  if (!enabled()) return job();
  {
    std::unique_lock lock(mutex_);
    wait_idle(lock);
    if (std::exception_ptr error = std::exchange(error_, nullptr)) std::rethrow_exception(error);
    job_ = std::move(job);
  }
  changed_.notify_all();
}

void BackgroundWriter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return stop_ || job_; });
    if (!job_) return; // stop_, nothing left
    lock.unlock();
    std::exception_ptr error;
    try {
      job_();
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    error_ = error;
    job_ = nullptr;
    changed_.notify_all();
  }
}

} // namespace skr
