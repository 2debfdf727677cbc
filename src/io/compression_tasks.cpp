#include "io/compression_tasks.hpp"

#include "io/dataset_writer.hpp"
#include "util/error.hpp"

#include <chrono>

namespace skr {

CompressionTasks::CompressionTasks(const DatasetSchema& schema)
    : chunk_values_(field_chunk_values(schema)), as_double_(schema.double_precision),
      compression_(schema.compression) {
  if (!compression_.enabled()) fail("internal: compression tasks for uncompressed fields");
}

void CompressionTasks::add(const std::vector<double>& values, CompressedRow& into) {
  if (values.size() % chunk_values_ != 0)
    fail("internal: a row of {} values in chunks of {}", values.size(), chunk_values_);
  into = CompressedRow{chunk_values_, {}};
  into.chunks.resize(values.size() / chunk_values_);
  for (std::size_t c = 0; c < into.chunks.size(); ++c)
    tasks_.push_back({values.data() + c * chunk_values_, &into, c});
}

bool CompressionTasks::run_next() {
  const std::size_t claimed = next_.fetch_add(1);
  if (claimed >= tasks_.size()) return false;
  const Task& task = tasks_[claimed];
  try {
    task.row->chunks[task.chunk] =
        compress_field_chunk(task.values, chunk_values_, as_double_, compression_);
  } catch (...) {
    std::lock_guard lock(error_mutex_);
    if (!error_) error_ = std::current_exception();
  }
  done_.fetch_add(1, std::memory_order_release); // the chunk's bytes are visible to finish()
  done_.notify_all();
  return true;
}

double CompressionTasks::help(const std::function<bool()>& keep_going) {
  const auto start = std::chrono::steady_clock::now();
  while (keep_going() && run_next()) {
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void CompressionTasks::finish() {
  while (run_next()) {
  }
  for (std::size_t done = done_.load(std::memory_order_acquire); done < tasks_.size();
       done = done_.load(std::memory_order_acquire))
    done_.wait(done, std::memory_order_acquire);
  std::lock_guard lock(error_mutex_);
  if (error_) std::rethrow_exception(error_);
}

} // namespace skr
