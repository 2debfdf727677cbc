#pragma once
// Assembling a run's checkpoint batches into its final file (see
// io/dataset_writer.hpp), on one rank or on every rank of a communicator.
// With several ranks the file is opened through parallel HDF5 (MPI-IO): it is
// created collectively, batch b is copied by rank b mod P, and every write is
// collective (HDF5 requires that for compressed datasets), one batch per rank
// per round, so the copy runs at the ranks' combined I/O bandwidth instead of
// rank 0's alone. With one rank, datasets whose batch storage matches the
// file's (one row per chunk, same filters) are copied chunk by chunk as
// stored, without decompressing and recompressing (io/chunk_copy.hpp).
#include "io/h5.hpp"

#include <mpi.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace skr {

// Creates `path` for writing on every rank of comm (collective; plain HDF5
// with one rank). Throws an Error naming the path on failure.
h5::Id create_shared_hdf5(MPI_Comm comm, const std::string& path);

// Copies every row of the batch files into `file` (opened on comm), the row
// holding sample /meta/index[r] of a batch going to row_of(index[r]), for the
// per-sample datasets `paths`. Collective; returns the rows this rank copied.
std::size_t copy_batches(MPI_Comm comm, hid_t file,
                         const std::vector<std::filesystem::path>& batches,
                         const std::vector<std::string>& paths,
                         const std::function<std::size_t(std::size_t)>& row_of);

} // namespace skr
