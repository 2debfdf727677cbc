#include "util/background_worker.hpp"

#include <chrono>

namespace skr {

BackgroundWorker::BackgroundWorker(bool enabled) {
  if (enabled) thread_ = std::thread([this] { run(); });
}

BackgroundWorker::~BackgroundWorker() {
  if (!thread_.joinable()) return;
  {
    std::unique_lock lock(mutex_);
    wait_idle(lock);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void BackgroundWorker::wait_idle(std::unique_lock<std::mutex>& lock) {
  changed_.wait(lock, [this] { return !job_; });
}

void BackgroundWorker::wait() {
  std::unique_lock lock(mutex_);
  wait_idle(lock);
  if (std::exception_ptr error = std::exchange(error_, nullptr)) std::rethrow_exception(error);
}

namespace {

// Runs `job`; returns how long it took and the exception it threw, if any.
std::pair<double, std::exception_ptr> timed(const std::function<void()>& job) {
  const auto start = std::chrono::steady_clock::now();
  std::exception_ptr error;
  try {
    job();
  } catch (...) {
    error = std::current_exception();
  }
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), error};
}

} // namespace

bool BackgroundWorker::busy() {
  std::lock_guard lock(mutex_);
  return bool(job_);
}

double BackgroundWorker::busy_seconds() {
  std::lock_guard lock(mutex_);
  return busy_seconds_;
}

void BackgroundWorker::submit(std::function<void()> job) {
  if (!enabled()) {
    const auto [seconds, error] = timed(job);
    busy_seconds_ += seconds;
    if (error) std::rethrow_exception(error);
    return;
  }
  {
    std::unique_lock lock(mutex_);
    wait_idle(lock);
    if (std::exception_ptr error = std::exchange(error_, nullptr)) std::rethrow_exception(error);
    job_ = std::move(job);
  }
  changed_.notify_all();
}

void BackgroundWorker::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return stop_ || job_; });
    if (!job_) return; // stop_, nothing left
    lock.unlock();
    const auto [seconds, error] = timed(job_);
    lock.lock();
    busy_seconds_ += seconds;
    error_ = error;
    job_ = nullptr;
    changed_.notify_all();
  }
}

} // namespace skr
