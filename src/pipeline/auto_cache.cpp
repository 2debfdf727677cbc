#include "pipeline/auto_cache.hpp"

#include "io/json.hpp"
#include "skr/version.hpp"

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>

namespace skr {

namespace {

constexpr const char* kFormat = "skr-gen auto cache 2"; // 2: coefficients per size class

std::string version() { return fmt::format("{} ({})", kVersion, kGitCommit); }

// A number of the file (read as text: Boost's own double translator trips
// GCC 12's -Wmaybe-uninitialized under the sanitizers); bad text throws.
double number(const boost::property_tree::ptree& node, const char* key) {
  return std::stod(node.get<std::string>(key));
}

void warn(const std::string& message) {
  std::fprintf(stderr, "skr-gen: warning: %s\n", message.c_str());
}

// Writes the file aside and renames it into place; a failure is a warning.
void write_aside_and_rename(const std::string& path, const std::string& text) {
  std::error_code error;
  const std::filesystem::path target(path);
  const std::string aside = fmt::format("{}.{}.tmp", path, getpid());
  auto give_up = [&] {
    std::filesystem::remove(aside, error);
    warn(fmt::format("cannot write the auto cache '{}'; the choice is not remembered", path));
  };
  {
    std::ofstream out(aside);
    if (!out) { // the first save: make the directory
      std::filesystem::create_directories(target.parent_path(), error);
      out.open(aside);
    }
    out << text;
    out.close();
    if (!out) return give_up();
  }
  std::filesystem::rename(aside, target, error);
  if (error) give_up();
}

// The save under way, if any: one at a time, joined before the next one,
// before the cache is read again and at exit.
class PendingSave {
public:
  ~PendingSave() { wait(); }
  void start(std::string path, std::string text) {
    wait();
    thread_ = std::thread([path = std::move(path), text = std::move(text)] {
      write_aside_and_rename(path, text);
    });
  }
  void wait() {
    if (thread_.joinable()) thread_.join();
  }

private:
  std::thread thread_;
};

PendingSave& pending_save() {
  static PendingSave pending;
  return pending;
}

} // namespace

std::string machine_fingerprint() {
  // Read once per process: /proc/cpuinfo takes ~0.3 ms, and a cache is read
  // and written around every pilot (poisson's runs take ~17 ms).
  static const std::string fingerprint = [] {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    std::string cpu = "unknown processor";
    std::ifstream info("/proc/cpuinfo");
    for (std::string line; std::getline(info, line);)
      if (line.rfind("model name", 0) == 0) {
        cpu = line.substr(line.find(':') + 2);
        break;
      }
    return fmt::format("{} / {} / {} cores", host, cpu, std::thread::hardware_concurrency());
  }();
  return fingerprint;
}

std::string AutoCache::default_path() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  if (xdg && *xdg) return std::string(xdg) + "/skr-gen/auto.json";
  if (home && *home) return std::string(home) + "/.cache/skr-gen/auto.json";
  return "";
}

AutoCache::AutoCache(std::string path) : path_(std::move(path)) {
  pending_save().wait();
  if (path_.empty() || !std::filesystem::is_regular_file(path_)) return;
  namespace pt = boost::property_tree;
  try {
    pt::ptree root;
    pt::read_json(path_, root);
    // Another machine's or version's timings say nothing about this one.
    if (root.get("format", "") != kFormat || root.get("version", "") != version() ||
        root.get("machine", "") != machine_fingerprint())
      return;
    for (const auto& [_, c] : root.get_child("choices"))
      choices_[c.get<std::string>("key")] = {c.get<std::string>("method"),
                                             number(c, "seconds_per_system")};
    for (const auto& [_, c] : root.get_child("costs"))
      coefficients_[{c.get<std::string>("class"), c.get<std::string>("method")}] =
          number(c, "coefficient");
  } catch (const std::exception&) {
    warn(fmt::format("auto cache '{}' is unreadable; ignoring it (delete it to silence this)",
                     path_));
    choices_.clear();
    coefficients_.clear();
  }
}

std::optional<CachedChoice> AutoCache::find(const std::string& key) const {
  const auto it = choices_.find(key);
  if (it == choices_.end()) return std::nullopt;
  return it->second;
}

void AutoCache::remember(const std::string& key, const CachedChoice& choice) {
  choices_[key] = choice;
}

std::optional<double> AutoCache::coefficient(const std::string& cost_class,
                                             const std::string& method) const {
  const auto it = coefficients_.find({cost_class, method});
  if (it == coefficients_.end()) return std::nullopt;
  return it->second;
}

void AutoCache::set_coefficient(const std::string& cost_class, const std::string& method,
                                double value) {
  coefficients_[{cost_class, method}] = value;
}

std::string AutoCache::text() const {
  std::string text = fmt::format("{{\n  \"format\": {},\n  \"version\": {},\n  \"machine\": {},\n"
                                 "  \"choices\": [",
                                 json::quote(kFormat), json::quote(version()),
                                 json::quote(machine_fingerprint()));
  const char* sep = "\n";
  for (const auto& [key, c] : choices_) {
    text += fmt::format("{}    {{\"key\": {}, \"method\": {}, \"seconds_per_system\": {}}}", sep,
                        json::quote(key), json::quote(c.method), json::number(c.seconds));
    sep = ",\n";
  }
  text += "\n  ],\n  \"costs\": [";
  sep = "\n";
  for (const auto& [key, value] : coefficients_) {
    text += fmt::format("{}    {{\"class\": {}, \"method\": {}, \"coefficient\": {}}}", sep,
                        json::quote(key.first), json::quote(key.second), json::number(value));
    sep = ",\n";
  }
  return text + "\n  ]\n}\n";
}

void AutoCache::save() const {
  pending_save().wait(); // an earlier save must not land after this one
  if (!path_.empty()) write_aside_and_rename(path_, text());
}

void AutoCache::wait_for_save() { pending_save().wait(); }

void AutoCache::save_in_background() const {
  if (!path_.empty()) pending_save().start(path_, text());
}

} // namespace skr
