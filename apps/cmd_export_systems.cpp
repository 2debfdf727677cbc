// skr-gen export-systems: write the systems of a PDE family's samples as
// Matrix Market, PETSc binary or HDF5 files that `skr-gen solve` reads (the
// same seeds as `generate --seed S --samples N`).
#include "command.hpp"
#include "pipeline/generate.hpp"
#include "systems/export.hpp"
#include "util/error.hpp"
#include "util/petsc_session.hpp"

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace skr::app {

namespace {

namespace fs = std::filesystem;

// The files of DIR that the export replaces must be regular files (or not
// exist): writing into a fifo would block, into a device would damage it.
void check_targets(const std::string& dir, const std::string& format, std::size_t count) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return;
  if (!fs::is_directory(dir, ec)) fail("--out: '{}' exists and is not a directory", dir);
  std::vector<std::string> names;
  if (format == "mtx")
    for (std::size_t i = 0; i < count; ++i) {
      names.push_back(fmt::format("A_{}.mtx", i));
      names.push_back(fmt::format("b_{}.mtx", i));
    }
  else if (format == "petsc")
    for (std::size_t i = 0; i < count; ++i) names.push_back(fmt::format("system_{}.petsc", i));
  else if (format == "petsc-seq")
    names.push_back("systems.petsc");
  else
    names.push_back("systems.h5");
  for (const auto& name : names) {
    const fs::path path = fs::path(dir) / name;
    const auto status = fs::status(path, ec);
    if (fs::exists(status) && !fs::is_regular_file(status))
      fail("--out: '{}' exists and is not a regular file: refusing to write over it",
           path.string());
  }
}

} // namespace

int run_export_systems(const Arguments& args) {
  po::options_description common("export-systems options");
  common.add_options()("help,h", "show this help")("config", po::value<std::string>(),
                                                   "read options from an INI file");
  add_option(common, "problem", "darcy", "PDE family (skr-gen problems lists them)");
  add_option(common, "samples", "10", "number of systems N");
  add_option(common, "grid", "",
             "cells per axis: N, NxM (2-D) or NxMxK (3-D); default: the family's");
  add_option(common, "seed", "0", "base seed, as in generate");
  add_option(common, "format", "mtx",
             "mtx | petsc | petsc-seq (one file) | h5 (shared pattern) | h5-groups");
  add_option(common, "out", "systems", "output directory");
  const auto parsed = parse_with_problem(args.ours, common);
  if (parsed.help) {
    std::cout
        << "usage: skr-gen export-systems --problem P --samples N --grid G --format F --out DIR\n\n"
           "Writes the assembled systems (A_i, b_i) of samples 0..N-1 of a family, with the seeds\n"
           "`generate --seed S` uses, for `skr-gen solve --systems ...`.\n\n"
           "examples:\n"
           "  skr-gen export-systems --problem darcy --samples 100 --grid 64 --format mtx --out "
           "sys\n"
           "  skr-gen solve --systems 'sys/A_*.mtx' --out solved.h5\n\n"
        << parsed.all << "\n";
    return 0;
  }
  const auto& vm = parsed.vm;
  PetscSession session(args.petsc);
  const auto problem = parsed.family->make(vm);
  const auto seeds = sample_seeds(get_uint64(vm, "seed"),
                                  static_cast<std::size_t>(get_int_at_least(vm, "samples", 1)));
  check_targets(get_string(vm, "out"), get_string(vm, "format"), seeds.size());
  const std::string source =
      systems::export_systems(*problem, seeds, get_string(vm, "out"), get_string(vm, "format"));
  std::printf("wrote %zu systems of %s: skr-gen solve --systems '%s'\n", seeds.size(),
              parsed.family->name.c_str(), source.c_str());
  return 0;
}

} // namespace skr::app
