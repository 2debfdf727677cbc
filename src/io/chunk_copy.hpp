#pragma once
// Copying a dataset's rows between two files chunk by chunk as they are
// stored (H5Dread_chunk / H5Dwrite_chunk): no decompression and no
// recompression. It applies when both datasets hold one row per chunk with
// the same chunk shape, type and filter pipeline (a run's batches and its
// final file do); serial HDF5 only (the direct chunk calls are not supported
// on a file opened through MPI-IO).
#include "io/h5.hpp"

#include <cstddef>
#include <vector>

namespace skr {

// Whether rows of dataset `from` can be copied into dataset `to` chunk by chunk.
bool chunks_copyable(hid_t from, hid_t to);

// Copies row r of `from` to row target[r] of `to`, every chunk of the row
// (chunks_copyable(from, to) must hold). Unallocated chunks are skipped.
void copy_row_chunks(hid_t from, hid_t to, const std::vector<std::size_t>& target);

} // namespace skr
