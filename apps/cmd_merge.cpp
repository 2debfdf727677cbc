// skr-gen merge: concatenate native shards of one configuration into one
// native file (library: io/layouts.hpp merge_datasets).
#include "command.hpp"
#include "io/layout_options.hpp"
#include "util/error.hpp"

#include <iostream>

namespace skr::app {

namespace {

std::string help_text() {
  std::string ignored;
  for (const auto& k : merge_ignored_keys()) ignored += (ignored.empty() ? "" : ", ") + k;
  return fmt::format(
      "usage: skr-gen merge A.h5 B.h5 ... --out C.h5 [storage options]\n\n"
      "Concatenates complete native datasets (in the order given) into one native file.\n"
      "They must hold the same problem, precision and grid, and the same config except\n"
      "the keys: {} (so files generated with different --seed or --samples\n"
      "merge; a differing key is an error naming it). A sample seed present twice (e.g. the\n"
      "same --seed twice) is an error. Per-sample seeds, solve positions and statistics are\n"
      "kept; the root attribute merged_from lists the sources.\n\n"
      "examples:\n  skr-gen merge part0.h5 part1.h5 --out all.h5\n"
      "  skr-gen merge run*.h5 --out all.h5 --compression gzip:6 --overwrite\n\n",
      ignored);
}

} // namespace

int run_merge(const Arguments& args) {
  po::options_description desc = command_options("merge options", false);
  desc.add_options()("out", po::value<std::string>(), "merged native file to write")(
      "inputs", po::value<std::vector<std::string>>(), "native datasets to concatenate");
  desc.add(layout_options(false, false));
  po::positional_options_description positional;
  positional.add("inputs", -1);
  refuse_petsc_options(args, "merge");
  const auto vm = parse(args.ours, desc, false, &positional);
  if (print_help_if_asked(vm, help_text().c_str(), desc)) return 0;
  if (!vm.count("out")) fail("merge: missing --out FILE");
  if (!vm.count("inputs")) fail("merge: no input files (skr-gen merge A.h5 B.h5 --out C.h5)");
  const auto inputs = vm["inputs"].as<std::vector<std::string>>();
  const auto locks = lock_outputs({vm["out"].as<std::string>()}); // one writer per output
  const ConvertResult result =
      merge_datasets(inputs, vm["out"].as<std::string>(), layout_settings(vm));
  const auto& o = result.outputs.front();
  fmt::print("wrote {}: {} samples from {} files, {} (inputs {})\n", o.path, o.samples,
             inputs.size(), human_bytes(o.bytes), human_bytes(result.input_bytes));
  return 0;
}

} // namespace skr::app
