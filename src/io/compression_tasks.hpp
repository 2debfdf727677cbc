#pragma once
// The field chunks of one checkpoint batch, compressed by two threads side
// by side: the writer thread streams them in order (compress, store,
// next), and the solving thread, where it would otherwise wait for the
// writer (DatasetWriter::checkpoint), compresses chunks from the batch's
// end, keeping their bytes until the writer reaches them. Each chunk is
// claimed once; the two meet in the middle; the bytes stored are the same
// whichever thread compressed them.
#include "io/dataset_layout.hpp"

#include <atomic>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <vector>

namespace skr {

struct DatasetSchema;

class CompressionTasks {
public:
  explicit CompressionTasks(const DatasetSchema& schema);
  CompressionTasks(const CompressionTasks&) = delete;
  CompressionTasks& operator=(const CompressionTasks&) = delete;

  // Before the tasks are shared: every chunk of `values` (a row of a field)
  // becomes a task, and `into` names them for take(). `values` must stay
  // alive until the writer has taken them all.
  void add(const std::vector<double>& values, RowChunks& into);
  // Another thread than the writer's: compresses chunks from the last one
  // back while keep_going() holds, until it meets the writer; returns the
  // seconds spent. An error is kept for take().
  double help(const std::function<bool()>& keep_going);
  // The writer, in order: chunk c of `row`. Compressed here into `scratch`
  // if no other thread claimed it, else that thread's bytes (waited for).
  const std::vector<unsigned char>& take(const RowChunks& row, std::size_t c,
                                         std::vector<unsigned char>& scratch);
  // The writer, once done with the batch (written or failed): claims every
  // chunk no thread has claimed and waits for those another thread is
  // compressing, so that the rows may go; a later help() reads none.
  void retire();

private:
  enum State : unsigned char { kFree, kClaimed, kDone, kFailed };
  struct Task {
    explicit Task(const double* chunk) : values(chunk) {}
    const double* values;
    std::atomic<unsigned char> state{kFree};
    std::vector<unsigned char> bytes; // a helper's result
  };
  std::vector<unsigned char> compress(const Task& task) const;
  // Until no thread holds `task` claimed; its final state.
  static unsigned char wait_while_claimed(Task& task);

  std::size_t chunk_values_;
  bool as_double_;
  Compression compression_;
  std::deque<Task> tasks_; // a deque: tasks (atomics) never move
  std::size_t back_ = 0;   // the helper's next task + 1 (it counts down)
  std::mutex error_mutex_;
  std::exception_ptr error_;
};

} // namespace skr
