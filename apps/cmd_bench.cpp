// skr-gen bench: how much faster is SKR, and with which settings? Every
// method solves the same sorted sequence in this one process.
#include "command.hpp"
#include "pipeline/bench.hpp"
#include "pipeline/memory_check.hpp"
#include "util/error.hpp"
#include "util/files.hpp"
#include "util/petsc_session.hpp"

#include <iostream>
#include <sstream>

namespace skr::app {

namespace {

constexpr const char* kHelp = R"help(usage: skr-gen bench [options] [PETSc options]

Solves one sorted sequence of systems with every method in --methods, each with every
preconditioner in --pc and tolerance in --rtol, side by side in this process: every
method (each with its own solver) solves sample k before any solves k + 1, so the
machine's changing speed hits all alike (auto, with its pilot, runs after them).
Reports mean iterations and solve time, wall time, speed-up against GMRES with the
same PC and against the fastest non-recycling method, and the largest true relative
residual.

examples:
  skr-gen bench --problem darcy --coeff lognormal --alpha 2.5 --tau 7 --grid 80 --samples 100 \
                --pc none,jacobi,sor,ilu --methods gmres,gcrodr --csv darcy.csv
  skr-gen bench --problem darcy --grid 128 --methods gcrodr+reusepc,cg,cg+hypre,direct --pc icc
  skr-gen bench --preset fno_darcy --samples 64 --methods direct,cg+hypre,auto --pc icc

)help";

po::options_description bench_options() {
  po::options_description desc = command_options("bench options", true);
  add_switch(desc, "quiet,q", "no progress lines");
  add_sample_options(desc, {"100", "systems in the sequence"});
  add_sort_option(desc);
  add_option(desc, "pc", "none", "comma-separated preconditioners, e.g. none,jacobi,sor,ilu");
  add_option(desc, "rtol", "1e-8", "comma-separated tolerances, e.g. 1e-6,1e-8");
  add_option(desc, "methods", "gmres,gcrodr,gcrodr+warm,gcrodr+reusepc,cg,direct,cg+hypre",
             "comma-separated: gmres, gcrodr, gcrodr+warm, gcrodr+reusepc, gcrodr+warm+reusepc, "
             "cg, direct, "
             "cg+hypre, cg+gamg, cg+mg (geometric multigrid), rcg, rcg+hypre (cg and rcg methods "
             "only on SPD families), auto (generate's "
             "default: "
             "pilot included in its time)");
  add_recycling_options(desc);
  add_option(desc, "max-it", "10000", "iteration limit per system");
  add_option(desc, "pc-reuse", "10", "gcrodr+reusepc rebuilds the preconditioner every r systems");
  add_option(desc, "csv", "", "also write the table as CSV");
  add_option(desc, "json", "", "also write rows and per-sample iterations/times as JSON");
  add_petsc_option(desc);
  desc.add(auto_options());
  return desc;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');)
    if (!item.empty()) items.push_back(item);
  return items;
}

} // namespace

int run_bench(const Arguments& args) {
  const auto parsed = parse_with_problem(args.ours, bench_options());
  if (print_help_if_asked(parsed, kHelp)) return 0;
  const auto& vm = parsed.vm;
  BenchConfig config;
  config.samples = get_sample_count(vm);
  config.seed = get_uint64(vm, "seed");
  config.sort_method = get_string(vm, "sort");
  config.pcs = split_list(get_string(vm, "pc"));
  config.methods = split_list(get_string(vm, "methods"));
  config.rtols.clear();
  for (const auto& text : split_list(get_string(vm, "rtol"))) {
    po::variables_map one;
    one.insert({"rtol", po::variable_value(text, false)});
    config.rtols.push_back(get_double_in(one, "rtol", 1e-15, 0.5));
  }
  if (config.pcs.empty() || config.methods.empty() || config.rtols.empty())
    fail("--pc, --methods and --rtol each need at least one entry");
  read_recycling_options(vm, config.base); // base is GCRO-DR's: k < m always checked
  config.base.max_it = get_int_as<int>(vm, "max-it", 1);
  config.pc_reuse = get_int_as<int>(vm, "pc-reuse", 1);
  // Output paths are checked before the benchmark runs, not after.
  const std::string csv = get_string(vm, "csv"), json = get_string(vm, "json");
  if (!csv.empty() || !vm["csv"].defaulted()) check_output_file(csv, "--csv");
  if (!json.empty() || !vm["json"].defaulted()) check_output_file(json, "--json");
  if (!csv.empty() && csv == json) fail("--csv and --json name the same file '{}'", csv);

  const auto petsc_args = petsc_arguments(vm, args);
  PetscSession session(petsc_args);
  config.auto_policy = auto_policy_for(parsed, petsc_args);
  const auto problem = parsed.family->make(vm);
  // bench keeps every sample in memory, like the sort's raw features.
  check_memory(*problem, config.samples, problem->grid().points(), config.base, 1, PETSC_COMM_SELF);
  std::cout << fmt::format("bench: {} grid {} ({} unknowns), {} samples, sort {}, GMRES({}) / "
                           "GCRO-DR({},{})\n",
                           parsed.family->name, get_string(vm, "grid"), system_unknowns(*problem),
                           config.samples, config.sort_method, config.base.restart,
                           config.base.restart, config.base.recycle);
  const auto rows = run_bench(*problem, config, !vm["quiet"].as<bool>());
  print_bench_table(std::cout, rows);
  if (!csv.empty()) write_bench_csv(csv, rows);
  if (!json.empty()) write_bench_json(json, *problem, config, rows);
  return 0;
}

} // namespace skr::app
