#pragma once
// Similarity sorting of N samples: the method dispatch, its options, and the
// path-length measures every method is judged by.
#include "sort/feature_matrix.hpp"
#include "sort/two_opt.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace skr::sort {

enum class Method { none, greedy, fft_greedy, hilbert, automatic };

// "none" | "greedy" | "fft-greedy" | "hilbert" | "auto"; anything else throws skr::Error.
Method parse_method(std::string_view name);
std::string to_string(Method method);

struct SortOptions {
  Method method = Method::automatic;
  // Rows start with nx x ny (x nz) fields (plus optional trailing scalar columns):
  // fft-greedy and hilbert first reduce them with fft_reduce. 0: rows are used as
  // given; field_nz 0: the fields are 2-D.
  int field_nx = 0, field_ny = 0, field_nz = 0;
  int field_count = 1; // leading fields of nx x ny (x nz), each reduced on its own
  int fft_keep = 12;
  // PCA dimensions. < 0: method default (fft-greedy: off, hilbert: 8);
  // 0: off (hilbert then uses the features directly, which needs <= 64 columns).
  int pca_dims = -1;
  std::size_t block_size = 1000; // hilbert: greedy runs inside blocks of this many samples
  bool two_opt = true;           // hilbert: 2-opt refinement of the final path
  int two_opt_window = 16;
  int two_opt_passes = 2;
  int or_opt_length = 0;                  // > 0: also Or-opt moves of segments up to this length
  std::size_t auto_threshold = 5000;      // auto: greedy up to this N, hilbert beyond
  std::size_t auto_two_opt_limit = 50000; // auto: no 2-opt pass from this N on
  int threads = 0;                        // <= 0: OpenMP default
};

// Options with Method::automatic replaced by what it means for n samples.
SortOptions resolve_automatic(SortOptions options, std::size_t n);

// What a resolved method sorts on: fft-greedy and hilbert reduce the leading
// fields (fft_reduce, one row at a time: a row's result depends on that row
// only), the others use the rows as given. sort(reduce_for_sort(f, o),
// without_fields(o)) == sort(f, o).
FeatureMatrix reduce_for_sort(const FeatureMatrix& features, const SortOptions& resolved);
SortOptions without_fields(SortOptions options);

// The blocked Hilbert method's pieces (hilbert sort = curve, blocks, orient,
// 2-opt), for a caller that holds the rows in parts (src/pipeline/distributed_sort).
// PCA dimensions of the curve for `cols` features (0: the features themselves).
int hilbert_pca_dims(const SortOptions& options, std::size_t cols);
// Block k of n curve positions is [bounds[k], bounds[k+1]): balanced sizes of
// about options.block_size.
std::vector<std::size_t> hilbert_block_bounds(std::size_t n, const SortOptions& options);
// Each block of `curve` (rows of `work`, bounds relative to curve) ordered
// greedily from its first row; blocks run in parallel.
std::vector<std::size_t> greedy_in_blocks(const FeatureMatrix& work,
                                          const std::vector<std::size_t>& curve,
                                          const std::vector<std::size_t>& bounds, int threads);
// The 2-opt pass's settings from the sort's.
TwoOptOptions two_opt_options(const SortOptions& options);

// Permutation order[pos] = sample index. Deterministic: same input, same
// options -> same permutation, for any number of threads.
std::vector<std::size_t> sort(const FeatureMatrix& features, const SortOptions& options = {});

// Sum over consecutive positions of the Euclidean distance between rows.
double path_length(const FeatureMatrix& features, const std::vector<std::size_t>& order);
// Path length of a uniformly random order (std::mt19937_64(seed) + std::shuffle).
double random_path_length(const FeatureMatrix& features, std::uint64_t seed = 0);
bool is_permutation_of_n(const std::vector<std::size_t>& order, std::size_t n);

struct SortResult {
  Method method = Method::none; // the method that ran (auto resolved)
  std::vector<std::size_t> order;
  double path_length = 0;        // on the features passed in
  double random_path_length = 0; // same features, random order
  double seconds = 0;            // time spent sorting
};

// sort() plus the measures the CLI reports.
SortResult sort_with_report(const FeatureMatrix& features, const SortOptions& options = {},
                            std::uint64_t random_seed = 0);

} // namespace skr::sort
