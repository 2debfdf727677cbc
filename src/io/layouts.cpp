// Layout names, option parsing, split assignment and the convert / merge
// drivers; the per-layout writers live in export_*.cpp.
#include "io/layouts.hpp"

#include "io/dataset_writer.hpp"
#include "io/export_impl.hpp"
#include "io/sample_checks.hpp"
#include "util/error.hpp"
#include "util/files.hpp"
#include "util/seed.hpp"

#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace skr {

namespace fs = std::filesystem;

namespace {

const std::vector<std::pair<Layout, std::string>>& layout_names() {
  static const std::vector<std::pair<Layout, std::string>> names{{Layout::native, "native"},
                                                                 {Layout::pdebench, "pdebench"},
                                                                 {Layout::fno, "fno"},
                                                                 {Layout::neuralop, "neuralop"},
                                                                 {Layout::well, "well"}};
  return names;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::uintmax_t file_bytes(const std::string& path) {
  std::error_code ec;
  const auto n = fs::file_size(path, ec);
  return ec ? 0 : n;
}

// Refuses outputs that exist (without overwrite), are not regular files
// (directories, devices, fifos, ...), or are an input.
void check_output(const std::string& path, bool overwrite, const std::vector<std::string>& inputs) {
  std::error_code ec;
  if (fs::exists(path, ec))
    for (const auto& in : inputs)
      if (fs::equivalent(path, in, ec)) fail("output '{}' is also an input", path);
  check_output_target(path, overwrite);
}

// Writes one output file through PATH.partial; removes the partial on failure.
OutputFile write_output(const std::string& path, const detail::ExportPlan& plan) {
  const std::string partial = path + std::string(kPartialSuffix);
  const bool fno = plan.options.layout == Layout::fno;
  // A partial "file" that is not a regular file (a fifo, ...) is not ours to
  // truncate or remove.
  check_replaceable(partial);
  if (plan.options.layout == Layout::well) { // OUT/data/<part>/ (OUT's parent exists)
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    if (ec) fail("cannot create folder '{}': {}", fs::path(path).parent_path().string(), ec.message());
  }
  try {
    {
      h5::Id fcpl =
          h5::checked(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "cannot create property list");
      if (fno) h5::check(H5Pset_userblock(fcpl, 512), "cannot set the user block");
      hid_t id = H5Fcreate(partial.c_str(), H5F_ACC_TRUNC, fcpl, H5P_DEFAULT);
      if (id < 0) {
        std::ofstream probe(partial);
        fail("cannot write output '{}': {}", partial,
             probe ? "HDF5 could not create it" : std::strerror(errno));
      }
      h5::Id file(id, H5Fclose);
      switch (plan.options.layout) {
      case Layout::native:
        detail::write_native(file, plan);
        break;
      case Layout::pdebench:
        plan.time_dependent() ? detail::write_pdebench_time(file, plan)
                              : detail::write_pdebench(file, plan);
        break;
      case Layout::fno:
        plan.time_dependent() ? detail::write_fno_time(file, plan) : detail::write_fno(file, plan);
        break;
      case Layout::neuralop:
        detail::write_neuralop(file, plan);
        break;
      case Layout::well:
        detail::write_well(file, plan);
        break;
      }
      h5::check(H5Fflush(file, H5F_SCOPE_GLOBAL),
                fmt::format("cannot flush '{}' (disk full?)", partial));
    }
    if (fno) {
      std::fstream stream(partial, std::ios::in | std::ios::out | std::ios::binary);
      const std::string header = detail::matlab_header();
      if (!stream.write(header.data(), std::streamsize(header.size())))
        fail("cannot write the MATLAB header of '{}'", partial);
    }
    check_output_target(path, true); // again: it may have appeared since check_output
    move_into_place(partial, path);
  } catch (...) {
    std::error_code ec;
    fs::remove(partial, ec);
    throw;
  }
  return {path, plan.samples(), file_bytes(path)};
}

// The plan shared by every output of one run (rows filled in by the caller).
detail::ExportPlan base_plan(const DatasetReader& first, const ConvertOptions& options) {
  detail::ExportPlan plan;
  plan.first = &first;
  plan.options = options;
  if (options.stride < 1) fail("--stride: {} must be at least 1", options.stride);
  plan.full_cells = first.cells();
  // Fewer than 2 points per axis is no field a trainer can use.
  for (int n : plan.full_cells)
    if (options.stride >= n)
      fail("--stride {} leaves fewer than 2 points along an axis of {} (at most {})",
           options.stride, n, n - 1);
  for (const auto& axis : first.coordinates()) {
    std::vector<double> kept;
    for (std::size_t i = 0; i < axis.size(); i += std::size_t(options.stride))
      kept.push_back(axis[i]);
    plan.cells.push_back(int(kept.size()));
    plan.coordinates.push_back(std::move(kept));
  }
  auto pick = [&](const std::vector<ArrayInfo>& fields, const std::string& wanted,
                  const std::string& fallback, const char* option) {
    if (fields.empty()) fail("'{}' has no {} fields", first.path(), option);
    const std::string name = wanted.empty() ? fallback : wanted;
    for (const auto& f : fields)
      if (f.name == name) return f.path;
    if (wanted.empty()) return fields.front().path;
    std::string known;
    for (const auto& f : fields) known += (known.empty() ? "" : ", ") + f.name;
    fail("--{}-field: '{}' has no field '{}' (it has: {})", option, first.path(), name, known);
  };
  if (!options.input_field.empty())
    plan.input_field = pick(first.input_fields(), options.input_field, "", "input");
  plan.output_field = pick(first.output_fields(), options.output_field, "solution", "output");
  detail::resolve_channels(plan);
  return plan;
}

} // namespace

Layout parse_layout(const std::string& name) {
  std::string known;
  for (const auto& [layout, text] : layout_names()) {
    if (text == name) return layout;
    known += (known.empty() ? "" : " | ") + text;
  }
  fail("--layout: '{}' is not a layout ({})", name, known);
}

std::string layout_name(Layout layout) {
  for (const auto& [l, text] : layout_names())
    if (l == layout) return text;
  return "?";
}

int parse_compression(const std::string& text) {
  if (text == "none") return 0;
  int level = -1;
  if (text.rfind("gzip:", 0) == 0) {
    auto [end, ec] = std::from_chars(text.data() + 5, text.data() + text.size(), level);
    if (ec != std::errc() || end != text.data() + text.size()) level = -1;
  } else if (text == "gzip")
    level = 4;
  if (level < 0 || level > 9) fail("--compression: '{}' is not gzip:N (N in 0..9) or none", text);
  return level;
}

std::vector<SplitPart> parse_split(const std::string& text) {
  std::vector<SplitPart> parts;
  std::size_t start = 0;
  double sum = 0;
  while (start < text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    const std::string item = text.substr(start, comma - start);
    start = comma + 1;
    const auto eq = item.find('=');
    SplitPart part;
    part.name = item.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), part.fraction);
    if (part.name.empty() || value.empty() || ec != std::errc() ||
        end != value.data() + value.size())
      fail("--split: '{}' is not name=fraction (e.g. train=0.8,valid=0.1,test=0.1)", item);
    if (!(part.fraction > 0 && part.fraction <= 1))
      fail("--split: fraction of '{}' must be in (0, 1]", part.name);
    if (part.name.find_first_of("/\\ ") != std::string::npos)
      fail("--split: '{}' is not a usable name", part.name);
    for (const auto& p : parts)
      if (p.name == part.name) fail("--split: part '{}' appears twice", part.name);
    sum += part.fraction;
    parts.push_back(part);
  }
  if (parts.empty()) fail("--split: no parts given (e.g. train=0.8,valid=0.1,test=0.1)");
  if (std::abs(sum - 1.0) > 1e-9) fail("--split: fractions sum to {}, not 1", sum);
  return parts;
}

std::vector<std::vector<std::size_t>> split_assignment(const std::vector<std::uint64_t>& seeds,
                                                       const std::vector<SplitPart>& parts) {
  const std::size_t n = seeds.size();
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return splitmix64(seeds[a] ^ 0x5EED5EEDull) < splitmix64(seeds[b] ^ 0x5EED5EEDull);
  });
  std::vector<std::vector<std::size_t>> out;
  double cumulative = 0;
  std::size_t begin = 0;
  for (std::size_t p = 0; p < parts.size(); ++p) {
    cumulative += parts[p].fraction;
    const std::size_t end =
        p + 1 == parts.size() ? n : std::min(n, std::size_t(std::llround(cumulative * double(n))));
    std::vector<std::size_t> indices(order.begin() + std::ptrdiff_t(begin),
                                     order.begin() + std::ptrdiff_t(std::max(begin, end)));
    std::sort(indices.begin(), indices.end());
    out.push_back(std::move(indices));
    begin = std::max(begin, end);
  }
  return out;
}

std::string split_path(const std::string& out, const std::string& part) {
  const fs::path p(out);
  return (p.parent_path() / (p.stem().string() + "_" + part + p.extension().string())).string();
}

namespace {

// The files an export writes, with the rows of each (a split: one per part).
using PlannedOutputs = std::vector<std::pair<std::string, std::vector<std::size_t>>>;

// The Well reads a dataset folder: OUT/data/<part>/*.hdf5 (WellDataset's
// well_split_name) and OUT/stats.yaml; without --split everything is "train".
PlannedOutputs well_outputs(const std::string& out, const std::vector<std::uint64_t>& seeds,
                            const ConvertOptions& options) {
  if (ends_with(out, ".h5") || ends_with(out, ".hdf5"))
    fail("--out: '{}' is a file name; for the well layout OUT is the dataset folder "
         "(WellDataset(path=OUT) reads OUT/data/<split>/*.hdf5 and OUT/stats.yaml)",
         out);
  const fs::path parent = fs::path(out).parent_path().empty() ? "." : fs::path(out).parent_path();
  std::error_code ec;
  if (!fs::is_directory(parent, ec))
    fail("--out: directory '{}' does not exist", parent.string());
  const std::vector<SplitPart> parts =
      options.split.empty() ? std::vector<SplitPart>{{"train", 1.0}} : options.split;
  if (std::none_of(parts.begin(), parts.end(), [](const SplitPart& p) { return p.name == "train"; }))
    fail("--split: the well layout needs a part named train (its stats.yaml is computed on it)");
  const auto rows = split_assignment(seeds, parts);
  const std::string name = fs::path(out).filename().string() + ".hdf5";
  PlannedOutputs outputs;
  for (std::size_t p = 0; p < parts.size(); ++p) {
    if (rows[p].empty())
      fail("--split: part '{}' gets no samples out of {}", parts[p].name, seeds.size());
    outputs.emplace_back((fs::path(out) / "data" / parts[p].name / name).string(), rows[p]);
  }
  return outputs;
}

std::string well_stats_path(const std::string& out) {
  return (fs::path(out) / "stats.yaml").string();
}

// Which planned output is the train part (well_outputs keeps the part order).
std::size_t well_train_output(const ConvertOptions& options) {
  for (std::size_t p = 0; p < options.split.size(); ++p)
    if (options.split[p].name == "train") return p;
  return 0;
}
PlannedOutputs planned_outputs(const std::string& out, const std::vector<std::uint64_t>& seeds,
                               const ConvertOptions& options) {
  if (out.empty()) fail("--out: missing output file");
  detail::check_time_layout(options.layout, options.frames);
  if (options.layout == Layout::pdebench && options.frames == 1 && !ends_with(out, ".hdf5"))
    fail("--out: '{}' must end in \".hdf5\" for the pdebench layout (PDEBench reads *.h5 names as "
         "per-sample groups, *.hdf5 as flat arrays)",
         out);
  if (options.layout == Layout::pdebench && options.frames > 1 && !ends_with(out, ".h5"))
    fail("--out: '{}' must end in \".h5\" for trajectories in the pdebench layout "
         "(FNODatasetMult opens <name>.h5 and reads its per-sample groups)",
         out);
  PlannedOutputs outputs;
  if (options.layout == Layout::well) {
    for (auto& [path, rows] : well_outputs(out, seeds, options)) outputs.emplace_back(path, rows);
  } else if (options.split.empty()) {
    std::vector<std::size_t> all(seeds.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    outputs.emplace_back(out, std::move(all));
  } else {
    const auto parts = split_assignment(seeds, options.split);
    for (std::size_t p = 0; p < parts.size(); ++p) {
      if (parts[p].empty())
        fail("--split: part '{}' gets no samples out of {}", options.split[p].name, seeds.size());
      outputs.emplace_back(split_path(out, options.split[p].name), parts[p]);
    }
  }
  return outputs;
}

// Samples with NaN or inf outputs: failed solves (generate stores them as
// NaN) or a damaged file. A trainer's file must not hold them. (NaN where an
// input `mask` is 0, thermal's slot, are by design: io/sample_checks.hpp.)
std::vector<std::size_t> non_finite_samples(const DatasetReader& data) {
  const std::string mask = mask_path(data);
  std::vector<std::size_t> found;
  for (std::size_t i = 0; i < data.samples(); ++i)
    if (has_non_finite_outputs(data, i, mask)) found.push_back(i);
  return found;
}

// Takes the samples `bad` out of every output's rows: only with
// --drop-failed, and never down to an empty output.
void leave_out(const std::vector<std::size_t>& bad, const DatasetReader& data,
               const ConvertOptions& options, PlannedOutputs& outputs) {
  if (bad.empty()) return;
  if (!options.drop_failed)
    fail("'{}': {} of {} samples have NaN or inf outputs (first: sample {}), e.g. failed solves; "
         "pass --drop-failed to leave them out",
         data.path(), bad.size(), data.samples(), bad.front());
  for (auto& [path, rows] : outputs) {
    const std::size_t before = rows.size();
    std::erase_if(rows,
                  [&](std::size_t i) { return std::binary_search(bad.begin(), bad.end(), i); });
    if (rows.empty())
      fail("--drop-failed: no samples left for '{}' (all {} have NaN or inf outputs)", path,
           before);
  }
}

} // namespace

void check_export(const std::string& out, const std::vector<std::uint64_t>& seeds,
                  const ConvertOptions& options) {
  for (const auto& [path, rows] : planned_outputs(out, seeds, options))
    check_output(path, options.overwrite, {});
  if (options.layout == Layout::well) check_output(well_stats_path(out), options.overwrite, {});
  if (options.trainer.encode)
    detail::check_channels_fit(options.layout, options.trainer.family, options.trainer.channels,
                               options.frames);
}

ConvertResult convert_dataset(const std::string& in, const std::string& out,
                              const ConvertOptions& options) {
  const DatasetReader data(in);
  ConvertOptions with_frames = options;
  with_frames.frames = data.frames();
  detail::ExportPlan plan = base_plan(data, with_frames);
  plan.provenance = fmt::format("{} (layout native, {} samples, created {})", in, data.samples(),
                                h5::read_text_attribute(data.file(), "created"));
  auto outputs = planned_outputs(out, data.seeds(), with_frames);
  for (const auto& [path, rows] : outputs) check_output(path, options.overwrite, {in});
  const bool well = options.layout == Layout::well;
  if (well) check_output(well_stats_path(out), options.overwrite, {in});
  ConvertResult result;
  require_finite_inputs(data); // damage, which --drop-failed does not hide
  result.dropped = non_finite_samples(data);
  leave_out(result.dropped, data, options, outputs);
  result.input_bytes = file_bytes(in);
  for (const auto& [path, rows] : outputs) {
    plan.rows.clear();
    for (std::size_t i : rows) plan.rows.push_back({&data, i});
    result.outputs.push_back(write_output(path, plan));
  }
  if (well) { // normalisation statistics of the training part only
    plan.rows.clear();
    for (std::size_t i : outputs.at(well_train_output(options)).second)
      plan.rows.push_back({&data, i});
    detail::write_well_stats(well_stats_path(out), plan);
  }
  return result;
}

namespace {

// {i, K} of a shard file ({0, 0} for a file that is not a shard).
std::pair<std::size_t, std::size_t> shard_of(const DatasetReader& d) {
  if (!h5::has_attribute(d.file(), "shard")) return {0, 0};
  const std::string text = h5::read_text_attribute(d.file(), "shard");
  const auto shard = parse_shard(text);
  if (!shard) fail("merge: '{}' has a malformed shard attribute '{}'", d.path(), text);
  return *shard;
}

// Shards of one run (--shard i/K) are merged only together: all K of them,
// from the same run.
void check_shards(const std::vector<std::unique_ptr<DatasetReader>>& sources) {
  const std::size_t shards = shard_of(*sources.front()).second;
  std::vector<const DatasetReader*> by_shard(shards, nullptr);
  for (const auto& d : sources) {
    const auto [i, k] = shard_of(*d);
    if (k == 0 || k != shards || d->base_seed() != sources.front()->base_seed())
      fail("merge: '{}' and '{}' are not shards of one run (--shard i/K, same K and seed)",
           sources.front()->path(), d->path());
    if (by_shard[i])
      fail("merge: '{}' and '{}' are both shard {}/{}", by_shard[i]->path(), d->path(), i, k);
    by_shard[i] = d.get();
  }
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < shards; ++i)
    if (!by_shard[i]) missing.push_back(std::to_string(i));
  if (!missing.empty())
    fail("merge: shard{} {} of {} missing", missing.size() > 1 ? "s" : "", fmt::join(missing, ", "),
         shards);
}

// Puts the rows of a run's shards back in the run's sample order (their
// /meta/index), which gives the file the unsharded run would have written.
void order_shard_rows(detail::ExportPlan& plan) {
  std::map<const DatasetReader*, std::vector<std::uint64_t>> index;
  std::vector<detail::SourceRow> rows(plan.rows.size());
  for (const auto& row : plan.rows) {
    auto it = index.find(row.data);
    if (it == index.end())
      it = index
               .emplace(row.data,
                        h5::read_all<std::uint64_t>(
                            h5::open_dataset(row.data->file(), "meta/index"), H5T_NATIVE_UINT64))
               .first;
    const std::uint64_t i = it->second.at(row.index);
    if (i >= rows.size() || rows[i].data)
      fail("merge: '{}' row {} holds sample {}, outside the run or twice", row.data->path(),
           row.index, i);
    rows[i] = row;
  }
  plan.rows = std::move(rows);
  plan.whole_run = true;
}

std::string array_text(const ArrayInfo& a) {
  std::vector<hsize_t> row(a.shape.begin() + (a.shape.empty() ? 0 : 1), a.shape.end());
  return fmt::format("{} [N{}{}]", a.dtype, row.empty() ? "" : ", ", fmt::join(row, ", "));
}

// The rows of d are appended to those of `first`: every per-sample dataset
// must exist in both with the same dtype and the same shape past the sample axis.
void check_same_arrays(const DatasetReader& first, const DatasetReader& d) {
  for (const char* group : {"inputs", "outputs", "meta", "stats", "stats/steps"}) {
    std::map<std::string, ArrayInfo> a, b;
    for (auto& info : first.arrays(group)) a.emplace(info.path, std::move(info));
    for (auto& info : d.arrays(group)) b.emplace(info.path, std::move(info));
    for (const auto& [path, info] : a) {
      const auto it = b.find(path);
      if (it == b.end())
        fail("merge: '{}' has no dataset '{}' (it is in '{}')", d.path(), path, first.path());
      const ArrayInfo& other = it->second;
      const bool same_rows =
          info.shape.size() == other.shape.size() &&
          std::equal(info.shape.begin() + (info.shape.empty() ? 0 : 1), info.shape.end(),
                     other.shape.begin() + (other.shape.empty() ? 0 : 1));
      if (!same_rows || info.dtype != other.dtype)
        fail("merge: dataset '{}' of '{}' is {}, but {} in '{}'", path, d.path(), array_text(other),
             array_text(info), first.path());
    }
    for (const auto& [path, info] : b)
      if (!a.count(path))
        fail("merge: '{}' has a dataset '{}' that '{}' lacks", d.path(), path, first.path());
  }
}

// Trajectories are merged only with trajectories of the same time axis.
void check_same_time(const DatasetReader& first, const DatasetReader& d) {
  const TimeAxis &a = first.time(), &b = d.time();
  auto text = [](const TimeAxis& t) {
    return t.dependent ? fmt::format("{} frames, scheme {}, dt {}, {} steps, recording every {}",
                                     t.frames, t.scheme, t.dt, t.steps, t.record_every)
                       : std::string("steady");
  };
  if (text(a) != text(b) || a.times != b.times)
    fail("merge: '{}' ({}) and '{}' ({}) differ in their time axis", first.path(), text(a),
         d.path(), text(b));
}

} // namespace

const std::vector<std::string>& merge_ignored_keys() {
  static const std::vector<std::string> keys{"config",  "out",  "overwrite", "quiet",
                                             "samples", "seed", "shard"};
  return keys;
}

ConvertResult merge_datasets(const std::vector<std::string>& inputs, const std::string& out,
                             const ConvertOptions& options) {
  if (inputs.size() < 2) fail("merge: give at least two input files");
  if (out.empty()) fail("--out: missing output file");
  if (options.layout != Layout::native)
    fail("merge writes the native layout (convert it afterwards)");
  for (std::size_t i = 0; i < inputs.size(); ++i)
    for (std::size_t j = 0; j < i; ++j) {
      std::error_code ec;
      if (inputs[i] == inputs[j] || fs::equivalent(inputs[i], inputs[j], ec))
        fail("merge: '{}' is given twice", inputs[i]);
    }
  std::vector<std::unique_ptr<DatasetReader>> sources;
  for (const auto& path : inputs) sources.push_back(std::make_unique<DatasetReader>(path));
  const bool sharded = std::any_of(sources.begin(), sources.end(), [](const auto& d) {
    return h5::has_attribute(d->file(), "shard");
  });
  if (sharded) check_shards(sources);
  const DatasetReader& first = *sources.front();
  std::map<std::string, std::string> reference;
  for (const auto& [k, v] : parse_config_lines(first.config())) reference[k] = v;
  const auto& ignored = merge_ignored_keys();
  std::map<std::uint64_t, std::pair<std::size_t, std::size_t>> seen; // seed -> (source, row)
  detail::ExportPlan plan = base_plan(first, options);
  for (std::size_t s = 0; s < sources.size(); ++s) {
    const DatasetReader& d = *sources[s];
    if (d.problem() != first.problem())
      fail("merge: '{}' holds problem '{}', '{}' holds '{}'", first.path(), first.problem(),
           d.path(), d.problem());
    if (d.precision() != first.precision() || d.cells() != first.cells() ||
        d.stride() != first.stride())
      fail("merge: '{}' and '{}' differ in precision or grid", first.path(), d.path());
    check_same_time(first, d);
    check_same_arrays(first, d);
    require_finite_inputs(d);
    require_failed_marks(d);
    std::map<std::string, std::string> config;
    for (const auto& [k, v] : parse_config_lines(d.config())) config[k] = v;
    std::set<std::string> keys;
    for (const auto& [k, v] : config) keys.insert(k);
    for (const auto& [k, v] : reference) keys.insert(k);
    for (const auto& key : keys) {
      if (std::find(ignored.begin(), ignored.end(), key) != ignored.end()) continue;
      const auto a = reference.find(key), b = config.find(key);
      const std::string va = a == reference.end() ? "(unset)" : a->second,
                        vb = b == config.end() ? "(unset)" : b->second;
      if (va != vb)
        fail("merge: '{}' and '{}' differ in config key '{}' ('{}' vs '{}')", first.path(),
             d.path(), key, va, vb);
    }
    const auto seeds = d.seeds();
    for (std::size_t i = 0; i < seeds.size(); ++i) {
      auto [it, inserted] = seen.emplace(seeds[i], std::make_pair(s, i));
      if (!inserted)
        fail("merge: sample seed {} is in both '{}' (row {}) and '{}' (row {}): the shards overlap "
             "(same --seed?)",
             seeds[i], sources[it->second.first]->path(), it->second.second, d.path(), i);
      plan.rows.push_back({&d, i});
    }
    plan.provenance +=
        fmt::format("{} ({} samples, base_seed {}, created {})\n", d.path(), d.samples(),
                    d.base_seed(), h5::read_text_attribute(d.file(), "created"));
  }
  plan.provenance_key = "merged_from";
  if (sharded) order_shard_rows(plan);
  check_output(out, options.overwrite, inputs);
  ConvertResult result;
  for (const auto& path : inputs) result.input_bytes += file_bytes(path);
  result.outputs.push_back(write_output(out, plan));
  return result;
}

} // namespace skr
