// Option declarations and help output that several subcommands share, so
// that each option is declared once with one text.
#include "command.hpp"
#include "util/error.hpp"

#include <fmt/format.h>

#include <iostream>

namespace skr::app {

po::options_description command_options(const std::string& caption, bool with_config) {
  po::options_description desc(caption);
  desc.add_options()("help,h", "show this help");
  if (with_config)
    desc.add_options()("config", po::value<std::string>(),
                       "read options from an INI file (flags win)");
  return desc;
}

void add_switch(po::options_description& desc, const char* name, const char* help) {
  desc.add_options()(name, po::bool_switch(), help);
}

void add_sample_options(po::options_description& desc, const SampleOptions& o) {
  add_option(desc, "problem", "darcy", "PDE family (skr-gen problems lists them)");
  if (o.preset)
    add_option(desc, "preset", "",
               "load a named preset (skr-gen problems --presets), e.g. fno_darcy");
  add_option(desc, "samples", o.samples_default, o.samples_help);
  add_option(
      desc, "grid", "",
      "cells per axis: N, NxM (2-D) or NxMxK (3-D); default: the family's (skr-gen problems)");
  add_option(desc, "seed", "0", o.seed_help);
}

void add_sort_option(po::options_description& desc) {
  add_option(desc, "sort", "auto", "solve order: none | greedy | fft-greedy | hilbert | auto");
}

void add_checkpoint_options(po::options_description& desc, const char* unit,
                            const char* seconds_help) {
  const std::string every = fmt::format("flush completed {0} to disk every K {0}...", unit);
  add_option(desc, "checkpoint-samples", "32", every.c_str());
  add_option(desc, "checkpoint-seconds", "60", seconds_help);
}

bool print_help_if_asked(bool asked, const char* text, const po::options_description& desc) {
  if (asked) std::cout << text << desc << "\n";
  return asked;
}

bool print_help_if_asked(const po::variables_map& vm, const char* text,
                         const po::options_description& desc) {
  return print_help_if_asked(vm.count("help") > 0, text, desc);
}

bool print_help_if_asked(const ProblemArguments& parsed, const char* text) {
  return print_help_if_asked(parsed.help, text, parsed.all);
}

po::variables_map parse_with_positional(const std::vector<std::string>& args,
                                        const po::options_description& desc, const char* name) {
  po::positional_options_description positional;
  positional.add(name, 1);
  return parse(args, desc, false, &positional);
}

GenerateConfig shared_generate_config(const po::variables_map& vm) {
  GenerateConfig config;
  config.samples = get_sample_count(vm);
  config.seed = get_uint64(vm, "seed");
  config.double_precision = get_double_precision(vm);
  config.sort_method = get_string(vm, "sort");
  config.solver = solver_settings(vm);
  config.checkpoint_samples = get_int_as<std::size_t>(vm, "checkpoint-samples", 1, kMaxSamples);
  return config;
}

void refuse_petsc_options(const Arguments& args, const char* command) {
  if (!args.petsc.empty()) fail("{}: unknown option '{}'", command, args.petsc.front());
}

} // namespace skr::app
