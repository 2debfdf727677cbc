#pragma once
// When a rank takes its next checkpoint (its finished samples into a new
// batch file): once the batch holds `size` samples or `seconds` after the last
// checkpoint, whichever comes first. After a full batch the size grows by
// `growth` (K, 2K, 4K ...): a rank that solves n samples writes about
// log2(n / K) + 1 files instead of n / K (at K = 32, 10^6 samples made 31 250
// files), and a crash still loses at most the batch being filled: no more
// samples than the rank had already checkpointed, and no more than `seconds`
// of work. Growth stops at kMaxGrownBatch samples (or K if larger): the batch
// writer stores rows one at a time into per-sample scalar datasets chunked
// the batch's length, so its cost per row grows with the batch (measured:
// 4.3 ms a row in batches of 32, 6.8 ms up to 2048, docs/SCALING.md).
// Near the end of a run whose length is known, a batch is also due once it
// holds half as many samples as are left to solve: the last batches shrink
// by a third each (n/3, 2n/9 ... 1), so what is still to write after the
// last solve, which nothing overlaps, is about one sample instead of up to a
// whole batch. (Halving made the solving thread wait: the writer needs up
// to 0.55x a sample's solve for each sample (heat), so writing a batch took
// longer than solving the next one, half its size.)
#include <cstddef>
#include <limits>

namespace skr {

inline constexpr std::size_t kMaxGrownBatch = 512;

class CheckpointCadence {
public:
  CheckpointCadence(std::size_t first_batch, double seconds, std::size_t growth = 1)
      : size_(first_batch ? first_batch : 1), seconds_(seconds), growth_(growth ? growth : 1) {}

  void set_growth(std::size_t growth) { growth_ = growth ? growth : 1; }
  std::size_t batch_size() const { return size_; }

  // `left`: samples still to be solved after these (unknown: npos).
  bool due(std::size_t pending, double seconds_since_last,
           std::size_t left = std::numeric_limits<std::size_t>::max()) const {
    return pending >= size_ || seconds_since_last >= seconds_ ||
           (pending > 0 && 2 * pending >= left);
  }
  // After a checkpoint of `written` samples: a full batch makes the next one larger.
  void taken(std::size_t written) {
    if (written < size_) return; // cut by the time cadence (or a signal): same size again
    if (size_ >= kMaxGrownBatch) return;
    size_ = size_ * growth_ < kMaxGrownBatch ? size_ * growth_ : kMaxGrownBatch;
  }

private:
  std::size_t size_;
  double seconds_;
  std::size_t growth_;
};

// The batch files a rank writes for `samples` samples when only the sample
// count triggers checkpoints (the last, partial batch included).
inline std::size_t checkpoint_files(std::size_t samples, std::size_t first_batch,
                                    std::size_t growth) {
  CheckpointCadence cadence(first_batch, std::numeric_limits<double>::infinity(), growth);
  std::size_t files = 0;
  while (samples > 0) {
    const std::size_t batch = samples < cadence.batch_size() ? samples : cadence.batch_size();
    cadence.taken(batch);
    samples -= batch;
    ++files;
  }
  return files;
}

} // namespace skr
