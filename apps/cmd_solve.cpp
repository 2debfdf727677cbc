// skr-gen solve: sort and solve a user's own sequence of systems (A_i, b_i)
// with one recycling KSP, and store the solutions in the input order.
#include "command.hpp"
#include "io/dataset_writer.hpp"
#include "pipeline/solve_systems.hpp"
#include "util/error.hpp"
#include "util/files.hpp"
#include "util/petsc_session.hpp"

#include <glob.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace skr::app {

namespace {

namespace fs = std::filesystem;

// Beyond this the random projection costs (systems x nonzeros x dims) far
// more than the solves, and sorts no better.
constexpr long long kMaxFeatureDims = 1024;

// The output must not replace an input nor be written among the systems of
// a --systems directory (it would be read as a system next time).
void check_output_is_not_input(const std::string& out, const std::string& systems) {
  std::error_code ec;
  const fs::path parent =
      fs::path(out).parent_path().empty() ? fs::path(".") : fs::path(out).parent_path();
  if (systems.find_first_of("*?[") != std::string::npos) {
    glob_t g{};
    std::vector<std::string> inputs;
    if (::glob(systems.c_str(), 0, nullptr, &g) == 0)
      for (std::size_t k = 0; k < g.gl_pathc; ++k) inputs.push_back(g.gl_pathv[k]);
    globfree(&g);
    for (const auto& in : inputs) {
      // A matrix dir/A_3.mtx comes with its right-hand side dir/b_3.mtx (or B_3.mtx).
      std::vector<fs::path> read{in};
      const fs::path p(in);
      std::string name = p.filename().string();
      if (!name.empty() && (name[0] == 'A' || name[0] == 'a'))
        for (char letter : {'b', 'B'}) {
          name[0] = letter;
          read.push_back(p.parent_path() / name);
        }
      for (const auto& f : read)
        if (fs::equivalent(out, f, ec))
          fail("--out: '{}' is one of the systems being read (--systems '{}')", out, systems);
    }
  } else if (fs::is_directory(systems, ec)) {
    if (fs::equivalent(parent, systems, ec))
      fail("--out: '{}' is inside the systems directory '{}' being read (write it elsewhere)", out,
           systems);
  } else if (fs::equivalent(out, systems, ec)) {
    fail("--out: '{}' is the systems file being read", out);
  }
}

po::options_description solve_options() {
  po::options_description desc = command_options("solve options", true);
  add_switch(desc, "overwrite", "replace an existing output file");
  add_switch(desc, "resume", "continue OUT.partial left by a killed run (same configuration)");
  add_switch(desc, "quiet,q", "no progress line");
  add_option(desc, "systems", "",
             "the systems: a directory, a quoted file pattern ('dir/A_*.mtx') or a file");
  add_option(desc, "format", "auto", "input format: auto (from the names) | mtx | petsc | h5");
  add_option(desc, "out", "", "output HDF5 file");
  add_option(desc, "precision", "float",
             "stored solution precision: float | double (solves are double)");
  add_sort_option(desc);
  add_option(desc, "features", "auto",
             "sorting features: provided (HDF5 /features) | values (of A) | rhs | auto");
  add_option(desc, "feature-dims", "64",
             "dimensions (1..1024) of the random projection of values / rhs features");
  add_checkpoint_options(desc, "systems");
  add_petsc_option(desc);
  desc.add(solver_options());
  return desc;
}

constexpr const char* kHelp =
    R"help(usage: skr-gen solve --systems SOURCE --out FILE.h5 [options] [PETSc options]

Reads a sequence of linear systems A_i x_i = b_i (all of one size), sorts them by
similarity, solves them in that order with one KSP (GCRO-DR recycling unless --solver
is given; --solver auto runs a pilot) and writes /outputs/solution [N, n] and /stats in
the input order (/meta/seed = system index, /meta/solve_position = sorted position).
When every A_i is identical the preconditioner is built once for all right-hand sides.

SOURCE (systems in natural name order, then order within a file):
  'dir/A_*.mtx'   Matrix Market: coordinate real general|symmetric matrices, the
                  right-hand side of A_3.mtx in b_3.mtx (array or coordinate)
  dir/            every file of dir: PETSc binary (Mat then Vec), or its A*.mtx
  seq.petsc       one PETSc binary file holding Mat, Vec, Mat, Vec, ...
  systems.h5      HDF5: /systems/<i>/{indptr,indices,data,b} (CSR), or
                  /pattern/{indptr,indices} + /values [N,nnz] + /rhs [N,n];
                  optional /features [N,d] (--features provided)

examples:
  skr-gen solve --systems 'runs/A_*.mtx' --out x.h5
  skr-gen solve --systems systems.h5 --features provided --solver gmres -pc_type jacobi --out x.h5
  skr-gen export-systems --problem darcy --samples 100 --grid 64 --format mtx --out dir

)help";

void print_summary(const SolveSystemsConfig& config, const SolveSystemsSummary& s) {
  const std::size_t solved = std::max<std::size_t>(s.converged + s.failed, 1);
  std::printf("wrote %s: %zu systems of %lld unknowns (%s), solver %s\n", config.out.c_str(),
              s.samples, static_cast<long long>(s.unknowns), s.source_format.c_str(),
              s.solver.c_str());
  if (s.identical_matrices)
    std::printf("all %zu matrices are identical: preconditioner built once\n", s.samples);
  if (!s.solver_report.empty()) std::printf("%s", s.solver_report.c_str());
  std::printf("sort: %s on %s in %.2f s, path length %.4g (random order %.4g)\n",
              s.sort_method.c_str(), s.features.c_str(), s.sort_seconds, s.sort_path_length,
              s.random_path_length);
  std::printf("iterations: mean %.1f | solve time: mean %.4f s, total %.2f s | wall %.2f s\n",
              double(s.iterations) / solved, s.solve_seconds / solved, s.solve_seconds,
              s.total_seconds);
  std::printf("%s", outcome_line(s, config.solver.rtol).c_str());
}

} // namespace

int run_solve(const Arguments& args) {
  const auto desc = solve_options();
  auto vm = parse(args.ours, desc);
  if (print_help_if_asked(vm, kHelp, desc)) return 0;
  // solve recycles by default (generate's default is the auto pilot).
  if (vm["solver"].defaulted()) vm.at("solver") = po::variable_value(std::string("gcrodr"), true);

  SolveSystemsConfig config;
  config.systems = get_string(vm, "systems");
  if (config.systems.empty()) fail("--systems is required (a directory, a file pattern or a file)");
  config.format = get_string(vm, "format");
  config.out = get_string(vm, "out");
  if (config.out.empty()) fail("--out is required (the output HDF5 file)");
  config.overwrite = vm["overwrite"].as<bool>();
  config.resume = vm["resume"].as<bool>();
  if (config.resume && config.overwrite) fail("--resume and --overwrite contradict each other");
  check_output_is_not_input(config.out, config.systems);
  check_output_target(config.out, config.overwrite || config.resume);
  config.double_precision = get_double_precision(vm);
  config.sort_method = get_string(vm, "sort");
  config.features = get_string(vm, "features");
  config.feature_dims = get_int_as<std::size_t>(vm, "feature-dims", 1, kMaxFeatureDims);
  config.solver = solver_settings(vm);
  config.progress = !vm["quiet"].as<bool>();
  config.checkpoint_samples =
      get_int_as<std::size_t>(vm, "checkpoint-samples", 1, kMaxSamples);
  config.checkpoint_seconds = get_double_in(vm, "checkpoint-seconds", 0, 1e9);

  const auto petsc_args = petsc_arguments(vm, args);
  static const std::vector<std::string> run_control{
      "out", "overwrite", "resume", "quiet", "config", "checkpoint-samples", "checkpoint-seconds"};
  config.config_text = provenance_config(vm, run_control, petsc_args);

  PetscSession session(petsc_args);
  const auto locks = lock_outputs({config.out}); // one writer per output
  const SolveSystemsSummary s = run_solve_systems(config);
  session.warn_unused_options();
  print_summary(config, s);
  if (s.failed) {
    std::fprintf(
        stderr, "skr-gen: error: %zu of %zu systems failed (stored as NaN, /stats/converged = 0)\n",
        s.failed, s.converged + s.failed);
    return 3;
  }
  return 0;
}

} // namespace skr::app
