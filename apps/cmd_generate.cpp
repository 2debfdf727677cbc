// skr-gen generate: draw N instances of a PDE family, sort them, solve them
// in that order with one recycling KSP, and write an HDF5 dataset.
#include "command.hpp"
#include "discretize/time_problem.hpp"
#include "io/dataset_writer.hpp"
#include "io/layouts.hpp"
#include "pipeline/generate.hpp"
#include "problems/registry.hpp"
#include "util/error.hpp"
#include "util/files.hpp"
#include "util/mpi.hpp"
#include "util/petsc_session.hpp"
#include "util/teardown_guard.hpp"

#include <cstdio>
#include <iostream>
#include <tuple>

namespace skr::app {

namespace {

po::options_description generate_options() {
  po::options_description desc = command_options("generate options", true);
  add_switch(desc, "overwrite", "replace an existing output file");
  add_switch(desc, "resume", "continue the run a kill left in OUT.partial/ (same configuration)");
  add_switch(desc, "verbose,v", "a line per sample on stderr");
  add_switch(desc, "log-json", "one JSON object per sample on stdout, for pipelines");
  add_switch(desc, "quiet,q", "no progress line");
  add_switch(desc, "timing",
             "print the wall time per phase at the end (draw, sort, pilot, assemble, solve, "
             "record, checkpoint writes, final assembly, other), with its share and, under MPI, "
             "max and mean over ranks");
  add_sample_options(desc, {});
  add_option(desc, "out", "", "output HDF5 file (default: <problem>.h5)");
  add_option(desc, "precision", "float",
             "stored field precision: float | double (solves are double)");
  add_threads_option(desc);
  add_option(desc, "compression", "gzip:fast",
             "gzip:fast | gzip:N (N = 0..9) | none: compression of the stored fields; gzip:fast "
             "is HDF5's shuffle + gzip, read as such by every reader, written faster than gzip:1 "
             "(byte planes of mantissa noise stored as they are, the others with run-length "
             "matches only)");
  add_sort_option(desc);
  add_option(
      desc, "layout", "native",
      "also export for a trainer: native | pdebench | fno | neuralop | well (the native file, with "
      "statistics and provenance, is kept as OUT.native.h5)");
  add_option(desc, "split", "", "export train/valid/test files, e.g. train=0.8,valid=0.1,test=0.1");
  add_checkpoint_options(desc, "samples");
  add_option(desc, "checkpoint-growth", "2",
             "each rank's batches grow K, G K, G^2 K ... samples up to 512 (a time-cut batch "
             "does not grow): far fewer files; 1: every batch K samples");
  add_option(desc, "max-failures", "-1", "abort when more samples fail to converge (-1: never)");
  add_option(desc, "ranks-per-system", "1",
             "MPI ranks that solve each system together (a distributed grid, for grids too big "
             "for one rank); must divide the number of ranks. ILU/ICC become block Jacobi");
  add_option(desc, "shard", "",
             "i/K: solve only the i-th (0-based) of K contiguous parts of the sorted order, "
             "into its own file (job arrays; skr-gen merge joins the parts)");
  add_petsc_option(desc);
  desc.add(solver_options());
  desc.add(auto_options());
  return desc;
}

constexpr const char* kHelp = R"help(usage: skr-gen generate [options] [PETSc options]

Draws --samples instances of --problem, sorts them by similarity, solves them in
that order with one KSP (GCRO-DR recycling by default) and writes an HDF5 dataset:
/inputs, /outputs, /grid, /meta (seeds, solve positions), /stats (iterations,
true relative residuals, times) and provenance attributes.

examples:
  skr-gen generate --problem darcy --samples 200 --grid 64 --out darcy.h5
  skr-gen generate --problem darcy --coeff lognormal --alpha 2.5 --tau 7 --grid 80
  skr-gen generate --config run.ini --solver gmres -pc_type jacobi
  skr-gen generate --samples 10000 --shard 3/8 --out part3.h5   # then skr-gen merge
  skr-gen generate --preset fno_darcy --samples 100 --layout fno --out piececonst.mat

)help";

} // namespace

int generate_command(const Arguments& args) {
  const auto parsed = parse_with_problem(args.ours, generate_options());
  if (print_help_if_asked(parsed, kHelp)) return 0;
  const ProblemFamily& family = *parsed.family;
  const auto& vm = parsed.vm;

  GenerateConfig config = shared_generate_config(vm);
  config.out = get_string(vm, "out");
  if (config.out.empty() && !vm["out"].defaulted()) fail("--out: empty file name");
  if (config.out.empty()) config.out = family.name + ".h5";
  // Trainer layouts are exports of the native file, written next to it.
  ConvertOptions export_options;
  export_options.layout = parse_layout(get_string(vm, "layout"));
  if (const auto split = get_string(vm, "split"); !split.empty())
    export_options.split = parse_split(split);
  export_options.overwrite = vm["overwrite"].as<bool>();
  const bool exporting = export_options.layout != Layout::native || !export_options.split.empty();
  const std::string export_path = config.out;
  if (exporting) config.out = export_path + ".native.h5";
  config.overwrite = vm["overwrite"].as<bool>();
  config.compression = parse_field_compression(get_string(vm, "compression"));
  config.verbose = vm["verbose"].as<bool>();
  config.log_json = vm["log-json"].as<bool>();
  config.progress = !vm["quiet"].as<bool>() && !config.verbose;
  config.resume = vm["resume"].as<bool>();
  config.timing = vm["timing"].as<bool>();
  if (config.resume && config.overwrite) fail("--resume and --overwrite contradict each other");
  // Before any solve (the writer checks again when it opens the output).
  check_output_target(config.out, config.overwrite || config.resume);
  config.checkpoint_seconds = get_double_in(vm, "checkpoint-seconds", 0, 1e9);
  config.checkpoint_growth = get_int_as<std::size_t>(vm, "checkpoint-growth", 1, 1024);
  config.max_failures = get_int_in(vm, "max-failures", -1, kMaxSamples);
  config.ranks_per_system = get_int_as<int>(vm, "ranks-per-system", 1);
  if (const auto shard = get_string(vm, "shard"); !shard.empty()) {
    const auto parsed = parse_shard(shard);
    if (!parsed)
      fail("--shard '{}': expected i/K with 0 <= i < K <= {} (--samples), e.g. 0/4", shard,
           config.samples);
    std::tie(config.shard, config.shards) = *parsed;
    shard_range(config.samples, config.shard, config.shards); // validates against --samples
  }

  const auto petsc_args = petsc_arguments(vm, args);
  // Provenance, also compared by --resume: everything that shapes the data,
  // nothing that only steers this run.
  static const std::vector<std::string> run_control{
      "out",      "overwrite",          "resume",       "quiet", "config", "checkpoint-samples",
      "checkpoint-growth",
      "layout",   "checkpoint-seconds", "max-failures", "split", "preset", "verbose",
      "log-json", "ranks-per-system",   "threads", "explore", "timing"};
  config.config_text = provenance_config(vm, run_control, petsc_args);

  PetscSession session(petsc_args);
  config.auto_policy = auto_policy_for(parsed, petsc_args);
  // Held until the export is written: a second run on this output refuses.
  const auto locks = lock_outputs({config.out, exporting ? export_path : ""});
  apply_threads_option(vm);
  const std::shared_ptr<const Problem> problem = family.make(vm);
  if (exporting) { // before any solve; the checks need the family's trainer channels
    export_options.trainer = trainer_inputs_of(problem);
    if (const TimeProblem* timed = as_time_problem(*problem)) // layouts check the frames
      export_options.frames = std::size_t(timed->time().frames());
    // A shard's seeds are known only once it is sorted; its export is checked then.
    if (config.shards == 1)
      check_export(export_path, sample_seeds(config.seed, config.samples), export_options);
  }
  config.guard_teardown = !exporting; // with an export, armed once that is written too
  GenerateSummary s;
  abort_job_on_local_failure(PETSC_COMM_WORLD, [&] { s = run_generate(*problem, config); });
  if (s.ranks > 1 && comm_rank(PETSC_COMM_WORLD) != 0) return s.failed ? 3 : 0; // rank 0 reports
  // Failed samples are NaN: no trainer's file is written with them (convert
  // --drop-failed writes one without them; the error line below says so).
  if (exporting && !s.failed)
    for (const auto& file : convert_dataset(config.out, export_path, export_options).outputs)
      std::fprintf(config.log_json ? stderr : stdout, "exported %s: %zu samples, layout %s\n",
                   file.path.c_str(), file.samples, layout_name(export_options.layout).c_str());
  if (exporting) arm_teardown_guard(config.out, s.failed ? 3 : 0);
  session.warn_unused_options();

  // With --log-json, stdout carries only the per-sample JSON lines.
  std::FILE* report = config.log_json ? stderr : stdout;
  std::fprintf(report, "wrote %s: %zu samples of %s, grid %s, solver %s\n", config.out.c_str(),
               s.samples, family.name.c_str(), get_string(vm, "grid").c_str(), s.solver.c_str());
  if (!s.solver_report.empty()) std::fprintf(report, "%s", s.solver_report.c_str());
  if (s.sort_method == "none")
    std::fprintf(report, "sort: none (solved in sample order)\n");
  else
    std::fprintf(report, "sort: %s in %.2f s, path length %.4g (random order %.4g)\n",
                 s.sort_method.c_str(), s.sort_seconds, s.sort_path_length, s.random_path_length);
  std::fprintf(report,
               "iterations: mean %.1f | solve time: mean %.4f s, total %.2f s | wall %.2f s\n",
               double(s.iterations) / std::max<std::size_t>(s.converged + s.failed, 1),
               s.solve_seconds / std::max<std::size_t>(s.converged + s.failed, 1), s.solve_seconds,
               s.total_seconds);
  const std::size_t solved = s.converged + s.failed;
  if (const TimeProblem* timed = as_time_problem(*problem)) { // each sample is a trajectory
    const TimeSettings& t = timed->time();
    const double steps = double(std::max<std::size_t>(solved, 1)) * t.steps;
    std::fprintf(report,
                 "trajectories: %d steps of %s, dt %g, %d frames | per step: mean %.1f "
                 "iterations, %.5f s\n",
                 t.steps, to_string(t.scheme).c_str(), t.dt, t.frames(),
                 double(s.iterations) / steps, s.solve_seconds / steps);
  }
  std::fprintf(report, "%s", outcome_line(s, config.solver.rtol).c_str());
  if (!s.timing.empty()) std::fprintf(report, "%s", s.timing.c_str());
  if (s.failed) {
    const std::string no_export =
        exporting ? fmt::format("; no {} export written (skr-gen convert --in {} --drop-failed "
                                "writes one without them)",
                                layout_name(export_options.layout), config.out)
                  : "";
    std::fprintf(stderr,
                 "skr-gen: error: %zu of %zu samples failed (stored as NaN, /stats/converged = "
                 "0)%s\n",
                 s.failed, solved, no_export.c_str());
    return 3;
  }
  return 0;
}

} // namespace skr::app
