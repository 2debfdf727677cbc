#pragma once
// Shared plumbing of the subcommands: argument splitting (PETSc options pass
// through untouched), option parsing from flags and INI files, and the
// subcommand table.
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

// Whitespace-separated words of s.
std::vector<std::string> split_words(const std::string& s);

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const Arguments& args);
};

const std::vector<Command>& commands();

int run_generate(const Arguments& args);
int run_problems(const Arguments& args);

} // namespace skr::app
