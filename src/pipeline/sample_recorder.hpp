#pragma once
// What happens after each solve, in generate and in solve alike: failed
// samples are stored as NaN (never as if they were good), the sample is
// queued in the writer, the totals and the progress line are updated, a
// checkpoint is taken when due, and --max-failures and SIGINT/SIGTERM are
// honoured (after a checkpoint that waits for the writer's background
// thread, so nothing finished is lost).
#include "io/dataset_writer.hpp"
#include "pipeline/checkpoint_cadence.hpp"
#include "pipeline/generate.hpp"
#include "util/phase_timer.hpp"
#include "util/progress.hpp"

#include <chrono>
#include <functional>
#include <limits>

namespace skr {

class SampleRecorder {
public:
  // progress_count: what the progress line shows as done (defaults to this
  // writer's samples); max_failures < 0: never abort.
  SampleRecorder(DatasetWriter& writer, GenerateSummary& summary, Progress& progress,
                 std::size_t checkpoint_samples, double checkpoint_seconds, long long max_failures,
                 std::function<std::size_t()> progress_count = nullptr);

  // --verbose: one line per sample on stderr; --log-json: one JSON object
  // per sample on stdout (for pipelines). `rank` is included in both.
  void set_logging(bool verbose, bool json, int rank) {
    verbose_ = verbose;
    json_ = json;
    rank_ = rank;
  }

  // Under MPI, --max-failures counts the failures of all ranks: count_failure
  // adds one failure to the job's total and returns the total before it.
  // Only the rank that crosses the limit stops the job, with one error line.
  void set_failure_counter(std::function<long long()> count_failure) {
    count_failure_ = std::move(count_failure);
  }

  // Each full checkpoint batch `growth` times larger than the last
  // (pipeline/checkpoint_cadence.hpp); 1 (the default): all the same size.
  void set_checkpoint_growth(std::size_t growth) { cadence_.set_growth(growth); }

  // How many samples this recorder will record in all, when known (a serial
  // run): the last batches then shrink (pipeline/checkpoint_cadence.hpp).
  void set_samples_to_record(std::size_t samples) { to_record_ = samples; }

  // --timing: checkpoints are charged to phase::checkpoint (null: not timed).
  void set_timer(PhaseTimer* timer) { timer_ = timer; }

  // Records one solved sample. If it failed, its outputs are replaced by NaN
  // and x (the next warm start) is zeroed. `steps`: a trajectory's per-step
  // statistics (time-dependent families).
  // The sample is handed on to the writer (moved: no copy of its fields).
  void record(std::size_t index, Sample sample, Fields outputs, const SolveStats& stats, Vec x,
              std::vector<SolveStats> steps = {});

private:
  // wait: until every batch is on disk (before the run stops), not only handed over.
  void checkpoint(bool wait = false);

  std::function<long long()> count_failure_;
  PhaseTimer* timer_ = nullptr;
  DatasetWriter& writer_;
  GenerateSummary& summary_;
  Progress& progress_;
  CheckpointCadence cadence_;
  long long max_failures_;
  std::function<std::size_t()> progress_count_;
  std::chrono::steady_clock::time_point last_checkpoint_ = std::chrono::steady_clock::now();
  std::size_t solved_ = 0;
  std::size_t to_record_ = std::numeric_limits<std::size_t>::max(); // unknown
  bool verbose_ = false, json_ = false;
  int rank_ = 0;
};

} // namespace skr
