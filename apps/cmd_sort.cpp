// skr-gen sort: order the samples of an existing dataset by similarity of
// their stored inputs, print the permutation and its path length next to a
// random order's, and optionally store them.
#include "command.hpp"
#include "io/dataset_reader.hpp"
#include "pipeline/generate.hpp"
#include "sort/sorter.hpp"
#include "util/error.hpp"
#include "util/files.hpp"
#include "util/petsc_session.hpp"

#include <cstdio>

#include <fmt/ranges.h>
#include <fstream>
#include <iostream>

namespace skr::app {

constexpr const char* kHelp = R"help(usage: skr-gen sort --in FILE.h5 [--method M] [--out perm.txt]

Sorts the samples of a dataset by the similarity of their stored inputs (the features
generate uses) and prints the permutation, its total path length and a random order's.

examples:
  skr-gen sort --in darcy.h5 --method greedy
  skr-gen sort --in darcy.h5 --method hilbert --out order.txt

)help";

int run_sort(const Arguments& args) {
  po::options_description desc = command_options("sort options", false);
  add_option(desc, "in", "", "native skr-gen dataset");
  add_threads_option(desc);
  add_option(desc, "method", "auto", "none | greedy | fft-greedy | hilbert | auto");
  add_option(desc, "out", "",
             "also write the permutation (one sample index per line, solve order) to this file");
  add_option(desc, "block", "1000", "hilbert: greedy inside blocks of this many samples");
  add_option(desc, "two-opt", "true", "hilbert: 2-opt refinement of the path");
  const auto vm = parse(args.ours, desc);
  if (print_help_if_asked(vm, kHelp, desc)) return 0;
  const std::string in = get_string(vm, "in");
  if (in.empty()) fail("--in: a dataset is required");
  const auto block = get_int_as<std::size_t>(vm, "block", 1, kMaxSamples);
  const bool two_opt = get_bool(vm, "two-opt");
  if (const auto out = get_string(vm, "out"); !out.empty()) check_output_file(out, "--out");

  PetscSession session(args.petsc);
  apply_threads_option(vm);
  const DatasetReader data(in);
  const auto problem = problem_from_dataset(data);
  const std::size_t n = data.samples();
  const auto first = problem->features(data.read_inputs(0));
  sort::SortOptions options = sort_options_for(*problem, first.size(), get_string(vm, "method"));
  options.block_size = block;
  options.two_opt = two_opt;
  sort::FeatureMatrix features(n, first.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto f = problem->features(data.read_inputs(i));
    std::copy(f.begin(), f.end(), features.row(i));
  }
  const auto result = sort::sort_with_report(features, options);
  std::printf("%s: %zu samples, method %s, %.3f s\n", in.c_str(), n,
              sort::to_string(result.method).c_str(), result.seconds);
  std::printf("path length %.6g, random order %.6g (ratio %.3f)\n", result.path_length,
              result.random_path_length,
              result.random_path_length > 0 ? result.path_length / result.random_path_length : 0.0);
  fmt::print("order: {}\n", fmt::join(result.order, " "));
  if (const auto out = get_string(vm, "out"); !out.empty()) {
    std::ofstream file(out);
    if (!file) fail("--out: cannot write '{}'", out);
    file << "# skr-gen sort --in " << in << " --method " << sort::to_string(result.method)
         << "; path length " << result.path_length << " (random " << result.random_path_length
         << ")\n";
    for (std::size_t i : result.order) file << i << "\n";
    if (!file) fail("--out: error writing '{}'", out);
  }
  return 0;
}

} // namespace skr::app
