// skr-gen problems: list the PDE families, one line each; with --help NAME
// style usage (skr-gen problems darcy) print that family's options.
#include "command.hpp"
#include "problems/registry.hpp"

#include <cstdio>
#include <iostream>

namespace skr::app {

int run_problems(const Arguments& args) {
  po::options_description desc("problems options");
  desc.add_options()("help,h", "show this help")("name", po::value<std::string>(), "show one family's options");
  po::positional_options_description positional;
  positional.add("name", 1);
  const auto vm = parse(args.ours, desc, false, &positional);
  if (vm.count("help")) {
    std::cout << "usage: skr-gen problems [NAME]\n\n"
                 "Lists the PDE families (one line each); with NAME, prints that family's options.\n\n"
                 "examples:\n  skr-gen problems\n  skr-gen problems darcy\n\n"
              << desc << "\n";
    return 0;
  }
  if (vm.count("name")) {
    const auto& family = find_problem_family(vm["name"].as<std::string>());
    std::cout << family.name << ": " << family.summary << "\n\n" << family.options() << "\n";
    return 0;
  }
  for (const auto& family : problem_families())
    std::printf("%-10s grid %-4s %s\n", family.name.c_str(), family.default_grid.c_str(), family.summary.c_str());
  return 0;
}

} // namespace skr::app
