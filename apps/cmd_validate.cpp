// skr-gen validate: re-assemble each stored sample's system from its stored
// inputs and check the true relative residual of the stored solution (the
// rule is in io/validate.hpp and in --help).
#include "command.hpp"
#include "io/validate.hpp"
#include "util/error.hpp"
#include "util/petsc_session.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>

namespace skr::app {

int run_validate(const Arguments& args) {
  po::options_description desc("validate options");
  desc.add_options()("help,h", "show this help")("file", po::value<std::string>(),
                                                 "dataset to validate");
  add_option(desc, "samples", "all", "samples to check: all, or a list / ranges like 0,5,10-20");
  add_option(desc, "tol", "0",
             "fixed tolerance on the relative residual (0: automatic, see above)");
  po::positional_options_description positional;
  positional.add("file", 1);
  const auto vm = parse(args.ours, desc, false, &positional);
  if (vm.count("help")) {
    std::cout
        << "usage: skr-gen validate FILE [--samples LIST] [--tol T] [PETSc options]\n\n"
           "Rebuilds the problem from the stored config, re-assembles each sample's system A x = "
           "b\n"
           "from its stored inputs and computes the true relative residual r = ||b - A u|| / "
           "||b||\n"
           "of the stored solution u. Reference: the LU solution of the same system, rounded to "
           "the\n"
           "stored precision (float32 by default), has residual r_ref; a sample passes when\n"
           "    r <= 2 * rtol + 10 * r_ref        (rtol: the file's solver tolerance)\n"
           "or r <= T with --tol T. Every failing sample is reported; exit status 1 if any.\n\n"
           "examples:\n  skr-gen validate darcy.h5\n  skr-gen validate darcy.h5 --samples "
           "0,5,10-20 --tol 1e-5\n\n"
        << desc << "\n";
    return 0;
  }
  if (!vm.count("file")) fail("validate: missing FILE (skr-gen validate FILE)");
  const double tol = get_double_in(vm, "tol", 0, 1e300);
  const DatasetReader data(vm["file"].as<std::string>());
  const auto samples = parse_sample_list(
      get_string(vm, "samples") == "all" ? "" : get_string(vm, "samples"), data.samples());
  PetscSession session(args.petsc);
  Validator validator(data, tol);
  std::size_t failures = 0;
  double worst = 0, worst_ratio = 0;
  bool not_a_number = false; // a NaN residual is the worst of all (std::max would skip it)
  for (std::size_t i : samples) {
    const SampleCheck c = validator.check(i);
    not_a_number = not_a_number || std::isnan(c.residual) || std::isnan(c.residual / c.tolerance);
    worst = std::max(worst, c.residual);
    worst_ratio = std::max(worst_ratio, c.residual / c.tolerance);
    if (c.ok) continue;
    ++failures;
    std::fprintf(
        stderr,
        "skr-gen: sample %zu FAILED: relative residual %.3e > tolerance %.3e (reference %.3e)\n",
        c.index, c.residual, c.tolerance, c.reference);
  }
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
