// skr-gen validate: check each stored sample's provenance (its seed, and its
// inputs re-drawn from that seed bit for bit: io/sample_checks.hpp), then
// re-assemble its system from the stored inputs and check the true relative
// residual of the stored solution (the rule is in io/validate.hpp and in
// --help). Ranks take every P-th sample, threads share the re-draws.
#include "command.hpp"
#include "io/sample_checks.hpp"
#include "io/validate.hpp"
#include "util/error.hpp"
#include "util/mpi.hpp"
#include "util/petsc_session.hpp"
#include "util/seed.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>

namespace skr::app {

namespace {

// A fixed pseudo-random subset of about `fraction` of the samples (the same
// on every run and rank), spread over the whole file.
std::vector<std::size_t> subset(const std::vector<std::size_t>& samples, double fraction) {
  if (fraction >= 1) return samples;
  std::vector<std::size_t> kept;
  for (std::size_t i : samples)
    if (double(splitmix64(i) >> 11) * 0x1.0p-53 < fraction) kept.push_back(i);
  return kept;
}

// The samples this rank checks: every P-th of the list.
std::vector<std::size_t> my_share(const std::vector<std::size_t>& samples) {
  const auto rank = std::size_t(comm_rank(PETSC_COMM_WORLD));
  const auto ranks = std::size_t(comm_size(PETSC_COMM_WORLD));
  std::vector<std::size_t> mine;
  for (std::size_t k = rank; k < samples.size(); k += ranks) mine.push_back(samples[k]);
  return mine;
}

} // namespace

constexpr const char* kHelp =
    R"help(usage: skr-gen validate FILE [--samples LIST] [--tol T] [PETSc options]

Rebuilds the problem from the stored config, re-assembles each sample's system A x = b
from its stored inputs and computes the true relative residual r = ||b - A u|| / ||b||
of the stored solution u. Reference: the LU solution of the same system, rounded to the
stored precision (float32 by default), has residual r_ref; a sample passes when
    r <= 2 * rtol + 10 * r_ref        (rtol: the file's solver tolerance)
or r <= T with --tol T. Before that, each sample's provenance: its inputs are finite,
its meta/seed is the one its index derives from the base seed (files from generate
and shards), no two samples share a seed, and a fresh draw from the stored seed
equals the stored inputs bit for bit (after the writer's rounding to the stored
precision). Every failing sample is reported, naming what failed; exit status 1
if any. Under mpirun the ranks share the samples; --threads the re-draws.

examples:
  skr-gen validate darcy.h5
  skr-gen validate darcy.h5 --samples 0,5,10-20 --tol 1e-5

)help";

int run_validate(const Arguments& args) {
  po::options_description desc = command_options("validate options", false);
  desc.add_options()("file", po::value<std::string>(), "dataset to validate");
  add_option(desc, "samples", "all", "samples to check: all, or a list / ranges like 0,5,10-20");
  add_option(desc, "tol", "0",
             "fixed tolerance on the relative residual (0: automatic, see above)");
  add_option(desc, "fraction", "1",
             "check only this fraction (0..1] of the samples, a fixed pseudo-random subset "
             "(very large files)");
  add_threads_option(desc);
  const auto vm = parse_with_positional(args.ours, desc, "file");
  if (print_help_if_asked(vm, kHelp, desc)) return 0;
  if (!vm.count("file")) fail("validate: missing FILE (skr-gen validate FILE)");
  const double tol = get_double_in(vm, "tol", 0, 1e300);
  const double fraction = get_double_in(vm, "fraction", 0, 1);
  if (fraction <= 0) fail("--fraction: must be more than 0 (and at most 1)");
  const DatasetReader data(vm["file"].as<std::string>());
  const auto samples = subset(
      parse_sample_list(get_string(vm, "samples") == "all" ? "" : get_string(vm, "samples"),
                        data.samples()),
      fraction);
  PetscSession session(args.petsc);
  apply_threads_option(vm);
  Validator validator(data, tol);
  const ProvenanceCheck provenance(data);
  const auto mine = my_share(samples);
  std::size_t failures = 0; // samples
  bool failed = false;       // the current sample
  const auto report = [&](std::size_t i, const std::string& what) {
    failed = true;
    std::fprintf(stderr, "skr-gen: sample %zu FAILED: %s\n", i, what.c_str());
  };
  if (comm_rank(PETSC_COMM_WORLD) == 0)
    for (const auto& duplicate : provenance.duplicate_seeds()) {
      ++failures;
      std::fprintf(stderr, "skr-gen: FAILED: %s\n", duplicate.c_str());
    }
  const auto drawn = provenance.check(mine);
  double worst = 0, worst_ratio = 0;
  bool not_a_number = false; // a NaN residual is the worst of all (std::max would skip it)
  for (std::size_t k = 0; k < mine.size(); ++k) {
    const std::size_t i = mine[k];
    failed = false;
    if (const auto what = non_finite_input(data, i); !what.empty()) {
      report(i, what); // no residual to speak of
      ++failures;
      continue;
    }
    if (!drawn[k].empty()) report(i, drawn[k]);
    const SampleCheck c = validator.check(i);
    not_a_number = not_a_number || std::isnan(c.residual) || std::isnan(c.residual / c.tolerance);
    worst = std::max(worst, c.residual);
    worst_ratio = std::max(worst_ratio, c.residual / c.tolerance);
    if (!c.ok)
      report(i, fmt::format("{}{} {:.3e} > tolerance {:.3e} (reference {:.3e})", c.measure,
                            c.frame >= 0 ? fmt::format(" (frame {})", c.frame) : "", c.residual,
                            c.tolerance, c.reference));
    failures += failed;
  }
  failures = std::size_t(sum_over(PETSC_COMM_WORLD, double(failures)));
  worst = max_over(PETSC_COMM_WORLD, worst);
  worst_ratio = max_over(PETSC_COMM_WORLD, worst_ratio);
  not_a_number = max_over(PETSC_COMM_WORLD, not_a_number) > 0;
  if (comm_rank(PETSC_COMM_WORLD) != 0) return failures ? 1 : 0; // rank 0 reports
  if (not_a_number) worst = worst_ratio = std::numeric_limits<double>::quiet_NaN();
  std::printf("validated %zu samples of %s: %zu failed | largest relative residual %.3e | largest "
              "residual / "
              "tolerance %.3f\n",
              samples.size(), data.path().c_str(), failures, worst, worst_ratio);
  if (failures) {
    std::fprintf(stderr, "skr-gen: error: %zu of %zu samples of '%s' failed validation\n", failures,
                 samples.size(), data.path().c_str());
    return 1;
  }
  return 0;
}

} // namespace skr::app
