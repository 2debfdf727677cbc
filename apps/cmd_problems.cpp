// skr-gen problems: list the PDE families, one line each; with --help NAME
// style usage (skr-gen problems darcy) print that family's options.
#include "command.hpp"
#include "problems/registry.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace skr::app {

constexpr const char* kHelp = R"help(usage: skr-gen problems [NAME]

Lists the PDE families (one line each); with NAME, prints that family's options.

examples:
  skr-gen problems
  skr-gen problems darcy
  skr-gen problems --presets

)help";

int run_problems(const Arguments& args) {
  po::options_description desc = command_options("problems options", false);
  desc.add_options()("name", po::value<std::string>(), "show one family's options");
  add_switch(desc, "presets", "list the presets (generate --preset NAME)");
  const auto vm = parse_with_positional(args.ours, desc, "name");
  if (print_help_if_asked(vm, kHelp, desc)) return 0;
  if (vm["presets"].as<bool>()) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(preset_directory()))
      if (entry.path().extension() == ".ini" && entry.is_regular_file())
        files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      std::ifstream in(file);
      std::string first;
      std::getline(in, first);
      if (first.rfind("# ", 0) == 0) first = first.substr(2);
      std::printf("%-16s %s\n", file.stem().c_str(), first.c_str());
    }
    return 0;
  }
  if (vm.count("name")) {
    const auto& family = find_problem_family(vm["name"].as<std::string>());
    std::cout << family.name << ": " << family.summary << "\n\n"
              << "trainer input channels (pdebench, fno, neuralop, well; name order): "
              << family.trainer_inputs << "\n\n"
              << family.options() << "\n";
    return 0;
  }
  for (const auto& family : problem_families())
    std::printf("%-10s grid %-4s %s\n", family.name.c_str(), family.default_grid.c_str(),
                family.summary.c_str());
  return 0;
}

} // namespace skr::app
