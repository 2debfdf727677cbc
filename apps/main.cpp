// skr-gen: generate training data for neural operators fast, by Sorting
// Krylov Recycling (SKR): draw N instances of a parametric PDE family, sort
// them so that neighbours are similar, solve them in that order with a
// recycling Krylov method (GCRO-DR), and write an HDF5 dataset.
//
//   skr-gen --help
//   skr-gen problems
//   skr-gen generate --problem darcy --samples 200 --grid 64 --out darcy.h5
//   skr-gen generate --problem darcy --solver gmres -pc_type jacobi
#include "command.hpp"
#include "problems/registry.hpp"
#include "skr/version.hpp"
#include "util/error.hpp"
#include "util/mpi.hpp"
#include "util/petsc_session.hpp"
#include "solve/register.hpp"
#include "util/signals.hpp"


#include <cstdio>

namespace {

void print_usage() {
  std::printf("skr-gen %s: neural-operator training data by Sorting Krylov Recycling\n\n",
              skr::kVersion);
  std::printf("usage: skr-gen <command> [options] [PETSc options]\n\ncommands:\n");
  for (const auto& c : skr::app::commands()) std::printf("  %-15s %s\n", c.name, c.summary);
  std::printf("\n'skr-gen <command> --help' documents each command, with examples.\n"
              "PETSc options (-ksp_type, -pc_type, -ksp_rtol, ...) pass through unchanged.\n");
}

} // namespace

int main(int argc, char** argv) {
  skr::register_problem_families();
  skr::PetscSession::add_initializer(skr::register_ksp_types);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_usage();
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::printf("skr-gen %s (%s)\n", skr::kVersion, skr::kGitCommit);
    return 0;
  }
  try {
    for (const auto& command : skr::app::commands()) {
      if (args[0] != command.name) continue;
      return command.run(skr::app::split_arguments({args.begin() + 1, args.end()}));
    }
    skr::fail("unknown command '{}' (see skr-gen --help)", args[0]);
  } catch (const skr::Interrupted& e) {
    std::fprintf(stderr, "skr-gen: %s\n", e.what());
    skr::PetscSession::finalize_after_error();
    return e.exit_code();
  } catch (const std::exception& e) {
    // Under MPI every rank sees the same bad option or CollectiveError; one
    // line is enough. Rank-local failures were printed and aborted earlier.
    if (skr::first_rank()) std::fprintf(stderr, "skr-gen: error: %s\n", e.what());
    skr::PetscSession::finalize_after_error();
    return 1;
  }
}
