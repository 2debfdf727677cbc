// skr-gen export-systems: write the systems of a PDE family's samples as
// Matrix Market, PETSc binary or HDF5 files that `skr-gen solve` reads (the
// same seeds as `generate --seed S --samples N`).
#include "command.hpp"
#include "pipeline/generate.hpp"
#include "systems/export.hpp"
#include "util/error.hpp"
#include "util/files.hpp"
#include "util/petsc_session.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace skr::app {

namespace {

namespace fs = std::filesystem;

// Whether `name` is a file an export writes: A_<i>.mtx, b_<i>.mtx,
// system_<i>.petsc, systems.petsc or systems.h5 (any format).
bool is_export_name(const std::string& name) {
  auto indexed = [&name](const std::string& prefix, const std::string& suffix) {
    if (name.size() <= prefix.size() + suffix.size() || name.rfind(prefix, 0) != 0 ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
      return false;
    const std::string digits =
        name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    return std::all_of(digits.begin(), digits.end(),
                       [](unsigned char c) { return std::isdigit(c) != 0; });
  };
  return indexed("A_", ".mtx") || indexed("b_", ".mtx") || indexed("system_", ".petsc") ||
         name == "systems.petsc" || name == "systems.h5";
}

// Whether `name` looks like a system file (A_*, b_*, system_*, systems.*).
bool is_system_name(const std::string& name) {
  return name.rfind("A_", 0) == 0 || name.rfind("b_", 0) == 0 || name.rfind("system_", 0) == 0 ||
         name.rfind("systems.", 0) == 0;
}

// The files of DIR that the export replaces must be regular files (or not
// exist): writing into a fifo would block, into a device would damage it.
// A DIR that already holds system files is refused unless --overwrite: a
// smaller new set would leave the old set's A_5.mtx ... behind, and `solve`
// would read them as part of it. With --overwrite the files of the old set
// (only names an export writes) are removed first.
void prepare_targets(const std::string& dir, const std::string& format, std::size_t count,
                     bool overwrite) {
  check_name_length(dir, "--out");
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
  std::vector<fs::path> old, stale;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (is_system_name(name)) old.push_back(entry.path());
    if (is_export_name(name)) stale.push_back(entry.path());
  }
  if (ec) fail("--out: cannot list directory '{}': {}", dir, ec.message());
  if (old.empty()) return;
  std::sort(old.begin(), old.end());
  if (!overwrite)
    fail("--out: directory '{}' already holds system files ({}{}): pass --overwrite to replace "
         "them, or choose another directory",
         dir, old.front().filename().string(), old.size() > 1 ? ", ..." : "");
  for (const auto& path : stale) {
    if (!fs::is_regular_file(fs::symlink_status(path, ec)) && !fs::is_symlink(path, ec))
      fail("--out: '{}' is not a regular file: refusing to remove it", path.string());
    if (!fs::remove(path, ec) || ec)
      fail("--out: cannot remove the old '{}': {}", path.string(),
           ec ? ec.message() : "file vanished");
  }
}

} // namespace

constexpr const char* kHelp =
    R"help(usage: skr-gen export-systems --problem P --samples N --grid G --format F --out DIR

Writes the assembled systems (A_i, b_i) of samples 0..N-1 of a family, with the seeds
`generate --seed S` uses, for `skr-gen solve --systems ...`.

examples:
  skr-gen export-systems --problem darcy --samples 100 --grid 64 --format mtx --out sys
  skr-gen solve --systems 'sys/A_*.mtx' --out solved.h5

)help";

int run_export_systems(const Arguments& args) {
  po::options_description common = command_options("export-systems options", true);
  add_sample_options(common, {"10", "number of systems N", "base seed, as in generate", false});
  add_option(common, "format", "mtx",
             "mtx | petsc | petsc-seq (one file) | h5 (shared pattern) | h5-groups");
  add_option(common, "out", "systems", "output directory");
  add_switch(common, "overwrite", "replace the system files of an earlier export in --out");
  const auto parsed = parse_with_problem(args.ours, common);
  if (print_help_if_asked(parsed, kHelp)) return 0;
  const auto& vm = parsed.vm;
  const std::size_t samples = get_sample_count(vm);
  PetscSession session(args.petsc);
  const auto problem = parsed.family->make(vm);
  const auto seeds = sample_seeds(get_uint64(vm, "seed"), samples);
  const std::string format = get_string(vm, "format");
  systems::check_export_format(format);
  // One writer per directory: DIR.lock next to it.
  std::string dir = get_string(vm, "out");
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  const auto locks = lock_outputs({dir});
  prepare_targets(get_string(vm, "out"), format, seeds.size(), vm["overwrite"].as<bool>());
  const std::string source =
      systems::export_systems(*problem, seeds, get_string(vm, "out"), get_string(vm, "format"));
  std::printf("wrote %zu systems of %s: skr-gen solve --systems '%s'\n", seeds.size(),
              parsed.family->name.c_str(), source.c_str());
  return 0;
}

} // namespace skr::app
