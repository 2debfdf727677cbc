#include "pipeline/distributed_sort.hpp"

#include "pipeline/run_phases.hpp"
#include "sort/distance.hpp"
#include "sort/hilbert.hpp"
#include "sort/pca.hpp"
#include "sort/two_opt.hpp"
#include "util/mpi.hpp"
#include "util/phase_timer.hpp"
#include "util/threads.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>

namespace skr {

static_assert(sizeof(std::size_t) == sizeof(std::uint64_t), "orders travel as MPI_UINT64_T");

std::pair<std::size_t, std::size_t> rank_share(std::size_t n, int rank, int ranks) {
  const auto r = static_cast<std::size_t>(rank), p = static_cast<std::size_t>(ranks);
  return {n * r / p, n * (r + 1) / p};
}

namespace {

// The width of a sort row made from rows of `columns` feature values.
std::size_t sort_width(std::size_t columns, const sort::SortOptions& resolved) {
  return sort::reduce_for_sort(sort::FeatureMatrix(0, columns), resolved).cols;
}

} // namespace

std::size_t sort_row_columns(const Problem& problem, const std::vector<std::uint64_t>& seeds,
                             const std::string& method) {
  if (seeds.empty() || sort::parse_method(method) == sort::Method::none) return 0;
  const std::size_t columns = feature_columns(problem, seeds);
  const sort::SortOptions resolved =
      sort::resolve_automatic(sort_options_for(problem, columns, method), seeds.size());
  return sort_width(columns, resolved);
}

// Drawn and reduced a block of samples at a time (reduce_for_sort works row
// by row): only one block's raw fields are ever in memory, and the block's
// memory is reused, which on a machine slow to touch new memory was most of
// the phase (poisson 64^2 x 200: 7 MB of raw rows, 12-26 ms).
sort::FeatureMatrix share_features(const Problem& problem, const std::vector<std::uint64_t>& seeds,
                                   std::size_t first, std::size_t last,
                                   const sort::SortOptions& resolved) {
  const std::size_t columns = feature_columns(problem, seeds);
  const std::size_t block = 16 * static_cast<std::size_t>(thread_count(resolved.threads));
  sort::FeatureMatrix reduced(last - first, sort_width(columns, resolved));
  for (std::size_t begin = first; begin < last; begin += block) {
    const std::size_t end = std::min(last, begin + block);
    const sort::FeatureMatrix part =
        sort::reduce_for_sort(sample_features(problem, seeds, begin, end, columns), resolved);
    std::copy(part.data.begin(), part.data.end(), reduced.row(begin - first));
  }
  return reduced;
}

namespace {

// One row of d doubles as an MPI type, so counts are rows (no int overflow).
class RowType {
public:
  explicit RowType(std::size_t d) {
    MPI_Type_contiguous(static_cast<int>(std::max<std::size_t>(d, 1)), MPI_DOUBLE, &type_);
    MPI_Type_commit(&type_);
  }
  ~RowType() { MPI_Type_free(&type_); }
  RowType(const RowType&) = delete;
  RowType& operator=(const RowType&) = delete;
  operator MPI_Datatype() const { return type_; }

private:
  MPI_Datatype type_ = MPI_DATATYPE_NULL;
};

int as_count(std::size_t n) {
  if (n > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    fail("distributed sort: {} items exceed an MPI count", n);
  return static_cast<int>(n);
}

// Counts and displacements of one contribution per rank.
struct Layout {
  std::vector<int> counts, displs;
  explicit Layout(const std::vector<std::size_t>& sizes) {
    std::size_t at = 0;
    for (std::size_t s : sizes) {
      counts.push_back(as_count(s));
      displs.push_back(as_count(at));
      at += s;
    }
  }
};

std::vector<std::size_t> share_sizes(std::size_t n, int ranks) {
  std::vector<std::size_t> sizes;
  for (int q = 0; q < ranks; ++q) {
    const auto [a, b] = rank_share(n, q, ranks);
    sizes.push_back(b - a);
  }
  return sizes;
}

// Every rank's rows on rank 0 (in rank order), `total` rows there.
sort::FeatureMatrix gather_rows(const sort::FeatureMatrix& mine,
                                const std::vector<std::size_t>& sizes, MPI_Comm comm) {
  const bool root = comm_rank(comm) == 0;
  sort::FeatureMatrix all(root ? std::accumulate(sizes.begin(), sizes.end(), std::size_t{0}) : 0,
                          mine.cols);
  const RowType row(mine.cols);
  const Layout layout(sizes);
  MPI_Gatherv(mine.data.data(), as_count(mine.rows), row, all.data.data(), layout.counts.data(),
              layout.displs.data(), row, 0, comm);
  return all;
}

// Every rank's values on every rank, in rank order.
std::vector<std::uint64_t> allgather(const std::vector<std::uint64_t>& mine,
                                     const std::vector<std::size_t>& sizes, MPI_Comm comm) {
  std::vector<std::uint64_t> all(std::accumulate(sizes.begin(), sizes.end(), std::size_t{0}));
  const Layout layout(sizes);
  MPI_Allgatherv(mine.data(), as_count(mine.size()), MPI_UINT64_T, all.data(), layout.counts.data(),
                 layout.displs.data(), MPI_UINT64_T, comm);
  return all;
}

void broadcast_doubles(std::vector<double>& values, MPI_Comm comm) {
  MPI_Bcast(values.data(), as_count(values.size()), MPI_DOUBLE, 0, comm);
}

// The expected path length of a random order, from one share of iid samples.
double random_path_estimate(const sort::FeatureMatrix& share, std::size_t n) {
  if (share.rows < 2) return 0;
  return sort::random_path_length(share) * double(n - 1) / double(share.rows - 1);
}

// Rank 0's estimate of the random order's path length, on every rank.
double broadcast_random_estimate(const sort::FeatureMatrix& mine, std::size_t n, MPI_Comm comm) {
  std::vector<double> value{comm_rank(comm) == 0 ? random_path_estimate(mine, n) : 0.0};
  broadcast_doubles(value, comm);
  return value[0];
}

// Rank 0 sorts all rows and broadcasts the permutation.
std::vector<std::size_t> sort_on_root(const sort::FeatureMatrix& mine, std::size_t n,
                                      const sort::SortOptions& resolved, MPI_Comm comm,
                                      GenerateSummary& out) {
  const int ranks = comm_size(comm);
  const sort::FeatureMatrix all = ranks > 1 ? gather_rows(mine, share_sizes(n, ranks), comm) : mine;
  std::vector<std::size_t> order(n);
  std::vector<double> report(3, 0.0);
  on_root(comm, [&] {
    sort::SortResult r = sort::sort_with_report(all, sort::without_fields(resolved));
    order = std::move(r.order);
    report = {r.seconds, r.path_length, r.random_path_length};
  });
  MPI_Bcast(order.data(), as_count(n), MPI_UINT64_T, 0, comm);
  broadcast_doubles(report, comm);
  out.sort_seconds = report[0];
  out.sort_path_length = report[1];
  out.random_path_length = report[2];
  return order;
}

// First sample of each rank's share, and n: share_starts[q] <= i < share_starts[q + 1].
std::vector<std::size_t> share_starts(std::size_t n, int ranks) {
  std::vector<std::size_t> starts;
  for (int q = 0; q <= ranks; ++q) starts.push_back(q < ranks ? rank_share(n, q, ranks).first : n);
  return starts;
}

// The q with starts[q] <= i < starts[q + 1] (empty ranges skipped).
std::size_t owner_of(const std::vector<std::size_t>& starts, std::size_t i) {
  return static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), i) -
                                  starts.begin()) -
         1;
}

// The points the curve orders: the rows projected on the PCA basis that a
// single process would fit (from rows k N / m, k < m, of all N), fitted on
// rank 0 and broadcast; or the rows themselves without PCA.
sort::FeatureMatrix curve_points(const sort::FeatureMatrix& mine, std::size_t n,
                                 const sort::SortOptions& o, MPI_Comm comm) {
  const int p = sort::hilbert_pca_dims(o, mine.cols);
  if (p == 0) {
    if (mine.cols > 64)
      fail("hilbert sort without PCA needs at most 64 features, got {}", mine.cols);
    return mine;
  }
  const int rank = comm_rank(comm), ranks = comm_size(comm);
  const std::vector<std::size_t> starts = share_starts(n, ranks);
  const std::size_t m = std::min<std::size_t>(n, 50000); // sort::pca_reduce's sample
  std::vector<std::size_t> sizes(std::size_t(ranks), 0), picked;
  for (std::size_t k = 0; k < m; ++k) {
    const std::size_t i = k * n / m, owner = owner_of(starts, i);
    ++sizes[owner];
    if (owner == std::size_t(rank)) picked.push_back(i - starts[owner]);
  }
  sort::FeatureMatrix sample(picked.size(), mine.cols);
  for (std::size_t r = 0; r < picked.size(); ++r)
    std::copy_n(mine.row(picked[r]), mine.cols, sample.row(r));
  const sort::FeatureMatrix gathered = gather_rows(sample, sizes, comm);
  sort::Pca pca;
  // All m rows: the same rows, sums and basis as pca_reduce on all N.
  on_root(comm, [&] { pca = sort::fit_pca(gathered, p, m, o.threads); });
  if (rank != 0) {
    pca.mean.resize(mine.cols);
    pca.components = sort::FeatureMatrix(std::size_t(p), mine.cols);
  }
  broadcast_doubles(pca.mean, comm);
  broadcast_doubles(pca.components.data, comm);
  return sort::pca_project(pca, mine, o.threads);
}

// The Hilbert curve order of all samples: each rank's keys, over the box of
// all ranks' points, allgathered and sorted by (key, index) as hilbert_order.
std::vector<std::size_t> curve_order(const sort::FeatureMatrix& points, std::size_t n, int threads,
                                     MPI_Comm comm) {
  sort::HilbertBox box = sort::bounding_box(points);
  MPI_Allreduce(MPI_IN_PLACE, box.lo.data(), as_count(box.lo.size()), MPI_DOUBLE, MPI_MIN, comm);
  MPI_Allreduce(MPI_IN_PLACE, box.hi.data(), as_count(box.hi.size()), MPI_DOUBLE, MPI_MAX, comm);
  const std::vector<std::uint64_t> key =
      allgather(sort::hilbert_keys(points, box, 0, threads), share_sizes(n, comm_size(comm)), comm);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return key[a] < key[b] || (key[a] == key[b] && a < b);
  });
  return order;
}

// Rank r's part of the curve: whole blocks [first_block, last_block), that is
// curve positions [begin, end).
struct Part {
  std::size_t first_block = 0, last_block = 0, begin = 0, end = 0;
};

std::vector<Part> parts_of(const std::vector<std::size_t>& bounds, int ranks) {
  const std::size_t nb = bounds.size() - 1;
  std::vector<Part> parts;
  for (int q = 0; q < ranks; ++q) {
    Part part;
    part.first_block = nb * std::size_t(q) / std::size_t(ranks);
    part.last_block = nb * std::size_t(q + 1) / std::size_t(ranks);
    part.begin = bounds[part.first_block];
    part.end = bounds[part.last_block];
    parts.push_back(part);
  }
  return parts;
}

// The rows of the samples in my part of the curve, in increasing sample
// index (`samples`), sent by the ranks that drew them (all-to-all).
struct PartRows {
  std::vector<std::size_t> samples;
  sort::FeatureMatrix rows;
};

PartRows exchange_rows(const sort::FeatureMatrix& mine, const std::vector<std::size_t>& curve,
                       const std::vector<Part>& parts, MPI_Comm comm) {
  const int rank = comm_rank(comm), ranks = comm_size(comm);
  const std::size_t n = curve.size(), d = mine.cols;
  const std::vector<std::size_t> starts = share_starts(n, ranks);
  std::vector<std::size_t> part_starts;
  for (const Part& part : parts) part_starts.push_back(part.begin);
  std::vector<std::size_t> position(n);
  for (std::size_t pos = 0; pos < n; ++pos) position[curve[pos]] = pos;
  // Send: my rows grouped by destination, increasing sample index in each group.
  const std::size_t first = starts[std::size_t(rank)];
  std::vector<std::size_t> dest(mine.rows), send(std::size_t(ranks), 0),
      recv(std::size_t(ranks), 0);
  for (std::size_t r = 0; r < mine.rows; ++r)
    ++send[dest[r] = owner_of(part_starts, position[first + r])];
  const Layout out(send);
  std::vector<int> at = out.displs;
  sort::FeatureMatrix packed(mine.rows, d);
  for (std::size_t r = 0; r < mine.rows; ++r)
    std::copy_n(mine.row(r), d, packed.row(std::size_t(at[dest[r]]++)));
  // Receive: from each rank its samples of my part, which sorted by index are in rank order.
  PartRows in;
  const Part& part = parts[std::size_t(rank)];
  in.samples.assign(curve.begin() + std::ptrdiff_t(part.begin),
                    curve.begin() + std::ptrdiff_t(part.end));
  std::sort(in.samples.begin(), in.samples.end());
  for (std::size_t i : in.samples) ++recv[owner_of(starts, i)];
  const Layout layout(recv);
  in.rows = sort::FeatureMatrix(in.samples.size(), d);
  const RowType row(d);
  MPI_Alltoallv(packed.data.data(), out.counts.data(), out.displs.data(), row, in.rows.data.data(),
                layout.counts.data(), layout.displs.data(), row, comm);
  return in;
}

// Rank 0 orients all blocks from their end rows (orient_blocks on two rows a
// block: the same dynamic programme on the same distances) and broadcasts
// which blocks to reverse; each rank reverses its own.
void orient_parts(const sort::FeatureMatrix& rows, std::vector<std::size_t>& order,
                  const std::vector<std::size_t>& local_bounds, const std::vector<Part>& parts,
                  MPI_Comm comm) {
  const std::size_t blocks = local_bounds.size() - 1, nb = parts.back().last_block;
  sort::FeatureMatrix ends(2 * blocks, rows.cols);
  for (std::size_t k = 0; k < blocks; ++k) {
    std::copy_n(rows.row(order[local_bounds[k]]), rows.cols, ends.row(2 * k));
    std::copy_n(rows.row(order[local_bounds[k + 1] - 1]), rows.cols, ends.row(2 * k + 1));
  }
  std::vector<std::size_t> sizes;
  for (const Part& part : parts) sizes.push_back(2 * (part.last_block - part.first_block));
  const sort::FeatureMatrix all_ends = gather_rows(ends, sizes, comm);
  std::vector<std::uint64_t> reversed(nb, 0);
  on_root(comm, [&] {
    std::vector<std::size_t> pairs(2 * nb), bounds(nb + 1);
    std::iota(pairs.begin(), pairs.end(), std::size_t{0});
    for (std::size_t k = 0; k <= nb; ++k) bounds[k] = 2 * k;
    sort::orient_blocks(all_ends, pairs, bounds);
    for (std::size_t k = 0; k < nb; ++k) reversed[k] = pairs[2 * k] != 2 * k;
  });
  MPI_Bcast(reversed.data(), as_count(nb), MPI_UINT64_T, 0, comm);
  const std::size_t first_block = parts[std::size_t(comm_rank(comm))].first_block;
  for (std::size_t k = 0; k < blocks; ++k)
    if (reversed[first_block + k])
      std::reverse(order.begin() + std::ptrdiff_t(local_bounds[k]),
                   order.begin() + std::ptrdiff_t(local_bounds[k + 1]));
}

// The path length of the whole order: each rank's part, plus the junctions
// between consecutive non-empty parts (rank 0, from each part's end rows).
double path_length_of_parts(const sort::FeatureMatrix& rows, const std::vector<std::size_t>& order,
                            MPI_Comm comm) {
  const std::size_t d = rows.cols;
  std::vector<double> ends(2 * d + 1, 0.0);
  if (!order.empty()) {
    std::copy_n(rows.row(order.front()), d, ends.begin());
    std::copy_n(rows.row(order.back()), d, ends.begin() + std::ptrdiff_t(d));
    ends[2 * d] = 1;
  }
  const int ranks = comm_size(comm);
  std::vector<double> all(comm_rank(comm) == 0 ? ends.size() * std::size_t(ranks) : 0);
  MPI_Gather(ends.data(), as_count(ends.size()), MPI_DOUBLE, all.data(), as_count(ends.size()),
             MPI_DOUBLE, 0, comm);
  double length = sort::path_length(rows, order);
  const double* last = nullptr;
  for (std::size_t q = 0; q < all.size() / ends.size(); ++q) {
    const double* e = all.data() + q * ends.size();
    if (e[2 * d] == 0) continue;
    if (last) length += std::sqrt(sort::squared_distance_fast(last, e, d));
    last = e + d;
  }
  return sum_over(comm, length);
}

} // namespace

std::vector<std::size_t> distributed_hilbert_order(const sort::FeatureMatrix& mine, std::size_t n,
                                                   const sort::SortOptions& o, MPI_Comm comm,
                                                   GenerateSummary* report) {
  const auto start = std::chrono::steady_clock::now();
  const std::vector<std::size_t> curve =
      curve_order(curve_points(mine, n, o, comm), n, o.threads, comm);
  const std::vector<std::size_t> bounds = sort::hilbert_block_bounds(n, o);
  const std::vector<Part> parts = parts_of(bounds, comm_size(comm));
  const Part& part = parts[std::size_t(comm_rank(comm))];
  const PartRows in = exchange_rows(mine, curve, parts, comm);
  // My part of the curve and its blocks, in rows of in.rows (increasing
  // sample index: greedy's ties fall as in the single process).
  std::vector<std::size_t> local_curve, local_bounds;
  for (std::size_t pos = part.begin; pos < part.end; ++pos)
    local_curve.push_back(std::size_t(
        std::lower_bound(in.samples.begin(), in.samples.end(), curve[pos]) - in.samples.begin()));
  for (std::size_t k = part.first_block; k <= part.last_block; ++k)
    local_bounds.push_back(bounds[k] - part.begin);
  std::vector<std::size_t> order =
      sort::greedy_in_blocks(in.rows, local_curve, local_bounds, o.threads);
  orient_parts(in.rows, order, local_bounds, parts, comm);
  if (o.two_opt) sort::two_opt(in.rows, order, sort::two_opt_options(o));
  const double length = path_length_of_parts(in.rows, order, comm);
  std::vector<std::uint64_t> samples(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) samples[k] = in.samples[order[k]];
  std::vector<std::size_t> sizes;
  for (const Part& q : parts) sizes.push_back(q.end - q.begin);
  std::vector<std::size_t> full = allgather(samples, sizes, comm);
  const double seconds = max_over(
      comm, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  if (report) {
    report->sort_path_length = length;
    report->sort_seconds = seconds;
  }
  return full;
}

std::vector<std::size_t> distributed_solve_order(const Problem& problem,
                                                 const std::vector<std::uint64_t>& seeds,
                                                 const std::string& method, MPI_Comm comm,
                                                 GenerateSummary* summary, PhaseTimer* timer) {
  const std::size_t n = seeds.size();
  if (sort::parse_method(method) == sort::Method::none) { // index order: nothing to draw
    if (summary) summary->sort_method = sort::to_string(sort::Method::none);
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    return order;
  }
  const int rank = comm_rank(comm), ranks = comm_size(comm);
  const sort::SortOptions resolved = sort::resolve_automatic(
      sort_options_for(problem, feature_columns(problem, seeds), method), n);
  const auto [first, last] = rank_share(n, rank, ranks);
  const sort::FeatureMatrix mine = [&] {
    PhaseTimer::Scope scope(timer, phase::draw_features);
    return share_features(problem, seeds, first, last, resolved);
  }();
  PhaseTimer::Scope scope(timer, phase::sort);
  GenerateSummary report;
  report.sort_method = sort::to_string(resolved.method);
  const bool distribute = n > 2 && resolved.method == sort::Method::hilbert;
  std::vector<std::size_t> order = distribute
                                       ? distributed_hilbert_order(mine, n, resolved, comm, &report)
                                       : sort_on_root(mine, n, resolved, comm, report);
  if (distribute) report.random_path_length = broadcast_random_estimate(mine, n, comm);
  if (summary) {
    summary->sort_method = report.sort_method;
    summary->sort_seconds = report.sort_seconds;
    summary->sort_path_length = report.sort_path_length;
    summary->random_path_length = report.random_path_length;
  }
  return order;
}

} // namespace skr
