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

// Copies every row of the batch files into `file`, the row holding sample
// /meta/index[r] of a batch going to row_of(index[r]), for the per-sample
// datasets `paths`. Returns the rows copied.
std::size_t copy_batches(hid_t file, const std::vector<std::filesystem::path>& batches,
                         const std::vector<std::string>& paths,
                         const std::function<std::size_t(std::size_t)>& row_of);

} // namespace skr
