#include "io/compression_tasks.hpp"

#include "io/dataset_writer.hpp"
#include "util/error.hpp"

#include <chrono>

namespace skr {

CompressionTasks::CompressionTasks(const DatasetSchema& schema)
    : chunk_values_(field_chunk_values(schema)), as_double_(schema.double_precision),
      compression_(schema.compression) {
  if (!compression_.enabled()) fail("internal: compression tasks for fields stored raw");
}

void CompressionTasks::add(const std::vector<double>& values, RowChunks& into) {
  if (values.size() % chunk_values_ != 0)
    fail("internal: a row of {} values in chunks of {}", values.size(), chunk_values_);
  into = RowChunks{this, tasks_.size(), values.size() / chunk_values_, chunk_values_};
  for (std::size_t c = 0; c < into.count; ++c)
    tasks_.emplace_back(values.data() + c * chunk_values_);
  back_ = tasks_.size();
}

std::vector<unsigned char> CompressionTasks::compress(const Task& task) const {
  return compress_field_chunk(task.values, chunk_values_, as_double_, compression_);
}

double CompressionTasks::help(const std::function<bool()>& keep_going) {
  const auto start = std::chrono::steady_clock::now();
  while (back_ > 0 && keep_going()) {
    Task& task = tasks_[back_ - 1];
    unsigned char free = kFree;
    if (!task.state.compare_exchange_strong(free, kClaimed)) {
      back_ = 0; // the writer got here first: it has claimed everything before
      break;
    }
    --back_;
    unsigned char outcome = kDone;
    try {
      task.bytes = compress(task);
    } catch (...) {
      std::lock_guard lock(error_mutex_);
      if (!error_) error_ = std::current_exception();
      outcome = kFailed;
    }
    task.state.store(outcome, std::memory_order_release); // the bytes are the writer's now
    task.state.notify_all();
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

const std::vector<unsigned char>& CompressionTasks::take(const RowChunks& row, std::size_t c,
                                                         std::vector<unsigned char>& scratch) {
  if (row.tasks != this || c >= row.count) fail("internal: chunk {} of a row it does not hold", c);
  Task& task = tasks_[row.first + c];
  unsigned char state = kFree;
  if (task.state.compare_exchange_strong(state, kClaimed)) {
    scratch = compress(task);
    task.state.store(kDone, std::memory_order_relaxed); // nobody waits: retire() passes
    return scratch;
  }
  if (wait_while_claimed(task) == kFailed) {
    std::lock_guard lock(error_mutex_);
    std::rethrow_exception(error_);
  }
  return task.bytes;
}

unsigned char CompressionTasks::wait_while_claimed(Task& task) {
  unsigned char state;
  while ((state = task.state.load(std::memory_order_acquire)) == kClaimed)
    task.state.wait(kClaimed, std::memory_order_acquire);
  return state;
}

void CompressionTasks::retire() {
  for (Task& task : tasks_) {
    unsigned char state = kFree;
    if (!task.state.compare_exchange_strong(state, kDone)) wait_while_claimed(task);
  }
}

} // namespace skr
