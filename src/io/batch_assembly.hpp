#pragma once
// Assembling a run's checkpoint batches into its final file (see
// io/dataset_writer.hpp), by one process whatever the number of ranks.
// Datasets whose batch storage matches the file's (one row per chunk, same
// filters) are copied chunk by chunk as stored, without decompressing and
// recompressing (io/chunk_copy.hpp); the others (per-sample scalars, other
// chunk shapes) are read and rewritten. One writer, not collective
// parallel-HDF5 writes: those need every compressed chunk recompressed, and
// HDF5 1.10.8 (Debian 12) hangs or fails with "Bad address" on them past
// ~10^4 scattered rows (HDFGroup/hdf5#265; docs/SCALING.md has the figures).
#include "io/h5.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace skr {

// Copies the rows of a run's batch files into its final file, batch by
// batch. Per-sample values (1-D datasets, one chunk of up to 4096 samples in
// the final file) are gathered in memory and written once by
// write_gathered(): storing each batch's rows into them would decompress and
// recompress their chunks once per batch (8 % of poisson x 3000's CPU). That
// memory is 8 bytes per sample per such dataset (poisson's 32: 256 MB for
// 10^6 samples, against the 32 GB its fields take).
class BatchAssembly {
public:
  // `paths`: the per-sample datasets of `file` (which must outlive this).
  BatchAssembly(hid_t file, const std::vector<std::string>& paths);
  ~BatchAssembly();
  BatchAssembly(BatchAssembly&&) noexcept;
  BatchAssembly& operator=(BatchAssembly&&) noexcept;

  // Copies every row of the batch files, the row holding sample
  // /meta/index[r] of a batch going to row_of(index[r]). Returns the rows copied.
  std::size_t copy(const std::vector<std::filesystem::path>& batches,
                   const std::function<std::size_t(std::size_t)>& row_of);
  // Writes the gathered per-sample values into the file.
  void write_gathered();

private:
  struct Target;
  std::vector<Target> targets_;
};

} // namespace skr
