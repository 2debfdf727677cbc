// skr-gen generate: draw N instances of a PDE family, sort them, solve them
// in that order with one recycling KSP, and write an HDF5 dataset.
#include "command.hpp"
#include "pipeline/generate.hpp"
#include "problems/registry.hpp"
#include "util/error.hpp"
#include "util/petsc_session.hpp"

#include <cstdio>
#include <iostream>

namespace skr::app {

namespace {

po::options_description generate_options() {
  po::options_description desc("generate options");
  desc.add_options()("help,h", "show this help")("config", po::value<std::string>(),
                                                  "read options from an INI file (flags win)")(
      "overwrite", po::bool_switch(), "replace an existing output file")("quiet,q", po::bool_switch(),
                                                                          "no progress line");
  add_option(desc, "problem", "darcy", "PDE family (skr-gen problems lists them)");
  add_option(desc, "samples", "100", "number of instances N");
  add_option(desc, "grid", "64", "cells per axis: N, NxM (2-D) or NxMxK (3-D)");
  add_option(desc, "seed", "0", "base seed; sample i draws from (seed, i) only");
  add_option(desc, "out", "", "output HDF5 file (default: <problem>.h5)");
  add_option(desc, "precision", "float", "stored field precision: float | double (solves are double)");
  add_option(desc, "sort", "auto", "solve order: none | greedy | fft-greedy | hilbert | auto");
  add_option(desc, "petsc", "", "PETSc options as one string, e.g. \"-pc_type jacobi\" (config files)");
  desc.add(solver_options());
  return desc;
}

void print_help(const po::options_description& desc) {
  std::cout << "usage: skr-gen generate [options] [PETSc options]\n\n"
               "Draws --samples instances of --problem, sorts them by similarity, solves them in\n"
               "that order with one KSP (GCRO-DR recycling by default) and writes an HDF5 dataset:\n"
               "/inputs, /outputs, /grid, /meta (seeds, solve positions), /stats (iterations,\n"
               "true relative residuals, times) and provenance attributes.\n\n"
               "examples:\n"
               "  skr-gen generate --problem darcy --samples 200 --grid 64 --out darcy.h5\n"
               "  skr-gen generate --problem darcy --coeff lognormal --alpha 2.5 --tau 7 --grid 80\n"
               "  skr-gen generate --config run.ini --solver gmres -pc_type jacobi\n\n"
            << desc << "\n";
}

} // namespace

int run_generate(const Arguments& args) {
  const auto parsed = parse_with_problem(args.ours, generate_options());
  if (parsed.help) {
    print_help(parsed.all);
    return 0;
  }
  const ProblemFamily& family = *parsed.family;
  const auto& vm = parsed.vm;

  GenerateConfig config;
  config.samples = static_cast<std::size_t>(get_int_at_least(vm, "samples", 1));
  config.seed = get_uint64(vm, "seed");
  config.out = get_string(vm, "out");
  if (config.out.empty()) config.out = family.name + ".h5";
  config.overwrite = vm["overwrite"].as<bool>();
  const std::string precision = get_string(vm, "precision");
  if (precision != "float" && precision != "double") fail("--precision: '{}' is not float or double", precision);
  config.double_precision = precision == "double";
  config.sort_method = get_string(vm, "sort");
  config.solver = solver_settings(vm);
  config.progress = !vm["quiet"].as<bool>();

  const auto petsc_args = petsc_arguments(vm, args);
  std::string petsc_text;
  for (const auto& a : petsc_args) petsc_text += (petsc_text.empty() ? "" : " ") + a;
  config.config_text = resolved_config(vm) + "petsc_options = " + petsc_text + "\n";

  PetscSession session(petsc_args);
  const auto problem = family.make(vm);
  const GenerateSummary s = run_generate(*problem, config);
  for (const auto& option : session.unused_options())
    std::fprintf(stderr, "skr-gen: warning: PETSc option %s was not used\n", option.c_str());

  std::printf("wrote %s: %zu samples of %s, grid %s, solver %s\n", config.out.c_str(), s.samples,
              family.name.c_str(), get_string(vm, "grid").c_str(), s.solver.c_str());
  std::printf("sort: %s in %.2f s, path length %.4g (random order %.4g)\n", s.sort_method.c_str(),
              s.sort_seconds, s.sort_path_length, s.random_path_length);
  std::printf("iterations: mean %.1f | solve time: mean %.4f s, total %.2f s | wall %.2f s\n",
              double(s.iterations) / s.samples, s.solve_seconds / s.samples, s.solve_seconds, s.total_seconds);
  std::printf("largest true relative residual: %.3e (rtol %.1e) | converged %zu/%zu\n", s.max_rel_residual,
              config.solver.rtol, s.converged, s.samples);
  if (s.converged != s.samples) {
    std::fprintf(stderr, "skr-gen: error: %zu of %zu samples did not converge (marked in /stats/converged)\n",
                 s.samples - s.converged, s.samples);
    return 3;
  }
  return 0;
}

} // namespace skr::app
