#include "command.hpp"

#include "util/error.hpp"
#include "util/files.hpp"
#include "util/mpi.hpp"
#include "util/threads.hpp"

#include <petscsys.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace skr::app {

std::vector<OutputLock> lock_outputs(const std::vector<std::string>& outputs) {
  std::vector<OutputLock> locks;
  const auto take = [&] {
    for (const auto& path : outputs)
      if (!path.empty()) locks.emplace_back(path);
  };
  int mpi = 0;
  MPI_Initialized(&mpi);
  if (mpi)
    on_root(MPI_COMM_WORLD, take);
  else
    take();
  return locks;
}

const std::vector<Command>& commands() {
  static const std::vector<Command> table{
      {"generate", "draw, sort, solve and store a dataset of one PDE family", generate_command},
      {"problems", "list the PDE families and their options", run_problems},
      {"sort", "order a dataset's samples by similarity; path length against a random order",
       run_sort},
      {"bench", "compare SKR against GMRES and non-recycling solvers on one sorted sequence",
       run_bench},
      {"inspect", "summarise a dataset: shapes, dtypes, compression, solver statistics",
       run_inspect},
      {"validate", "re-check stored solutions against their rebuilt systems", run_validate},
      {"convert", "export a dataset to pdebench / fno / neuralop / well, re-chunk, split",
       run_convert},
      {"merge", "concatenate dataset shards of one configuration", run_merge},
      {"solve",
       "sort and solve your own sequence of systems (mtx, PETSc binary, HDF5) with recycling",
       run_solve},
      {"export-systems", "write a family's systems as mtx / PETSc binary / HDF5 files for solve",
       run_export_systems},
      {"preview", "render the first samples' input and output fields as a PNG", run_preview},
      {"estimate", "predict the wall time and disk size of a generate run from a short pilot",
       run_estimate},
  };
  return table;
}

namespace {

// "-3", "-.5", "-inf", "-nan": a negative value, not an option.
bool looks_like_number(const std::string& s) {
  if (s.size() < 2 || s[0] != '-') return false;
  std::string rest = s.substr(1);
  for (char& c : rest) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::isdigit(static_cast<unsigned char>(rest[0])) || rest[0] == '.' || rest == "inf" ||
         rest == "infinity" || rest == "nan";
}

// Boost quotes the offending line; a binary file given as --config would
// put raw bytes on the terminal.
std::string printable(const std::string& text) {
  constexpr std::size_t kMaxLength = 160;
  std::string out;
  for (char c : text) {
    if (out.size() == kMaxLength) return out + "...";
    out += std::isprint(static_cast<unsigned char>(c)) ? c : '?';
  }
  return out;
}

} // namespace

Arguments split_arguments(const std::vector<std::string>& args) {
  Arguments out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool petsc = a.size() > 2 && a[0] == '-' && a[1] != '-' && !looks_like_number(a);
    // `--petsc "-pc_type jacobi"`: the word after --petsc is its value.
    const bool petsc_value = i > 0 && args[i - 1] == "--petsc";
    if (!petsc || petsc_value) {
      out.ours.push_back(a);
      continue;
    }
    out.petsc.push_back(a);
    // Its value, if the next word is not itself an option.
    if (i + 1 < args.size() &&
        (args[i + 1].empty() || args[i + 1][0] != '-' || looks_like_number(args[i + 1])))
      out.petsc.push_back(args[++i]);
  }
  return out;
}

ProblemArguments parse_with_problem(const std::vector<std::string>& args,
                                    const po::options_description& common) {
  ProblemArguments out;
  const auto first = parse(args, common, /*allow_unregistered=*/true);
  out.family = &find_problem_family(get_string(first, "problem"));
  out.all.add(common).add(out.family->options());
  out.help = first.count("help") > 0;
  out.vm = out.help ? first : parse(args, out.all);
  // An empty --grid means the family's own default size.
  if (auto grid = out.vm.find("grid"); grid != out.vm.end() && get_string(out.vm, "grid").empty())
    grid->second.value() = out.family->default_grid;
  return out;
}

AutoPolicy auto_policy_for(const ProblemArguments& parsed,
                           const std::vector<std::string>& petsc_args) {
  po::variables_map shaping;
  const po::options_description family_options = parsed.family->options();
  for (const auto& option : family_options.options())
    if (const auto it = parsed.vm.find(option->long_name()); it != parsed.vm.end())
      shaping.insert(*it);
  shaping.insert({"grid", parsed.vm["grid"]});
  std::string options = resolved_config(shaping, {});
  std::replace(options.begin(), options.end(), '\n', ';');
  for (const auto& word : petsc_args) options += " " + word;
  int ranks = 1;
  MPI_Comm_size(PETSC_COMM_WORLD, &ranks);
  return auto_policy(parsed.vm, auto_cache_key(parsed.family->name, options, ranks));
}

std::vector<std::string> petsc_arguments(const po::variables_map& vm, const Arguments& args) {
  std::vector<std::string> words = split_words(get_string(vm, "petsc"));
  if (!words.empty() && (words[0].size() < 2 || words[0][0] != '-'))
    fail("--petsc: '{}' is not a PETSc option (e.g. --petsc \"-pc_type jacobi\")", words[0]);
  words.insert(words.end(), args.petsc.begin(), args.petsc.end());
  // Unused options are always reported (one warning line); PETSc's own
  // -options_left report would only repeat it, or fail on a bad value.
  for (auto w = words.begin(); w != words.end();)
    if (*w == "-options_left")
      w = words.erase(w, w + 1 < words.end() && (*(w + 1))[0] != '-' ? w + 2 : w + 1);
    else
      ++w;
  return words;
}

std::string preset_directory() {
  const char* dir = std::getenv("SKR_PRESET_DIR");
  if (dir && *dir) {
    if (!std::filesystem::is_directory(dir))
      fail("preset directory '{}' does not exist (SKR_PRESET_DIR)", dir);
    return dir;
  }
  // Relative to the executable, never to the source tree: P/bin/skr-gen finds
  // P/share/skr-gen/presets; the build tree has build/skr-gen next to the copy
  // build/share/skr-gen/presets.
  std::error_code error;
  const auto bin = std::filesystem::read_symlink("/proc/self/exe", error).parent_path();
  const std::filesystem::path candidates[] = {bin / "../share/skr-gen/presets",
                                              bin / "share/skr-gen/presets"};
  for (const auto& path : candidates)
    if (std::filesystem::is_directory(path)) return path.lexically_normal().string();
  fail("no preset directory {} (set SKR_PRESET_DIR)", candidates[0].lexically_normal().string());
}

std::string preset_path(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos)
    fail("--preset: '{}' is not a preset name (skr-gen problems --presets lists them)", name);
  const std::string path = preset_directory() + "/" + name + ".ini";
  if (!std::filesystem::exists(path))
    fail("--preset: no preset '{}' (skr-gen problems --presets lists them)", name);
  check_input_file(path, "preset");
  return path;
}

void add_threads_option(po::options_description& desc) {
  add_option(desc, "threads", "0",
             "OpenMP threads per rank for drawing, features and sorting (0: OMP_NUM_THREADS, "
             "else the node's cores shared among its ranks)");
}

int apply_threads_option(const po::variables_map& vm) {
  constexpr long long kMaxThreads = 1024; // beyond this, thread creation itself fails
  return set_thread_count(get_int_as<int>(vm, "threads", 0, kMaxThreads), PETSC_COMM_WORLD);
}

std::vector<std::string> split_words(const std::string& s) {
  std::istringstream stream(s);
  std::vector<std::string> words;
  for (std::string w; stream >> w;) words.push_back(w);
  return words;
}

po::variables_map parse(const std::vector<std::string>& args, const po::options_description& desc,
                        bool allow_unregistered,
                        const po::positional_options_description* positional) {
  po::variables_map vm;
  try {
    auto parser = po::command_line_parser(args).options(desc);
    if (positional) parser.positional(*positional);
    if (allow_unregistered) parser.allow_unregistered();
    const po::parsed_options parsed = parser.run();
    // Without positional arguments, a bare word is a mistake (a missing --out?).
    if (!positional && !allow_unregistered)
      for (const auto& option : parsed.options)
        if (option.position_key >= 0 && !option.value.empty())
          fail("unexpected argument '{}' (options start with --)", option.value.front());
    po::store(parsed, vm);
    if (vm.count("config") && !vm["config"].empty()) {
      const std::string path = vm["config"].as<std::string>();
      check_input_file(path, "--config");
      std::ifstream file(path);
      if (!file) fail("--config: cannot read '{}'", path);
      try {
        po::store(po::parse_config_file(file, desc, allow_unregistered), vm);
      } catch (const po::error& e) {
        fail("config file '{}': {}", path, printable(e.what()));
      }
    }
    // A preset is an INI file shipped in problems/presets/; flags and --config win over it.
    if (vm.count("preset") && !vm["preset"].defaulted()) {
      const std::string path = preset_path(vm["preset"].as<std::string>());
      std::ifstream file(path);
      try {
        po::store(po::parse_config_file(file, desc, allow_unregistered), vm);
      } catch (const po::error& e) {
        fail("preset '{}': {} (a preset for another --problem?)", path, e.what());
      }
    }
    po::notify(vm);
  } catch (const po::error& e) {
    fail("{}", e.what());
  }
  return vm;
}

} // namespace skr::app
