#include "pipeline/estimate.hpp"

#include "discretize/dmda_grid.hpp"
#include "io/dataset_reader.hpp"
#include "io/dataset_writer.hpp"
#include "pipeline/auto_solver.hpp"
#include "pipeline/sample_prefetch.hpp"
#include "pipeline/sequence_system.hpp"
#include "util/error.hpp"
#include "util/threads.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include <fmt/format.h>

namespace skr {

namespace fs = std::filesystem;

std::string human_bytes(double bytes) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB"};
  int u = 0;
  while (bytes >= 1000 && u < 4) bytes /= 1000, ++u;
  return fmt::format("{:.3g} {}", bytes, units[u]);
}

namespace {

// Sorting more samples than this would make the estimate as slow as the run:
// larger N are sorted on their first kSortBasis samples and extrapolated
// (drawing linearly, sorting quadratically: greedy's cost, an upper bound).
constexpr std::size_t kSortBasis = 2000;

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// The pilot file, removed however the estimate ends.
struct TemporaryFile {
  std::string path =
      (fs::temp_directory_path() / fmt::format("skr-estimate-{}.h5", ::getpid())).string();
  ~TemporaryFile() {
    std::error_code ec;
    fs::remove(path, ec);
    fs::remove_all(path + ".partial", ec);
  }
};

// Bytes per sample of the pilot file: chunked fields at their stored
// (compressed) size, per-sample columns at their raw size.
void measure_file(const std::string& path, std::size_t pilot, GenerateEstimate& e) {
  DatasetReader data(path);
  double per_sample = 0, raw = 0;
  for (const char* group : {"inputs", "outputs", "meta", "stats"})
    for (const auto& info : data.arrays(group)) {
      h5::Id set = h5::open_dataset(data.file(), info.path);
      h5::Id type = h5::checked(H5Dget_type(set), H5Tclose, "dataset type");
      double elements = 1;
      for (std::size_t d = 1; d < info.shape.size(); ++d) elements *= double(info.shape[d]);
      const double raw_row = elements * double(H5Tget_size(type));
      raw += raw_row;
      per_sample +=
          info.shape.size() > 1 ? double(H5Dget_storage_size(set)) / double(pilot) : raw_row;
    }
  e.raw_bytes_per_sample = raw;
  e.stored_bytes_per_sample = per_sample;
  e.fixed_bytes = std::max(0.0, double(fs::file_size(path)) - double(pilot) * per_sample);
}

} // namespace

std::size_t estimate_pilot_size(std::size_t samples) {
  return std::min<std::size_t>(samples, std::clamp<std::size_t>(samples / 20, 8, 40));
}

// With the overlap, the solving thread sets values and solves while one
// thread draws the next sample and another writes: on 2 cores those two
// share the second.
double GenerateEstimate::total_seconds() const {
  const double solving = assembly_seconds + solve_seconds, beside = draw_seconds + io_seconds;
  return setup_seconds + sort_seconds + auto_pilot_seconds +
         (overlap ? std::max(solving, beside) : solving + beside);
}

namespace {

// The pilot file's schema, as generate builds it (one draw).
DatasetSchema pilot_schema(const Problem& problem, const GenerateConfig& config,
                           std::uint64_t first_seed, std::size_t pilot_samples) {
  DatasetSchema schema = schema_for(problem, problem.draw(first_seed), pilot_samples);
  schema.double_precision = config.double_precision;
  schema.compression = config.compression;
  schema.config = config.config_text;
  schema.base_seed = config.seed;
  schema.rtol = config.solver.rtol;
  return schema;
}

// Drawing + sorting, measured on at most kSortBasis samples and extrapolated
// to all; returns the basis's solve order.
std::vector<std::size_t> time_sorting(const Problem& problem, const GenerateConfig& config,
                                      const std::vector<std::uint64_t>& seeds,
                                      GenerateEstimate& e) {
  e.sort_basis = std::min(config.samples, kSortBasis);
  const std::vector<std::uint64_t> basis(seeds.begin(), seeds.begin() + e.sort_basis);
  const auto t = Clock::now();
  GenerateSummary sorted;
  auto order = solve_order(problem, basis, config.sort_method, &sorted);
  const double draw = std::max(0.0, since(t) - sorted.sort_seconds);
  const double scale = double(config.samples) / double(e.sort_basis);
  e.sort_seconds = draw * scale + sorted.sort_seconds * scale * scale;
  return order;
}

// --solver auto: generate's own pilot on the head of the samples, timed as
// part of the run (its forecast is not); returns the settings it chose.
SolverSettings time_auto_pilot(const Problem& problem, const GenerateConfig& config,
                               const std::vector<Sample>& samples, GenerateEstimate& e) {
  SolverSettings settings = config.solver;
  if (!wants_pilot(settings)) return settings;
  const std::size_t n = std::min(samples.size(), pilot_size(config.samples));
  const std::vector<Sample> head(samples.begin(), samples.begin() + n);
  const std::string forecast = auto_forecast(problem, settings, head, config.auto_policy);
  const auto t = Clock::now();
  const SolverChoice choice =
      choose_solver(problem, head, settings, config.samples, nullptr, config.auto_policy);
  e.auto_pilot_seconds = since(t);
  e.solver_report = forecast + choice.report();
  return choice.settings;
}

struct PilotTimes {
  std::vector<double> solve; // per sample
  double draw = 0, assembly = 0, io = 0;
};

// Assembles, solves and writes the pilot samples as generate would, into a
// temporary file whose size per sample is measured.
PilotTimes run_pilot(const Problem& problem, const GenerateConfig& config,
                     const DatasetSchema& schema, SequenceSystem& system, Vec x,
                     const std::vector<std::uint64_t>& seeds,
                     const std::vector<std::size_t>& order, const SolverSettings& settings,
                     GenerateEstimate& e) {
  TemporaryFile file;
  PilotTimes times;
  {
    auto t = Clock::now();
    DatasetWriter writer(file.path, schema, /*overwrite=*/true);
    times.io += since(t);
    SequenceSolver solver(PETSC_COMM_SELF, settings);
    e.solver = solver.description();
    // What generate's prefetch thread does, here on the spot (timed apart).
    SamplePrefetch draws(problem, seeds, /*enabled=*/false, system.owned_box());
    for (std::size_t p = 0; p < e.pilot_samples; ++p) {
      t = Clock::now();
      PreparedSample prepared = draws.take(order[p], {});
      times.draw += since(t);
      t = Clock::now();
      Sample& sample = prepared.sample;
      system.assemble(sample, std::move(prepared.values));
      times.assembly += since(t);
      SolveStats stats = solver.solve(system.A(), system.b(), x);
      times.solve.push_back(stats.solve_seconds);
      e.pilot_failed += stats.converged ? 0 : 1;
      t = Clock::now();
      stats.solve_position = static_cast<long long>(p);
      Fields outputs = problem.outputs(sample, gather_to_storage(x));
      writer.write(p, std::move(sample), std::move(outputs), stats);
      if (writer.pending() >= config.checkpoint_samples) writer.checkpoint();
      times.io += since(t);
    }
    t = Clock::now();
    writer.finish();
    times.io += since(t);
  }
  measure_file(file.path, e.pilot_samples, e);
  return times;
}

// From the pilot to all samples: solves at the mean of the pilot's second
// half (recycling has warmed up), the first half as measured.
void extrapolate(const PilotTimes& times, std::size_t samples, GenerateEstimate& e) {
  const std::size_t n = times.solve.size(), half = n / 2;
  e.draw_per_sample = times.draw / double(n);
  e.assembly_per_sample = times.assembly / double(n);
  e.io_per_sample = times.io / double(n);
  double first = 0, rest = 0;
  for (std::size_t p = 0; p < n; ++p) (p < half ? first : rest) += times.solve[p];
  e.solve_per_sample = rest / double(n - half);
  e.solve_seconds = first + e.solve_per_sample * double(samples - half);
  e.draw_seconds = e.draw_per_sample * double(samples);
  e.assembly_seconds = e.assembly_per_sample * double(samples);
  e.io_seconds = e.io_per_sample * double(samples);
}

} // namespace

// Set up -> time drawing and sorting -> time auto's pilot -> run a pilot of
// the sorted head -> extrapolate.
GenerateEstimate estimate_generate(const Problem& problem, const GenerateConfig& config,
                                   std::size_t pilot) {
  // Its pilot times single systems; a trajectory's cost is not one of them.
  if (problem.is_time_dependent())
    fail("estimate: {} is time-dependent, and estimating trajectories is not supported yet "
         "(generate a few with --samples and read their per-step times)",
         problem.name());
  const auto start = Clock::now();
  GenerateEstimate e;
  e.samples = config.samples;
  e.overlap = thread_count(0) > 1;
  const auto seeds = sample_seeds(config.seed, config.samples);
  e.pilot_samples = std::min(config.samples, pilot ? pilot : estimate_pilot_size(config.samples));

  // Setup: the schema (one draw) and the system, as generate does them.
  const auto t = Clock::now();
  const DatasetSchema schema = pilot_schema(problem, config, seeds.at(0), e.pilot_samples);
  SequenceSystem system(problem, PETSC_COMM_SELF);
  Handle<Vec> x;
  SKR_PETSC(VecDuplicate(system.b(), x.out()));
  SKR_PETSC(VecZeroEntries(x));
  e.setup_seconds = since(t);

  const auto order = time_sorting(problem, config, seeds, e);
  std::vector<Sample> samples;
  for (std::size_t p = 0; p < e.pilot_samples; ++p)
    samples.push_back(problem.draw(seeds[order[p]]));
  const SolverSettings settings = time_auto_pilot(problem, config, samples, e);
  const PilotTimes times = run_pilot(problem, config, schema, system, x, seeds, order, settings, e);
  extrapolate(times, config.samples, e);
  e.estimate_seconds = since(start);
  return e;
}

std::string GenerateEstimate::report() const {
  std::string out;
  if (!solver_report.empty()) out += solver_report;
  if (pilot_failed > 0)
    out += fmt::format("warning: {} of the {} pilot solves did not converge (the run would store "
                       "them as NaN); the prediction counts their time as measured\n",
                       pilot_failed, pilot_samples);
  out += fmt::format(
      "predicted wall time: {:.3g} s (setup {:.2g} s, drawing + sorting {:.2g} s{}, "
      "drawing {:.2g} s, assembly {:.2g} s, solves {:.3g} s, I/O {:.2g} s{})\n",
      total_seconds(), setup_seconds, sort_seconds,
      auto_pilot_seconds > 0 ? fmt::format(", solver pilot {:.2g} s", auto_pilot_seconds) : "",
      draw_seconds, assembly_seconds, solve_seconds, io_seconds,
      overlap ? "; drawing and I/O beside the solves" : "");
  out += fmt::format(
      "predicted size: {} ({:.0f} bytes: {}/sample stored, {}/sample raw, gzip ratio {:.2f})\n",
      human_bytes(total_bytes()), total_bytes(), human_bytes(stored_bytes_per_sample),
      human_bytes(raw_bytes_per_sample),
      raw_bytes_per_sample > 0 ? stored_bytes_per_sample / raw_bytes_per_sample : 1.0);
  out +=
      fmt::format("basis: pilot of {} samples (the first of the sorted sequence), solver {}: "
                  "{:.3g} s/sample solve (after warm-up), {:.2g} s/sample assembly, "
                  "{:.2g} s/sample I/O; sort measured on {} samples; the estimate took {:.2f} s\n",
                  pilot_samples, solver, solve_per_sample, assembly_per_sample, io_per_sample,
                  sort_basis, estimate_seconds);
  return out;
}

} // namespace skr
