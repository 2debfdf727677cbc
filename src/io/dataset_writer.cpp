#include "io/dataset_writer.hpp"

#include "discretize/time_problem.hpp"
#include "io/batch_assembly.hpp"
#include "io/compression_tasks.hpp"
#include "io/dataset_layout.hpp"
#include "io/h5_attributes_storage.hpp"
#include "util/error.hpp"
#include "util/files.hpp"
#include "util/mpi.hpp"
#include "util/seed.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string_view>

namespace skr {

namespace fs = std::filesystem;

std::optional<std::pair<std::size_t, std::size_t>> parse_shard(const std::string& text) {
  std::size_t i = 0, k = 0;
  const char *begin = text.data(), *end = begin + text.size();
  const auto [slash, e1] = std::from_chars(begin, end, i);
  if (e1 != std::errc() || slash == end || *slash != '/') return std::nullopt;
  const auto [last, e2] = std::from_chars(slash + 1, end, k);
  if (e2 != std::errc() || last != end || k == 0 || i >= k) return std::nullopt;
  return std::pair{i, k};
}

DatasetSchema schema_for(const Problem& problem, const Sample& sample, std::size_t samples) {
  DatasetSchema schema;
  schema.problem = std::string(problem.name());
  schema.grid = problem.grid();
  schema.samples = samples;
  for (const auto& [name, values] : sample.fields) schema.input_fields.push_back(name);
  for (const auto& [name, value] : sample.scalars) schema.input_scalars.push_back(name);
  const std::vector<double> zero(problem.grid().points(), 0.0);
  for (const auto& [name, values] : problem.outputs(sample, zero))
    schema.output_fields.push_back(name);
  if (const TimeProblem* timed = as_time_problem(problem)) schema.time = timed->time();
  return schema;
}

namespace {

constexpr const char* kConfigFile = "config.txt";
constexpr const char* kAssembledFile = "assembled.h5"; // the final file until it is complete

// Writes text to path atomically (temporary file + rename).
void write_file_atomically(const fs::path& path, std::string_view bytes) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) {
      out.close();
      std::error_code ec;
      fs::remove(tmp, ec);
      fail("cannot write '{}' (disk full?)", tmp.string());
    }
  }
  fs::rename(tmp, path);
}

// An HDF5 file held in memory (core driver, no backing store): a full or
// failing disk then shows up in our own write of its image, with a clear
// error, instead of inside HDF5 with a half-open file. The driver grows its
// buffer by `increment` bytes, zeroing each new one (fresh pages: slow to
// fault in) and copying the old (realloc): sized to what the batch will
// take, it grows once.
h5::Id create_in_memory_hdf5(const std::string& name, std::size_t increment) {
  h5::Id fapl = h5::checked(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "cannot create file access list");
  h5::check(H5Pset_fapl_core(fapl, std::max<std::size_t>(increment, 1 << 20), 0),
            "cannot select the in-memory HDF5 driver");
  return h5::checked(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl), H5Fclose,
                     fmt::format("cannot create in-memory file '{}'", name));
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot read '{}'", path.string());
  return std::string(std::istreambuf_iterator<char>(in), {});
}

h5::Id create_hdf5(const std::string& path) {
  return h5::checked(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                     fmt::format("cannot create '{}' (disk full or not writable?)", path));
}

// Batch files in creation order (their names sort by number).
std::vector<fs::path> batch_files(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto name = entry.path().filename().string();
    if (name.rfind("batch-", 0) == 0 && entry.path().extension() == ".h5")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

} // namespace

// A batch file's bytes, kept from one batch to the next: a buffer that only
// grows does not fault fresh pages in at every batch.
struct DatasetWriter::ImageBuffer {
  std::unique_ptr<char[]> bytes; // not zero-filled: H5Fget_file_image writes every byte
  std::size_t capacity = 0, size = 0;
  // The last batch's image against its values as held (batch_bytes): the
  // next batch's in-memory file is sized by it, a tenth more, since the
  // fields compress alike from batch to batch (thermal: 0.3).
  double stored_fraction = 1;

  std::size_t expected_size(std::size_t held) const {
    return std::size_t(double(held) * std::min(1.0, 1.1 * stored_fraction));
  }

  void read(hid_t file) {
    h5::check(H5Fflush(file, H5F_SCOPE_GLOBAL), "cannot flush an in-memory file");
    const ssize_t image_size = H5Fget_file_image(file, nullptr, 0);
    if (image_size < 0) fail("cannot read an in-memory file's image");
    size = std::size_t(image_size);
    if (size > capacity) {
      bytes.reset(); // the old buffer goes first
      bytes.reset(new char[size]);
      capacity = size;
    }
    if (H5Fget_file_image(file, bytes.get(), size) < 0)
      fail("cannot read an in-memory file's image");
  }
};

DatasetWriter::DatasetWriter(std::string path, DatasetSchema schema)
    : path_(std::move(path)), schema_(std::move(schema)), done_(schema_.samples, false),
      background_(std::make_unique<BackgroundWorker>(false)),
      image_(std::make_shared<ImageBuffer>()) {
  h5::silence_errors();
}

DatasetWriter::DatasetWriter(std::string path, DatasetSchema schema, bool overwrite)
    : DatasetWriter(std::move(path), std::move(schema)) {
  check_output_target(path_, overwrite);
  const fs::path dir = partial_path();
  if (fs::exists(dir) && !overwrite)
    fail("'{}' holds an interrupted run: continue it with --resume, or use --overwrite",
         dir.string());
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directory(dir, ec);
  if (ec) fail("cannot write output '{}': {}", path_, ec.message());
  // Probe the output location now, not after hours of solving.
  { create_hdf5((dir / "probe.h5").string()); }
  fs::remove(dir / "probe.h5");
  write_file_atomically(dir / kConfigFile, schema_.config);
  created_ = true;
}

DatasetWriter DatasetWriter::resume(std::string path, DatasetSchema schema) {
  DatasetWriter w(std::move(path), std::move(schema));
  const fs::path dir = w.partial_path();
  if (!fs::is_directory(dir)) {
    check_output_target(w.path_, true);
    if (fs::exists(w.path_)) fail("--resume: '{}' is already complete", w.path_);
    fail("--resume: no interrupted run to resume ('{}' does not exist)", dir.string());
  }
  const std::string stored = read_file(dir / kConfigFile);
  if (stored.empty())
    fail("--resume: '{}' is empty: the interrupted run's configuration is lost",
         (dir / kConfigFile).string());
  if (stored != w.schema_.config) {
    // Name the first line that differs: that is the option to fix.
    std::istringstream a(stored), b(w.schema_.config);
    std::string la, lb;
    while (std::getline(a, la) && std::getline(b, lb) && la == lb) {
    }
    fail("--resume: the configuration differs from the interrupted run's ('{}' there, '{}' now)",
         la, lb);
  }
  const auto batches = batch_files(dir);
  w.done_ = w.rows_in(batches, "--resume: ", true);
  w.done_count_ = std::size_t(std::count(w.done_.begin(), w.done_.end(), true));
  w.batches_ = batches.size();
  return w;
}

std::vector<bool> DatasetWriter::rows_in(const std::vector<fs::path>& batches,
                                         const std::string& context, bool check_seeds) const {
  std::vector<bool> done(schema_.samples, false);
  for (const auto& batch : batches) {
    h5::Id file = h5::open_file(batch.string(), H5F_ACC_RDONLY);
    const auto index =
        h5::read_all<unsigned long long>(h5::open_dataset(file, "meta/index"), H5T_NATIVE_ULLONG);
    const auto seeds =
        h5::read_all<std::uint64_t>(h5::open_dataset(file, "meta/seed"), H5T_NATIVE_UINT64);
    if (seeds.size() != index.size())
      fail("{}'{}' is inconsistent ({} seeds for {} samples)", context, batch.string(),
           seeds.size(), index.size());
    for (std::size_t r = 0; r < index.size(); ++r) {
      const auto i = index[r];
      const std::size_t row = row_of(i);
      // Two runs writing one directory at once (file systems without locks).
      if (done[row])
        fail("{}'{}' is inconsistent: sample {} is also in an earlier batch (did two runs write "
             "'{}' at once?)",
             context, batch.string(), i, partial_path());
      // A batch copied from another run holds other samples under these indices.
      if (check_seeds && seeds[r] != derive_seed(schema_.base_seed, i))
        fail("{}'{}' holds sample {} of another run (its seed differs)", context, batch.string(),
             i);
      done[row] = true;
    }
  }
  return done;
}

DatasetWriter DatasetWriter::attach(std::string path, DatasetSchema schema) {
  DatasetWriter w(std::move(path), std::move(schema));
  if (!fs::is_directory(w.partial_path())) fail("internal: '{}' was not created", w.partial_path());
  return w;
}

DatasetWriter::~DatasetWriter() {
  // An unfinished run keeps its directory; queued rows are saved so that an
  // exception loses as little as possible. A run that failed before its
  // first sample (a bad option found late) leaves nothing behind.
  try {
    if (finished_ || path_.empty() || !background_) return; // finished, or moved from
    flush();
    if (created_ && batch_files(partial_path()).empty()) fs::remove_all(partial_path());
  } catch (const std::exception&) {
  }
}

void DatasetWriter::write(std::size_t index, Sample sample, Fields outputs, const SolveStats& stats,
                          std::vector<SolveStats> steps) {
  if (done_[row_of(index)]) fail("internal: sample {} written twice", index);
  pending_.push_back(
      Row{index, std::move(sample), std::move(outputs), stats, std::move(steps), {}});
}

void DatasetWriter::set_background(bool on) {
  background_->wait();
  background_ = std::make_unique<BackgroundWorker>(on);
}

void DatasetWriter::checkpoint() {
  if (pending_.empty()) {
    background_->wait(); // an error of the batch in flight surfaces here
    return;
  }
  // Batch numbers keep increasing across resumes; a name never comes back.
  std::string name;
  do name = fmt::format("{}/batch-{:05}-{:08}.h5", partial_path(), rank_, batches_++);
  while (fs::exists(name));
  auto batch = std::make_shared<DatasetSchema>(schema_);
  batch->samples = pending_.size();
  batch->sample_index.clear(); // a batch names its samples in its own meta/index
  // Batches are compressed as the final file is (on the background thread,
  // on every rank at once): the assembly then copies their chunks as stored.
  // Done once handed over: a batch that fails to land fails the run (the
  // error is rethrown at the next checkpoint or at finish).
  for (const auto& row : pending_) {
    done_[row_of(row.index)] = true;
    ++done_count_;
  }
  auto rows = std::make_shared<std::vector<Row>>(std::move(pending_));
  pending_.clear();
  std::shared_ptr<CompressionTasks> tasks; // none without a writer thread: nobody to help
  if (schema_.compression.enabled() && background_->enabled()) {
    tasks = std::make_shared<CompressionTasks>(schema_);
    // In the order write_sample_rows stores them (field by field, row by
    // row), so that the writer claims from the front and a helper from the
    // back meet once, in the middle.
    for (const auto& name : schema_.input_fields) {
      const std::string path = "inputs/" + name;
      for (Row& row : *rows) tasks->add(row.sample.fields.at(name), row.compressed[path]);
    }
    for (const auto& name : schema_.output_fields) {
      const std::string path = "outputs/" + name;
      for (Row& row : *rows) tasks->add(row.outputs.at(name), row.compressed[path]);
    }
    // Where this thread would wait for the batch in flight, it compresses:
    // that batch's chunks first (the writer needs them), then this one's.
    help_while_writer_busy(in_flight_.get());
    help_while_writer_busy(tasks.get());
  }
  background_->submit([name, batch, rows, tasks, image = image_, assembly = assembly_] {
    try {
      write_batch(name, *batch, *rows, *image);
    } catch (...) {
      if (tasks) tasks->retire(); // before the rows go, even on an error
      throw;
    }
    if (tasks) tasks->retire();
    if (assembly) assembly->copy_new_batches();
  });
  in_flight_ = std::move(tasks);
}

void DatasetWriter::help_while_writer_busy(CompressionTasks* tasks) {
  if (tasks) ahead_seconds_ += tasks->help([this] { return background_->busy(); });
}

void DatasetWriter::flush() {
  checkpoint();
  help_while_writer_busy(in_flight_.get()); // the last batch: compressed by both threads
  background_->wait();
}

std::size_t DatasetWriter::batch_bytes(const DatasetSchema& batch, const std::vector<Row>& rows) {
  const std::size_t value_bytes = batch.double_precision ? sizeof(double) : sizeof(float);
  std::size_t values = 0, steps = 0;
  for (const auto& row : rows) {
    for (const auto& [name, v] : row.sample.fields) values += v.size();
    for (const auto& [name, v] : row.outputs) values += v.size();
    steps += row.steps.size();
  }
  return values * value_bytes + steps * 64 + (1 << 20);
}

void DatasetWriter::write_batch(const std::string& name, const DatasetSchema& batch,
                                const std::vector<Row>& rows, ImageBuffer& image) {
  const std::size_t held = batch_bytes(batch, rows);
  {
    h5::Id file = create_in_memory_hdf5(name, image.expected_size(held));
    create_native_layout(file, batch);
    std::vector<SampleRow> samples;
    std::vector<unsigned long long> index;
    for (const Row& row : rows) {
      samples.push_back({row.sample, row.outputs, row.stats, row.steps, &row.compressed});
      index.push_back(row.index);
    }
    write_sample_rows(file, batch, samples);
    h5::write_vector(file, "meta/index", H5T_NATIVE_ULLONG, H5T_NATIVE_ULLONG, index.data(),
                     index.size());
    image.read(file);
    image.stored_fraction = double(image.size) / double(held);
  }
  write_file_atomically(name, {image.bytes.get(), image.size}); // the batch now exists, whole
}

void DatasetWriter::assemble_as_batches_land() {
  assembly_ = std::make_shared<Assembly>(schema_, partial_path());
}

void DatasetWriter::Assembly::copy_new_batches() {
  std::vector<fs::path> batches;
  std::uintmax_t needed = 0;
  for (const auto& batch : batch_files(dir))
    if (!copied.count(batch)) {
      batches.push_back(batch);
      needed += fs::file_size(batch);
    }
  // The file grows by about the batches' size: refuse to start what cannot
  // finish (HDF5 handles a full disk badly).
  const std::uintmax_t available = fs::space(dir).available;
  if (available < needed + needed / 10 + (1 << 20))
    fail("not enough disk space to assemble '{}': about {} kB needed, {} kB free; completed "
         "samples are kept in '{}' (free space, then --resume)",
         dir.string(), needed >> 10, available >> 10, dir.string());
  if (file < 0) {
    file = create_hdf5((dir / kAssembledFile).string());
    create_native_layout(file, schema);
    copier.emplace(file, sample_dataset_paths(schema));
  }
  rows += copier->copy(batches, [this](std::size_t i) { return row_of(schema, i); });
  copied.insert(batches.begin(), batches.end());
}

h5::Id DatasetWriter::Assembly::complete() {
  if (copier) copier->write_gathered();
  copier.reset(); // its datasets close before the file
  return std::move(file);
}

void DatasetWriter::assemble(MPI_Comm comm) {
  // Rank 0 alone writes the file (io/batch_assembly.hpp says why); the
  // others wait for its outcome, an error included.
  on_root(comm, [&] {
    const auto batches = batch_files(partial_path());
    // Every sample exactly once: nothing is marked complete that holds a row
    // never written (seed 0, NaN) or written twice. (Seeds are checked where
    // batches of another run can come in, --resume: estimate's pilot writes
    // sorted samples under the indices 0..n-1.)
    const auto done = rows_in(batches, "", false);
    if (const auto missing = std::find(done.begin(), done.end(), false); missing != done.end()) {
      const auto row = std::size_t(missing - done.begin());
      fail("cannot assemble '{}': sample {} is in no batch of '{}' ({} of {} samples there)",
           path_, schema_.sample_index.empty() ? row : schema_.sample_index[row], partial_path(),
           std::count(done.begin(), done.end(), true), done.size());
    }
    if (!assembly_) assemble_as_batches_land(); // now, all at once
    assembly_->copy_new_batches();
    if (assembly_->rows != schema_.samples)
      fail("internal: '{}' holds {} of {} samples", partial_path(), assembly_->rows,
           schema_.samples);
    h5::Id file = assembly_->complete(); // closed on leaving, before the rename
    write_run_notes(file, schema_);
    h5::write_attribute(file, "samples_done", static_cast<long long>(assembly_->rows));
    h5::write_attribute(file, "complete", 1LL); // written last
    h5::check(H5Fflush(file, H5F_SCOPE_GLOBAL),
              fmt::format("cannot write '{}/{}' (disk full?)", partial_path(), kAssembledFile));
  });
}

std::size_t DatasetWriter::row_of(const DatasetSchema& schema, std::size_t index) {
  const auto& rows = schema.sample_index;
  if (rows.empty()) {
    if (index >= schema.samples) fail("sample index {} outside 0..{}", index, schema.samples - 1);
    return index;
  }
  const auto it = std::lower_bound(rows.begin(), rows.end(), index);
  if (it == rows.end() || *it != index)
    fail("sample {} is not part of shard {}", index, schema.shard);
  return static_cast<std::size_t>(it - rows.begin());
}

void DatasetWriter::finish(MPI_Comm comm) {
  if (finished_) return;
  if (assembly_ && comm_size(comm) > 1) fail("internal: a run of several ranks assembled early");
  flush();
  MPI_Barrier(comm); // every rank's batches are on disk
  if (schema_.created.empty()) schema_.created = utc_now();
  assemble(comm);
  const std::string assembled = partial_path() + "/" + kAssembledFile;
  on_root(comm, [&] {
    check_output_target(path_, true); // it may have appeared while solving
    move_into_place(assembled, path_);
    std::error_code ec;
    fs::remove_all(partial_path(), ec);
  });
  finished_ = true;
}

} // namespace skr
