#pragma once
// Exports of a native skr-gen dataset to the layouts trainers read
// unmodified (see docs and /work/shared/reference/dataset-layouts.md):
//   native    skr-gen's own layout, re-chunked / re-compressed / downsampled
//   pdebench  flat root `nu` [N,nx,ny], `tensor` [N,1,nx,ny], `x-coordinate`,
//             `y-coordinate` (float32), attr `beta` (= the source f when the
//             problem has one); file name must end in ".hdf5"; one input
//             channel only (PDEBench's Darcy reader), else refused
//   fno       MAT v7.3 style (512-byte MATLAB user block): `coeff`, `sol`
//             stored [ny, nx, N] so that h5py + reversing all axes (FNO's
//             MatReader) gives [N, nx, ny] (coeff [N, nx, ny, C] for C > 1
//             channels, channel last as FNO's own multi-channel data);
//             attr MATLAB_class = "single"
//   neuralop  root `x` [N, nx, ny] (or [N, nx, ny, C]), `y` [N, nx, ny]
//             float32 (neuraloperator H5pyDataset)
//   well      The Well's format: OUT is the dataset folder, parts go to
//             OUT/data/<part>/<OUT name>.hdf5 and OUT/stats.yaml is computed
//             on part "train" (export_well.cpp)
// Time-dependent datasets (trajectories) go to the trainers' time-series
// layouts instead (export_time.cpp): pdebench per-sample groups `data`
// [T, X, Y, V] (OUT ends in ".h5", at least 11 frames), fno `a`, `u`
// [N, X, Y, T-1], `t`, well trajectories [B, T, X, Y] (at least 5 frames);
// neuralop refuses them (its time-series reader reads The Well's format).
// Splits and --drop-failed work on whole trajectories, never on frames.
// The input tensor is the family's trainer channels (TrainerInputs); the
// output is "solution" with 0 where an input `mask` is 0 (no NaN);
// --input-field / --output-field choose one native field instead.
// Every output is written as PATH.partial and renamed when complete; a
// failure removes the partial file.
#include "io/h5_attributes_storage.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace skr {

struct Sample;

// The input channels trainers see, computed per sample from its native
// inputs by the family (Problem::trainer_inputs; the app layer passes it in,
// io does not know the families). Without `encode`, the channels are every
// input field and every input scalar as a constant channel, in name order.
struct TrainerInputs {
  std::string family;
  std::vector<std::string> channels; // names, in stacking order
  std::function<std::map<std::string, std::vector<double>>(const Sample&)> encode;
};

enum class Layout { native, pdebench, fno, neuralop, well };

Layout parse_layout(const std::string& name); // error lists the valid names
std::string layout_name(Layout layout);

struct SplitPart {
  std::string name;
  double fraction = 0;
};
// "train=0.8,valid=0.1,test=0.1"; fractions must be in (0, 1] and sum to 1.
std::vector<SplitPart> parse_split(const std::string& text);

struct ConvertOptions {
  Layout layout = Layout::native;
  h5::Storage storage;                   // gzip level (0 = none) and shuffle
  bool chunk_per_sample = true;          // false ("auto"): ~1 MiB chunks of whole samples
  int stride = 1;                        // keep every stride-th cell (and coordinate)
  std::vector<SplitPart> split;          // empty: one output
  std::string input_field, output_field; // empty: the trainer channels, "solution"
  TrainerInputs trainer;
  bool overwrite = false;
  bool drop_failed = false; // convert: leave out samples with NaN / inf outputs instead of failing
  // Frames per trajectory of the data (1: steady). convert_dataset takes it
  // from the file; generate sets it before check_export for a time-dependent family.
  std::size_t frames = 1;
};

struct OutputFile {
  std::string path;
  std::size_t samples = 0;
  std::uintmax_t bytes = 0;
};

struct ConvertResult {
  std::uintmax_t input_bytes = 0;
  std::vector<OutputFile> outputs;
  std::vector<std::size_t> dropped; // samples left out by drop_failed
};

// Parses "gzip:N" (N in 0..9) or "none" into storage.gzip_level.
int parse_compression(const std::string& text);

// Converts the complete native dataset `in` to `out` (or to one file per
// split part: out with "_<part>" before the extension; well: see above). Samples with NaN or
// inf outputs (failed solves; NaN where an input `mask` is 0 are by design)
// are refused, or left out with drop_failed;
// split parts are assigned before, so the other samples keep their part.
// The checks convert_dataset makes of its outputs (names, split sizes,
// existing files), for a dataset of these seeds that does not exist yet:
// generate runs them before it solves anything.
void check_export(const std::string& out, const std::vector<std::uint64_t>& seeds,
                  const ConvertOptions& options);
ConvertResult convert_dataset(const std::string& in, const std::string& out,
                              const ConvertOptions& options);

// Concatenates complete native shards into one native file `out`. They must
// hold the same problem and the same config except the keys in
// merge_ignored_keys() (a differing key is an error naming it), the same
// precision, and no sample seed twice. Rows keep their per-sample seeds and
// statistics; root attribute `merged_from` records the sources.
ConvertResult merge_datasets(const std::vector<std::string>& inputs, const std::string& out,
                             const ConvertOptions& options);
const std::vector<std::string>& merge_ignored_keys();

// Deterministic split: samples are ranked by splitmix64(seed ^ 0x5EED5EED)
// (depends only on each sample's own seed), the first round(f1 * N) ranks
// form part 1, the next part 2, ...; each part lists its indices ascending.
std::vector<std::vector<std::size_t>> split_assignment(const std::vector<std::uint64_t>& seeds,
                                                       const std::vector<SplitPart>& parts);
// "dir/b.hdf5" + "train" -> "dir/b_train.hdf5".
std::string split_path(const std::string& out, const std::string& part);

} // namespace skr
