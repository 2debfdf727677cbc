#pragma once
// Shared plumbing of the subcommands: argument splitting (PETSc options pass
// through untouched), option parsing from flags and INI files, and the
// subcommand table.
#include "io/layouts.hpp"
#include "pipeline/auto_solver.hpp"
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
int run_estimate(const Arguments& args);

} // namespace skr::app
