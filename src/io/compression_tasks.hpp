#pragma once
// The field chunks of one checkpoint batch, compressed by two threads side
// by side: the writer thread, which needs them all before it writes the
// batch, and the solving thread, which helps where it would otherwise wait
// for the writer (DatasetWriter::checkpoint). Each thread claims the next
// chunk, so none is compressed twice, and the bytes stored are the same
// whichever thread compressed them.
#include "io/dataset_layout.hpp"

#include <atomic>
#include <cstddef>
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
  // becomes a task, compressed into `into` (sized here; kept alive by the
  // caller until finish() returns).
  void add(const std::vector<double>& values, CompressedRow& into);
  // Compresses unclaimed chunks while keep_going() holds; returns the
  // seconds spent. An error is kept for finish().
  double help(const std::function<bool()>& keep_going);
  // Compresses every chunk left, waits for those other threads claimed,
  // then rethrows the first error, if any.
  void finish();

private:
  struct Task {
    const double* values;
    CompressedRow* row;
    std::size_t chunk;
  };
  // Claims and compresses the next task; false if none was left.
  bool run_next();

  std::size_t chunk_values_;
  bool as_double_;
  Compression compression_;
  std::vector<Task> tasks_;
  std::atomic<std::size_t> next_{0}, done_{0};
  std::mutex error_mutex_;
  std::exception_ptr error_;
};

} // namespace skr
