#pragma once
// The solve order of a P-rank run, computed by all ranks together instead of
// by every rank alone (issue 28): rank r draws and reduces the features of its
// share of the samples only. Sample i's features depend on (seed, i) alone,
// so the feature matrix is the same whatever P.
//  - blocked Hilbert sort (auto beyond 5000 samples): the PCA basis is fitted
//    on rank 0 from the rows a single process would use and broadcast; each
//    rank computes its rows' curve keys; the keys (16 B a sample) are
//    allgathered and sorted; rank r receives the reduced rows of its
//    consecutive blocks of the curve (all-to-all), orders them greedily, and
//    rank 0 orients the blocks from their end rows. Without 2-opt (auto from
//    50 000 samples) the order is the single process's, bit for bit; with
//    2-opt each rank improves its own part. One rank runs the same code: its
//    order is sort::sort's.
//  - other methods: the reduced rows are gathered on rank 0, which sorts and
//    broadcasts the permutation.
#include "pipeline/generate.hpp"
#include "sort/sorter.hpp"

#include <mpi.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace skr {

class PhaseTimer;

// Rank r's share of n samples: [n r / P, n (r + 1) / P).
std::pair<std::size_t, std::size_t> rank_share(std::size_t n, int rank, int ranks);

// The width of a sort row as share_features makes it for `method` and
// these samples (0: --sort none draws none), for the memory check.
std::size_t sort_row_columns(const Problem& problem, const std::vector<std::uint64_t>& seeds,
                             const std::string& method);

// The features of samples [first, last) as the sort uses them
// (sort::reduce_for_sort with the options resolved for all samples).
sort::FeatureMatrix share_features(const Problem& problem, const std::vector<std::uint64_t>& seeds,
                                   std::size_t first, std::size_t last,
                                   const sort::SortOptions& resolved);

// The blocked Hilbert order of n samples whose sort features (reduced, see
// share_features) are spread over the ranks by rank_share: this rank holds
// `mine`. `options`: resolved, without fields. `report` (optional) gets the
// path length and the time.
std::vector<std::size_t> distributed_hilbert_order(const sort::FeatureMatrix& mine, std::size_t n,
                                                   const sort::SortOptions& options, MPI_Comm comm,
                                                   GenerateSummary* report = nullptr);

// order[position] = sample index, the same on every rank of comm. `summary`
// (optional) gets the method, time and path lengths (the random order's
// estimated from rank 0's share); `timer` the draw and the sort.
std::vector<std::size_t> distributed_solve_order(const Problem& problem,
                                                 const std::vector<std::uint64_t>& seeds,
                                                 const std::string& method, MPI_Comm comm,
                                                 GenerateSummary* summary, PhaseTimer* timer);

} // namespace skr
