// skr-gen estimate: how long will a generate run take, and how large will
// its file be? Runs a short pilot with the same options and extrapolates.
#include "command.hpp"
#include "pipeline/estimate.hpp"
#include "util/error.hpp"
#include "util/petsc_session.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>

namespace skr::app {

namespace {

// generate's options (so that a generate command line can be estimated by
// changing its first word), plus --pilot.
po::options_description estimate_options() {
  po::options_description desc("estimate options (those of generate, plus --pilot)");
  desc.add_options()("help,h", "show this help")("config", po::value<std::string>(),
                                                 "read options from an INI file (flags win)")(
      "overwrite", po::bool_switch(), "accepted for generate's command line; ignored")(
      "resume", po::bool_switch(), "accepted for generate's command line; ignored")(
      "quiet,q", po::bool_switch(), "accepted for generate's command line; ignored");
  add_option(desc, "problem", "darcy", "PDE family (skr-gen problems lists them)");
  add_option(desc, "preset", "", "load a named preset (skr-gen problems --presets)");
  add_option(desc, "samples", "100", "number of instances N of the planned run");
  add_option(desc, "grid", "", "cells per axis (default: the family's)");
  add_option(desc, "seed", "0", "base seed");
  add_option(desc, "out", "", "the planned output file (not written)");
  add_option(desc, "precision", "float", "stored field precision: float | double");
  add_option(desc, "sort", "auto", "solve order: none | greedy | fft-greedy | hilbert | auto");
  add_option(desc, "checkpoint-samples", "32", "flush completed samples to disk every K samples");
  add_option(desc, "checkpoint-seconds", "60", "accepted for generate's command line; ignored");
  add_option(desc, "max-failures", "-1", "accepted for generate's command line; ignored");
  add_option(desc, "pilot", "0", "pilot samples (0: about 5% of N, 8 to 40)");
  add_petsc_option(desc);
  desc.add(solver_options());
  desc.add(auto_options());
  return desc;
}

void print_help(const po::options_description& desc) {
  std::cout
      << "usage: skr-gen estimate [generate's options] [--pilot P] [PETSc options]\n\n"
         "Predicts the wall time and the file size of 'skr-gen generate' with the same options,\n"
         "without writing its output: draws and sorts the samples, then solves the first P of\n"
         "the sorted sequence with the same solver settings (--solver auto: generate's own\n"
         "pilot picks the method first), writes them to a temporary file to measure the\n"
         "compressed bytes per sample, and extrapolates to N. Prints the predicted wall time,\n"
         "the predicted size and the basis (pilot samples, seconds per sample).\n\n"
         "examples:\n"
         "  skr-gen estimate --problem darcy --samples 10000 --grid 128\n"
         "  skr-gen estimate --config run.ini --pilot 40\n"
         "  skr-gen estimate --problem helmholtz --samples 5000 --solver gcrodr --pc ilu "
         "--precision double\n\n"
      << desc << "\n";
}

} // namespace

int run_estimate(const Arguments& args) {
  const auto parsed = parse_with_problem(args.ours, estimate_options());
  if (parsed.help) {
    print_help(parsed.all);
    return 0;
  }
  const auto& vm = parsed.vm;
  GenerateConfig config;
  config.samples = get_sample_count(vm);
  config.seed = get_uint64(vm, "seed");
  config.double_precision = get_double_precision(vm);
  config.sort_method = get_string(vm, "sort");
  config.solver = solver_settings(vm);
  config.checkpoint_samples =
      get_int_as<std::size_t>(vm, "checkpoint-samples", 1, kMaxSamples);
  const auto pilot = get_int_as<std::size_t>(vm, "pilot", 0, kMaxSamples);
  if (pilot == 1) fail("--pilot 1 is too short (at least 2, or 0 for automatic)");
  const auto petsc_args = petsc_arguments(vm, args);
  static const std::vector<std::string> run_control{"out",
                                                    "overwrite",
                                                    "resume",
                                                    "quiet",
                                                    "config",
                                                    "pilot",
                                                    "checkpoint-samples",
                                                    "checkpoint-seconds",
                                                    "max-failures",
                                                    "preset",
                                                    "explore"};
  config.config_text = resolved_config(vm, run_control);

  const auto start = std::chrono::steady_clock::now();
  PetscSession session(petsc_args); // its start-up is part of generate's wall time too
  config.auto_policy = auto_policy_for(parsed, petsc_args);
  const double startup =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto problem = parsed.family->make(vm);
  GenerateEstimate e = estimate_generate(*problem, config, pilot);
  e.setup_seconds += startup;
  std::printf("estimate: %zu samples of %s, grid %s\n%s", config.samples,
              parsed.family->name.c_str(), get_string(vm, "grid").c_str(), e.report().c_str());
  return 0;
}

} // namespace skr::app
