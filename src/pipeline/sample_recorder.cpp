#include "pipeline/sample_recorder.hpp"

#include "pipeline/run_phases.hpp"
#include "util/error.hpp"
#include "util/signals.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace skr {

SampleRecorder::SampleRecorder(DatasetWriter& writer, GenerateSummary& summary, Progress& progress,
                               std::size_t checkpoint_samples, double checkpoint_seconds,
                               long long max_failures, std::function<std::size_t()> progress_count)
    : writer_(writer), summary_(summary), progress_(progress),
      cadence_(checkpoint_samples, checkpoint_seconds),
      max_failures_(max_failures), progress_count_(std::move(progress_count)) {
  if (!progress_count_)
    progress_count_ = [this] { return writer_.done_count() + writer_.pending(); };
}

void SampleRecorder::checkpoint(bool wait) {
  PhaseTimer::Scope scope(timer_, phase::checkpoint);
  if (wait)
    writer_.flush();
  else
    writer_.checkpoint();
}

void SampleRecorder::record(std::size_t index, Sample sample, Fields outputs,
                            const SolveStats& stats, Vec x, std::vector<SolveStats> steps) {
  if (!stats.converged) {
    for (auto& [name, values] : outputs) std::fill(values.begin(), values.end(), std::nan(""));
    SKR_PETSC(VecZeroEntries(x));
  }
  const std::uint64_t seed = sample.seed;
  writer_.write(index, std::move(sample), std::move(outputs), stats, std::move(steps));
  if (json_) {
    fmt::print(
        "{{\"index\": {}, \"position\": {}, \"seed\": {}, \"rank\": {}, \"iterations\": {}, "
        "\"rel_residual\": {:.6e}, \"solve_seconds\": {:.6f}, \"converged\": {}, \"reason\": {}, "
        "\"fallback\": {}}}\n",
        index, stats.solve_position, seed, rank_, stats.iterations, stats.rel_residual,
        stats.solve_seconds, stats.converged ? "true" : "false", stats.reason, stats.fallback);
    std::fflush(stdout); // a pipeline reading the log sees each sample as it lands
  }
  if (verbose_)
    fmt::print(stderr, "sample {} (position {}, rank {}): {} its, residual {:.2e}, {:.4f} s{}{}\n",
               index, stats.solve_position, rank_, stats.iterations, stats.rel_residual,
               stats.solve_seconds,
               stats.fallback ? fmt::format(", fallback {}", stats.fallback) : "",
               stats.converged ? "" : ", FAILED");

  ++solved_;
  summary_.converged += stats.converged ? 1 : 0;
  summary_.failed += stats.converged ? 0 : 1;
  summary_.retried += stats.fallback == 1 ? 1 : 0;
  summary_.direct += stats.fallback == 2 ? 1 : 0;
  summary_.solve_seconds += stats.solve_seconds;
  summary_.iterations += stats.iterations;
  summary_.max_rel_residual = std::max(summary_.max_rel_residual, stats.rel_residual);

  const auto now = std::chrono::steady_clock::now();
  const std::size_t pending = writer_.pending();
  const std::size_t left = to_record_ > solved_ ? to_record_ - solved_ : 0;
  if (cadence_.due(pending, std::chrono::duration<double>(now - last_checkpoint_).count(),
                   left)) {
    checkpoint();
    cadence_.taken(pending);
    // From the end of the write: a large batch's own write time must not cut the next batch short.
    last_checkpoint_ = std::chrono::steady_clock::now();
  }
  progress_.update(
      progress_count_(),
      fmt::format("its {} | res {:.1e} | mean its {:.1f}{}", stats.iterations, stats.rel_residual,
                  double(summary_.iterations) / solved_,
                  summary_.failed ? fmt::format(" | failed {}", summary_.failed) : ""));
  if (!stats.converged && max_failures_ >= 0) {
    const long long before = count_failure_ ? count_failure_() : summary_.failed - 1;
    if (before == max_failures_) { // this failure crosses the limit
      checkpoint(/*wait=*/true);
      progress_.finish();
      fail("{} samples failed to converge, more than --max-failures {}; completed samples are "
           "in '{}'",
           before + 1, max_failures_, writer_.partial_path());
    }
  }
  if (const int signal = pending_signal()) {
    checkpoint(/*wait=*/true);
    progress_.finish();
    throw Interrupted(signal);
  }
}

} // namespace skr
