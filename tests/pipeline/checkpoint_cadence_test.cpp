// Checkpoint cadence (issue 28): growing batches make O(log n) files per
// rank, a time-cut batch does not grow, growth 1 keeps batches of K.
#include "pipeline/checkpoint_cadence.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>
#include <vector>

TEST_CASE("checkpoint cadence: number of batch files for n samples") {
  using skr::checkpoint_files;
  CHECK(checkpoint_files(0, 32, 2) == 0);
  CHECK(checkpoint_files(1, 32, 2) == 1);
  CHECK(checkpoint_files(32, 32, 2) == 1);
  CHECK(checkpoint_files(33, 32, 2) == 2);
  CHECK(checkpoint_files(32 + 64 + 128, 32, 2) == 3);
  CHECK(checkpoint_files(32 + 64 + 128 + 1, 32, 2) == 4);
  // Fixed batches: n / K files (the old cadence).
  CHECK(checkpoint_files(1000, 32, 1) == 32);
  CHECK(checkpoint_files(60, 1, 1) == 60);
  // A rank's share of 10^6 samples on 1000 ranks: 32 + 64 + ... + 512 = 992,
  // then 8: 6 files, not 32.
  CHECK(checkpoint_files(1000, 32, 2) == 6);
  for (std::size_t n : {10, 1000})
    CHECK(checkpoint_files(n, 32, 2) <= std::size_t(std::log2(double(n) / 32 + 1)) + 1);
  // Past the cap (512 a batch): 5 growing batches, then one per 512 samples.
  CHECK(checkpoint_files(992 + 512 * 10, 32, 2) == 5 + 10);
  CHECK(checkpoint_files(100000, 32, 4) < checkpoint_files(100000, 32, 2));
  // A first batch above the cap keeps its size.
  CHECK(checkpoint_files(4000, 1000, 2) == 4);
}

TEST_CASE("checkpoint cadence: due by count or time; only a full batch grows the next") {
  skr::CheckpointCadence cadence(4, 10.0, 2);
  CHECK_FALSE(cadence.due(3, 1.0));
  CHECK(cadence.due(4, 1.0));
  CHECK(cadence.due(1, 10.0)); // the time cadence bounds the work a crash loses
  cadence.taken(1);            // cut by time: the same size again
  CHECK(cadence.batch_size() == 4);
  cadence.taken(4);
  CHECK(cadence.batch_size() == 8);
  CHECK_FALSE(cadence.due(7, 0.0));
  CHECK(cadence.due(8, 0.0));
  for (int k = 0; k < 20; ++k) cadence.taken(cadence.batch_size());
  CHECK(cadence.batch_size() == skr::kMaxGrownBatch); // growth stops there
  skr::CheckpointCadence fixed(4, 10.0);
  fixed.taken(4);
  CHECK(fixed.batch_size() == 4);
}

TEST_CASE("checkpoint cadence: with the run's length known, the last batches shrink") {
  // 200 samples, batches from 32 doubling: 32, then each batch is cut once
  // it holds half as many samples as are left, down to one sample.
  skr::CheckpointCadence cadence(32, 1e9, 2);
  const std::size_t total = 200;
  std::vector<std::size_t> batches;
  std::size_t pending = 0, recorded = 0;
  while (recorded < total) {
    ++pending;
    ++recorded;
    if (cadence.due(pending, 0.0, total - recorded)) {
      batches.push_back(pending);
      cadence.taken(pending);
      pending = 0;
    }
  }
  CHECK(pending == 0); // the last sample's batch is due: nothing waits for the final flush
  REQUIRE(batches.size() >= 4);
  CHECK(batches[0] == 32);
  CHECK(batches[1] == 56); // a third of the 168 left, before the doubled 64
  CHECK(batches[2] == 38); // a third of the 112 left
  CHECK(batches[3] == 25);
  CHECK(batches.back() == 1);
  for (std::size_t b = 2; b < batches.size(); ++b) CHECK(batches[b] <= batches[b - 1]);
  CHECK(batches.size() <= 14); // 32, then about log1.5(168) cuts
  // Unknown length (npos): only the count and the time cadence.
  skr::CheckpointCadence plain(32, 1e9, 2);
  CHECK_FALSE(plain.due(31, 0.0));
}
