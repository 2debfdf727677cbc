// skr-gen convert: export a native dataset to a trainer's layout, re-chunk,
// re-compress, downsample or split it (library: io/layouts.hpp).
#include "command.hpp"
#include "io/dataset_reader.hpp"
#include "io/layout_options.hpp"
#include "util/error.hpp"

#include <iostream>

namespace skr::app {

int run_convert(const Arguments& args) {
  po::options_description desc("convert options");
  desc.add_options()("help,h", "show this help")("in", po::value<std::string>(),
                                                 "native skr-gen dataset to read")(
      "out", po::value<std::string>(), "file to write")(
      "drop-failed", po::bool_switch(),
      "leave out samples with NaN or inf outputs (failed solves) instead of refusing the "
      "dataset");
  desc.add(layout_options());
  if (!args.petsc.empty()) fail("convert: unknown option '{}'", args.petsc.front());
  const auto vm = parse(args.ours, desc);
  if (vm.count("help")) {
    std::cout
        << "usage: skr-gen convert --in A.h5 --out B --layout L [options]\n\n"
           "Writes the samples of a complete native dataset in another layout:\n"
           "  native    skr-gen's own (re-chunk, re-compress, downsample, split)\n"
           "  pdebench  nu [N,nx,ny], tensor [N,1,nx,ny], x-/y-coordinate; OUT must end in .hdf5;\n"
           "            one input channel only (darcy), other families are refused\n"
           "  fno       MAT v7.3-style coeff, sol: h5py + reversed axes (FNO MatReader) = "
           "[N,nx,ny]\n"
           "            (coeff [N,nx,ny,C], channel last, for C > 1 input channels)\n"
           "  neuralop  x [N,nx,ny] or [N,nx,ny,C], y [N,nx,ny] (neuraloperator H5pyDataset)\n"
           "  well      The Well's format for WellDataset: OUT is a folder, OUT/data/<part>/*.hdf5\n"
           "            (no --split: part train) and OUT/stats.yaml from part train; input\n"
           "            channels as constant fields, the solution as frames 0 (zero) and 1\n"
           "The input tensor holds the family's trainer channels (skr-gen problems NAME lists\n"
           "them) and the output 'solution', 0 where an input 'mask' is 0; --input-field /\n"
           "--output-field write one native field instead.\n"
           "--split gives each sample to a part by its seed: samples are ranked by a hash of "
           "their\n"
           "seed and cut at the cumulative fractions (same data -> same parts, on any machine).\n"
           "Outputs are written as OUT.partial and renamed when complete.\n"
           "A sample whose outputs hold NaN or inf (a failed solve kept by generate, stored as\n"
           "NaN with /stats/converged = 0) never reaches a training file: convert refuses the\n"
           "dataset, or with --drop-failed leaves such samples out and says how many (NaN where\n"
           "an input field 'mask' is 0, thermal's slot, are by design and kept).\n\n"
           "examples:\n"
           "  skr-gen convert --in darcy.h5 --out darcy.hdf5 --layout pdebench\n"
           "  skr-gen convert --in darcy421.h5 --out piececonst_r85.mat --layout fno --stride 5\n"
           "  skr-gen convert --in darcy.h5 --out darcy.h5 --layout neuralop --split "
           "train=0.8,test=0.2\n"
           "  skr-gen convert --in darcy.h5 --out small.h5 --compression gzip:9 --chunk auto\n\n"
        << desc << "\n";
    return 0;
  }
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
