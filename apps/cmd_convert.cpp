// skr-gen convert: export a native dataset to a trainer's layout, re-chunk,
// re-compress, downsample or split it (library: io/layouts.hpp).
#include "command.hpp"
#include "io/dataset_reader.hpp"
#include "io/layout_options.hpp"
#include "util/error.hpp"

#include <iostream>

namespace skr::app {

constexpr const char* kHelp = R"help(usage: skr-gen convert --in A.h5 --out B --layout L [options]

Writes the samples of a complete native dataset in another layout:
  native    skr-gen's own (re-chunk, re-compress, downsample, split)
  pdebench  nu [N,nx,ny], tensor [N,1,nx,ny], x-/y-coordinate; OUT must end in .hdf5;
            one input channel only (darcy), other families are refused
  fno       MAT v7.3-style coeff, sol: h5py + reversed axes (FNO MatReader) = [N,nx,ny]
            (coeff [N,nx,ny,C], channel last, for C > 1 input channels)
  neuralop  x [N,nx,ny] or [N,nx,ny,C], y [N,nx,ny] (neuraloperator H5pyDataset)
  well      The Well's format for WellDataset: OUT is a folder, OUT/data/<part>/*.hdf5
            (no --split: part train) and OUT/stats.yaml from part train; input
            channels as constant fields, the solution as frames 0 (zero) and 1
The input tensor holds the family's trainer channels (skr-gen problems NAME lists
them) and the output 'solution', 0 where an input 'mask' is 0; --input-field /
--output-field write one native field instead.
--split gives each sample to a part by its seed: samples are ranked by a hash of their
seed and cut at the cumulative fractions (same data -> same parts, on any machine).
Outputs are written as OUT.partial and renamed when complete.
A sample whose outputs hold NaN or inf (a failed solve kept by generate, stored as
NaN with /stats/converged = 0) never reaches a training file: convert refuses the
dataset, or with --drop-failed leaves such samples out and says how many (NaN where
an input field 'mask' is 0, thermal's slot, are by design and kept).

examples:
  skr-gen convert --in darcy.h5 --out darcy.hdf5 --layout pdebench
  skr-gen convert --in darcy421.h5 --out piececonst_r85.mat --layout fno --stride 5
  skr-gen convert --in darcy.h5 --out darcy.h5 --layout neuralop --split train=0.8,test=0.2
  skr-gen convert --in darcy.h5 --out small.h5 --compression gzip:9 --chunk auto

)help";

int run_convert(const Arguments& args) {
  po::options_description desc = command_options("convert options", false);
  desc.add_options()("in", po::value<std::string>(), "native skr-gen dataset to read")(
      "out", po::value<std::string>(), "file to write");
  add_switch(desc, "drop-failed",
             "leave out samples with NaN or inf outputs (failed solves) instead of refusing the "
             "dataset");
  desc.add(layout_options());
  refuse_petsc_options(args, "convert");
  const auto vm = parse(args.ours, desc);
  if (print_help_if_asked(vm, kHelp, desc)) return 0;
  if (!vm.count("in")) fail("convert: missing --in FILE");
  if (!vm.count("out")) fail("convert: missing --out FILE");
  ConvertOptions options = layout_settings(vm);
  options.drop_failed = vm["drop-failed"].as<bool>();
  const std::string in = vm["in"].as<std::string>();
  const auto locks = lock_outputs({vm["out"].as<std::string>()}); // one writer per output
  if (options.layout != Layout::native && options.input_field.empty()) {
    const DatasetReader data(in);
    if (data.stride() != 1)
      fail("'{}' was downsampled (stride {}): trainer channels are computed on the generated "
           "grid, so convert the generated file (with --stride)",
           in, data.stride());
    options.trainer = trainer_inputs_of(problem_from_dataset(data));
  }
  const ConvertResult result = convert_dataset(in, vm["out"].as<std::string>(), options);
  if (const auto& dropped = result.dropped; !dropped.empty())
    fmt::print("dropped {} samples with NaN or inf outputs (first: sample {})\n", dropped.size(),
               dropped.front());
  std::uintmax_t total = 0;
  for (const auto& o : result.outputs) {
    fmt::print("wrote {}: {} samples, layout {}, {}\n", o.path, o.samples,
               layout_name(options.layout), human_bytes(o.bytes));
    total += o.bytes;
  }
  fmt::print("size: {} ({}) -> {} ({:.2f}x)\n", human_bytes(result.input_bytes), in,
             human_bytes(total),
             result.input_bytes ? double(total) / double(result.input_bytes) : 0.0);
  return 0;
}

} // namespace skr::app
