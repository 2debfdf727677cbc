#pragma once
// Shared plumbing of the subcommands: argument splitting (PETSc options pass
// through untouched), option parsing from flags and INI files, and the
// subcommand table.
#include "io/layouts.hpp"
#include "pipeline/auto_solver.hpp"
#include "pipeline/generate.hpp"
#include "problems/registry.hpp"
#include "util/output_lock.hpp"
#include "util/options.hpp"

#include <string>
#include <vector>

namespace skr::app {

struct Arguments {
  std::vector<std::string> ours;  // --long options and positionals, for Boost
  std::vector<std::string> petsc; // single-dash PETSc options and their values
};

// Splits argv (after the subcommand). "-ksp_type gmres" and "-ksp_monitor"
// go to PETSc; "--samples 10" and "-h" stay ours.
Arguments split_arguments(const std::vector<std::string>& args);

// Parses flags, then the INI file named by --config (flags win). Unknown
// flags or keys are errors unless allow_unregistered.
po::variables_map parse(const std::vector<std::string>& args, const po::options_description& desc,
                        bool allow_unregistered = false,
                        const po::positional_options_description* positional = nullptr);

// Two-pass parse for commands that build a problem: --problem (from flags
// or the config file) picks the family, whose options then join `common`.
// With --help, returns with help = true and `vm` holding only the first pass.
struct ProblemArguments {
  const ProblemFamily* family = nullptr;
  po::options_description all;
  po::variables_map vm;
  bool help = false;
};
ProblemArguments parse_with_problem(const std::vector<std::string>& args,
                                    const po::options_description& common);

// --solver auto's policy (--explore) and cache key: the family, its own
// options and the grid (what shapes the operator), the PETSc options and
// the number of ranks (call once MPI is up).
AutoPolicy auto_policy_for(const ProblemArguments& parsed,
                           const std::vector<std::string>& petsc_args);

// PETSc options: the config file's `petsc = ...` words first, so that
// command-line PETSc options win.
std::vector<std::string> petsc_arguments(const po::variables_map& vm, const Arguments& args);
// Declares --petsc, which petsc_arguments reads.
void add_petsc_option(po::options_description& desc);

// A run's provenance (stored, and compared by --resume): the options that
// shape the data (all but `run_control`) and the PETSc options, one line each.
std::string provenance_config(const po::variables_map& vm,
                              const std::vector<std::string>& run_control,
                              const std::vector<std::string>& petsc_args);

// The family's trainer input channels (Problem::trainer_inputs) for the
// exports, which do not know the families (io/layouts.hpp).
TrainerInputs trainer_inputs_of(std::shared_ptr<const Problem> problem);

// Presets: $SKR_PRESET_DIR/NAME.ini, else share/skr-gen/presets/NAME.ini
// relative to the executable (installed from problems/presets/).
std::string preset_directory();
std::string preset_path(const std::string& name);

// --threads N, and applying it (util/threads.hpp) once MPI is up.
void add_threads_option(po::options_description& desc);
int apply_threads_option(const po::variables_map& vm);

// One writer per output (util/output_lock.hpp): locks each non-empty path,
// held until the returned locks die. Under MPI rank 0 holds them and a
// refusal is every rank's error (call after PetscSession starts).
std::vector<OutputLock> lock_outputs(const std::vector<std::string>& outputs);

// Shared option declarations (apps/command_options.cpp). A subcommand's
// options start with --help, and --config (an INI file; flags win) if asked.
po::options_description command_options(const std::string& caption, bool with_config);
void add_switch(po::options_description& desc, const char* name, const char* help);
// --problem, --preset (unless preset = false), --samples, --grid, --seed:
// which samples a run draws.
struct SampleOptions {
  const char* samples_default = "100";
  const char* samples_help = "number of instances N";
  const char* seed_help = "base seed; sample i draws from (seed, i) only";
  bool preset = true;
};
void add_sample_options(po::options_description& desc, const SampleOptions& options);
void add_sort_option(po::options_description& desc); // --sort
// --checkpoint-samples and --checkpoint-seconds; unit: "samples" or "systems".
void add_checkpoint_options(
    po::options_description& desc, const char* unit,
    const char* seconds_help = "...or every T seconds, whichever comes first");
// With --help (`asked`): prints `text` (usage line, description, examples,
// ending in a blank line) and the options; returns whether it did.
bool print_help_if_asked(bool asked, const char* text, const po::options_description& desc);
bool print_help_if_asked(const po::variables_map& vm, const char* text,
                         const po::options_description& desc);
bool print_help_if_asked(const ProblemArguments& parsed, const char* text);
// parse() with one positional argument, the value of option `name`.
po::variables_map parse_with_positional(const std::vector<std::string>& args,
                                        const po::options_description& desc, const char* name);

// What generate and estimate (which takes generate's command line) read
// alike: --samples, --seed, --precision, --sort, the solver options and
// --checkpoint-samples.
GenerateConfig shared_generate_config(const po::variables_map& vm);

// For subcommands that run no PETSc: a one-line error on a PETSc option.
void refuse_petsc_options(const Arguments& args, const char* command);

// Whitespace-separated words of s.
std::vector<std::string> split_words(const std::string& s);

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const Arguments& args);
};

const std::vector<Command>& commands();

int generate_command(const Arguments& args);
int run_problems(const Arguments& args);
int run_bench(const Arguments& args);
int run_sort(const Arguments& args);
int run_inspect(const Arguments& args);
int run_validate(const Arguments& args);
int run_convert(const Arguments& args);
int run_merge(const Arguments& args);
int run_solve(const Arguments& args);
int run_export_systems(const Arguments& args);
int run_preview(const Arguments& args);
// preview --in FILE: draws stored samples (apps/preview_dataset.cpp).
int preview_dataset(const po::variables_map& vm, std::size_t samples);
int run_estimate(const Arguments& args);

} // namespace skr::app
