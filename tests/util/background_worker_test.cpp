// BackgroundWorker: jobs run off the caller's thread, one at a time and in
// order; a job's error comes back on the caller's thread; disabled, jobs
// run inline.
#include <doctest/doctest.h>

#include "util/background_worker.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace skr;

TEST_CASE("background worker: one job at a time, in order, off the caller's thread") {
  std::vector<int> order;
  std::atomic<int> running{0}, most{0};
  std::vector<std::thread::id> threads(3);
  {
    BackgroundWorker writer(true);
    CHECK(writer.enabled());
    for (int j = 0; j < 3; ++j)
      writer.submit([&, j] {
        most = std::max(most.load(), ++running);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        order.push_back(j); // unsynchronised on purpose: jobs never overlap
        threads[std::size_t(j)] = std::this_thread::get_id();
        --running;
      });
    writer.wait();
    CHECK(order == std::vector<int>{0, 1, 2});
    CHECK(writer.busy_seconds() >= 0.06); // the jobs' time, measured where they ran
  }
  CHECK(most.load() == 1);
  for (const auto& id : threads) CHECK(id != std::this_thread::get_id());
}

TEST_CASE("background worker: a job's error is rethrown once, by the next submit or wait") {
  BackgroundWorker writer(true);
  writer.submit([] { throw std::runtime_error("disk full"); });
  CHECK_THROWS_WITH(writer.wait(), "disk full");
  writer.wait(); // reported once
  writer.submit([] { throw std::runtime_error("again"); });
  bool ran = false;
  CHECK_THROWS_WITH(writer.submit([&] { ran = true; }), "again");
  writer.wait();
  CHECK_FALSE(ran); // the job handed over with the error is not started
}

TEST_CASE("background worker: disabled, a job runs at once on the caller's thread") {
  BackgroundWorker writer(false);
  CHECK_FALSE(writer.enabled());
  std::thread::id ran_on;
  writer.submit([&] { ran_on = std::this_thread::get_id(); });
  CHECK(ran_on == std::this_thread::get_id());
  CHECK_THROWS_WITH(writer.submit([] { throw std::runtime_error("inline"); }), "inline");
}

TEST_CASE("background worker: busy while a job is in flight, not before or after") {
  BackgroundWorker writer(true);
  CHECK_FALSE(writer.busy());
  std::atomic<bool> release{false};
  writer.submit([&] {
    while (!release) std::this_thread::yield();
  });
  CHECK(writer.busy()); // the job cannot end before release
  release = true;
  writer.wait();
  CHECK_FALSE(writer.busy());
  BackgroundWorker inline_writer(false);
  inline_writer.submit([] {});
  CHECK_FALSE(inline_writer.busy());
}
