#pragma once
// Writes skr-gen's native dataset layout (README, src/io/dataset_layout.hpp):
//   /grid/{x,y[,z]}, /inputs/<field> [N, nx, ny], /inputs/<scalar> [N],
//   /outputs/<field> [N, nx, ny], /meta/{seed,solve_position} [N],
//   /stats/{iterations,rel_residual,solve_seconds,converged,reason,fallback} [N],
// fields chunked one sample per chunk, shuffle + deflate.
// A time-dependent family's dataset (schema.time set, TIME_SPEC.md) stores
// /outputs/<field> [N, T, nx, ny] chunked one frame of one sample, /grid/t [T],
// /stats/steps/{iterations,rel_residual,solve_seconds} [N, S] and the root
// attributes time_dependent, time_scheme, dt, t_final, steps, record_every,
// frames; rows, batches, resume and shards work per trajectory.
//
// Crash safety: an unfinished run lives in the directory PATH.partial/.
// Samples are queued in memory and each checkpoint() writes them to a new
// batch file there, under a temporary name renamed into place once closed,
// so a batch is either wholly there or absent whatever moment the process
// dies. finish(comm) assembles the batches into PATH on rank 0 of comm
// (io/batch_assembly.hpp; written as PATH.partial/assembled.h5, attribute
// `complete` = 1 written last, then renamed) and removes the directory.
// resume() picks up the batches of a killed run with the same configuration.
//
// A single-process run may assemble as it goes (assemble_as_batches_land()):
// each batch is then copied into PATH.partial/assembled.h5 right after it
// lands, on the writer thread with the overlap, so finish() only copies what
// is left and completes the file. The batches stay the run's record: a
// killed run resumes from them, and assembled.h5 is written anew.
//
// Overlap (set_background(true), generate with more than one thread): a
// batch is written by one background thread (util/background_worker.hpp)
// while the caller goes on; it then makes every HDF5 call of the batches,
// so the caller must make none until wait(): flush(), finish() and the
// destructor wait, and an error of the writer thread is rethrown by the
// next checkpoint(), flush() or finish(). Batches are written as before
// (temporary name, renamed once closed): a crash loses the batch in flight
// as it lost the queued rows before. Where checkpoint() or flush() would
// wait for the batch in flight, the caller compresses field chunks instead
// (of that batch, then of its own: io/compression_tasks.hpp), so that both
// cores compress when the writes outlast the solves.
#include "discretize/problem.hpp"
#include "discretize/time_settings.hpp"
#include "io/batch_assembly.hpp"
#include "io/dataset_layout.hpp"
#include "io/deflate_chunk.hpp"
#include "io/h5.hpp"
#include "solve/solve_stats.hpp"
#include "util/background_worker.hpp"
#include "util/files.hpp"

#include <mpi.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace skr {

class CompressionTasks;

struct DatasetSchema {
  std::string problem;
  Grid grid;
  std::vector<std::string> input_fields;
  std::vector<std::string> input_scalars;
  std::vector<std::string> output_fields;
  std::size_t samples = 0;
  // The run's sample indices that this file holds, ascending (a --shard of
  // the run; stored as /meta/index). Empty: the file holds samples 0..samples-1.
  std::vector<std::size_t> sample_index;
  std::string shard;   // "i/K" for a shard file, stored as a root attribute
  std::string created; // UTC creation time (default: now)
  bool double_precision = false;
  Compression compression; // of the stored fields (io/deflate_chunk.hpp)
  // Provenance.
  std::string config;
  std::uint64_t base_seed = 0;
  double rtol = 0;
  std::map<std::string, std::string> notes; // extra root attributes (e.g. the solver chosen)
  // Set for a time-dependent family: outputs are trajectories of time->frames() frames.
  std::optional<TimeSettings> time;
};

// A shard's "i/K" (0 <= i < K), as --shard takes it and the `shard`
// attribute stores it; nullopt if malformed.
std::optional<std::pair<std::size_t, std::size_t>> parse_shard(const std::string& text);

// The schema of a problem's datasets, from the fields of one drawn sample.
DatasetSchema schema_for(const Problem& problem, const Sample& sample, std::size_t samples);

class DatasetWriter {
public:
  // Creates PATH.partial (PATH must not exist unless overwrite).
  DatasetWriter(std::string path, DatasetSchema schema, bool overwrite);
  // Reopens PATH.partial left by an interrupted run with the same schema and
  // config (an Error names the first differing config line otherwise).
  static DatasetWriter resume(std::string path, DatasetSchema schema);
  // Joins a run whose directory another MPI rank created (rank > 0). Every
  // rank writes its own batch files; all of them finish(comm) together.
  static DatasetWriter attach(std::string path, DatasetSchema schema);
  // This rank of the run: a batch file names its rank.
  void set_rank(int rank) { rank_ = rank; }
  // Writes batches on a background thread (see above); off by default.
  void set_background(bool on);
  DatasetWriter(DatasetWriter&&) = default;
  ~DatasetWriter();
  DatasetWriter(const DatasetWriter&) = delete;
  DatasetWriter& operator=(const DatasetWriter&) = delete;

  // Copies each batch into the final file as soon as it lands (see above).
  // Single-process runs only: finish() must then be called with a comm of one rank.
  void assemble_as_batches_land();
  // Adds a root attribute to the finished file.
  void annotate(const std::string& key, const std::string& value) { schema_.notes[key] = value; }
  // Queues the run's sample `index` for the next checkpoint.
  // `steps`: a trajectory's per-step statistics (time-dependent schemas only).
  void write(std::size_t index, Sample sample, Fields outputs, const SolveStats& stats,
             std::vector<SolveStats> steps = {});
  // Writes the queued samples as a new batch (in the background: hands them
  // over, after waiting for the batch in flight).
  void checkpoint();
  // checkpoint(), then waits until every batch is on disk (SIGINT, --max-failures).
  void flush();
  // Seconds spent writing batches so far (on the background thread, if any).
  double batch_seconds() const { return background_->busy_seconds(); }
  // Seconds the caller's thread spent compressing batches' chunks while the
  // writer was busy (see checkpoint()).
  double ahead_seconds() const { return ahead_seconds_; }
  std::size_t pending() const { return pending_.size(); }
  // Whether the run's sample `index` is already in the file (from a resumed
  // run or earlier checkpoints).
  bool is_done(std::size_t index) const { return done_[row_of(index)]; }
  std::size_t done_count() const { return done_count_; }
  // Checkpoints, assembles the file, marks it complete and moves it to its
  // final name. Collective over comm: every rank of a multi-rank run calls
  // it; rank 0 writes the file while the others wait for its outcome.
  void finish(MPI_Comm comm = MPI_COMM_SELF);

  const std::string& path() const { return path_; }
  // The directory holding an unfinished run.
  std::string partial_path() const { return path_ + std::string(kPartialSuffix); }

private:
  struct Row {
    std::size_t index;
    Sample sample;
    Fields outputs;
    SolveStats stats;
    std::vector<SolveStats> steps;
    CompressedFields compressed; // its fields' chunks, by either thread (CompressionTasks)
  };
  // The final file as it is being assembled from the batches of `dir`.
  struct Assembly {
    Assembly(DatasetSchema run, std::filesystem::path partial)
        : schema(std::move(run)), dir(std::move(partial)) {}
    DatasetSchema schema;       // the run's: the file's layout and where each row goes
    std::filesystem::path dir;  // PATH.partial
    h5::Id file;                // dir/assembled.h5, once created
    std::optional<BatchAssembly> copier;    // into `file`
    std::set<std::filesystem::path> copied; // the batch files in it
    std::size_t rows = 0;
    // Copies every batch of dir not yet in the file (creating it first); an
    // Error if the disk lacks room.
    void copy_new_batches();
    // Once every batch is in: writes what was gathered and hands the file over.
    h5::Id complete();
  };
  DatasetWriter(std::string path, DatasetSchema schema);
  struct ImageBuffer; // an in-memory batch file's bytes (dataset_writer.cpp)
  // Writes `rows` as the batch file `name` (temporary name, then renamed),
  // its bytes gathered in `image`.
  static void write_batch(const std::string& name, const DatasetSchema& batch,
                          const std::vector<Row>& rows, ImageBuffer& image);
  // What a batch of `rows` takes in memory: its values as stored, plus room
  // for the metadata and the per-step statistics.
  static std::size_t batch_bytes(const DatasetSchema& batch, const std::vector<Row>& rows);
  // While the writer is busy, compresses chunks of `tasks` (if any) on the
  // caller's thread, where it would only wait (see checkpoint()).
  void help_while_writer_busy(CompressionTasks* tasks);
  void assemble(MPI_Comm comm); // collective, rank 0 writes PATH.partial/assembled.h5
  // The file row of the run's sample `index` (an Error if the file lacks it).
  std::size_t row_of(std::size_t index) const { return row_of(schema_, index); }
  static std::size_t row_of(const DatasetSchema& schema, std::size_t index);
  // The rows the batches hold; an Error (message prefixed by `context`) if
  // a sample is in two batches or, with check_seeds, a batch holds another
  // run's sample (its seed is not derive_seed(base_seed, index)).
  std::vector<bool> rows_in(const std::vector<std::filesystem::path>& batches,
                            const std::string& context, bool check_seeds) const;

  std::string path_;
  DatasetSchema schema_;
  std::vector<Row> pending_;
  std::size_t batches_ = 0;
  int rank_ = 0;
  std::vector<bool> done_;
  std::size_t done_count_ = 0;
  double ahead_seconds_ = 0;
  bool finished_ = false;
  bool created_ = false; // this writer created the run's directory
  std::unique_ptr<BackgroundWorker> background_; // disabled: batches written in checkpoint()
  // Set by assemble_as_batches_land(), or at finish(); used by the thread
  // that makes the HDF5 calls (the writer's, until it is waited for).
  std::shared_ptr<Assembly> assembly_;
  std::shared_ptr<ImageBuffer> image_; // used by the same thread as assembly_
  std::shared_ptr<CompressionTasks> in_flight_; // the last batch handed over
};

} // namespace skr
