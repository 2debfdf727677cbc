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
  po::options_description desc =
      command_options("estimate options (those of generate, plus --pilot)", true);
  add_switch(desc, "overwrite", "accepted for generate's command line; ignored");
  add_switch(desc, "resume", "accepted for generate's command line; ignored");
  add_switch(desc, "quiet,q", "accepted for generate's command line; ignored");
  add_sample_options(desc, {"100", "number of instances N of the planned run"});
  add_option(desc, "out", "", "the planned output file (not written)");
  add_option(desc, "precision", "float", "stored field precision: float | double");
  add_sort_option(desc);
  add_checkpoint_options(desc, "samples", "accepted for generate's command line; ignored");
  add_option(desc, "max-failures", "-1", "accepted for generate's command line; ignored");
  add_option(desc, "pilot", "0", "pilot samples (0: about 5% of N, 8 to 40)");
  add_petsc_option(desc);
  desc.add(solver_options());
  desc.add(auto_options());
  return desc;
}

constexpr const char* kHelp =
    R"help(usage: skr-gen estimate [generate's options] [--pilot P] [PETSc options]

Predicts the wall time and the file size of 'skr-gen generate' with the same options,
without writing its output: draws and sorts the samples, then solves the first P of
the sorted sequence with the same solver settings (--solver auto: generate's own
pilot picks the method first), writes them to a temporary file to measure the
compressed bytes per sample, and extrapolates to N. Prints the predicted wall time,
the predicted size and the basis (pilot samples, seconds per sample).

examples:
  skr-gen estimate --problem darcy --samples 10000 --grid 128
  skr-gen estimate --config run.ini --pilot 40
  skr-gen estimate --problem helmholtz --samples 5000 --solver gcrodr --pc ilu --precision double

)help";

} // namespace

int run_estimate(const Arguments& args) {
  const auto parsed = parse_with_problem(args.ours, estimate_options());
  if (print_help_if_asked(parsed, kHelp)) return 0;
  const auto& vm = parsed.vm;
  GenerateConfig config = shared_generate_config(vm);
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
