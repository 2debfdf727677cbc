#pragma once
// The memory of --solver auto: a small JSON file the user can read and
// delete, $XDG_CACHE_HOME/skr-gen/auto.json (else ~/.cache/skr-gen/auto.json).
// It holds, per run key (family, grid, the options that shape the operator,
// the solver's tolerances and PETSc options, the ranks), the pilot's winner
// and its time per system; and, per cost class (a family at a size:
// cost_class in auto_solver.hpp) and candidate, the cost coefficient the
// pilots measured (auto_cost_model.hpp). A file written on
// another machine or by another version of skr-gen is ignored (and replaced
// on the next save). A damaged or unwritable cache is never an error: the
// run explores as if there were none, with one warning line.
#include <map>
#include <optional>
#include <string>
#include <utility>

namespace skr {

struct CachedChoice {
  std::string method;        // an auto candidate's name
  double seconds = 0;        // its mean time per system in the pilot that chose it
};

class AutoCache {
public:
  // Where the cache lives ("" when neither XDG_CACHE_HOME nor HOME is set).
  static std::string default_path();

  // Loads `path`; a missing file is an empty cache.
  explicit AutoCache(std::string path);

  std::optional<CachedChoice> find(const std::string& key) const;
  void remember(const std::string& key, const CachedChoice& choice);

  std::optional<double> coefficient(const std::string& cost_class, const std::string& method) const;
  void set_coefficient(const std::string& cost_class, const std::string& method, double value);

  // Writes the file aside and renames it into place (concurrent shards of a
  // job array each leave a whole file); a failure is one warning line.
  void save() const;
  // save(), with the file written on a background thread: the pilot's
  // winner goes on solving meanwhile (poisson's whole run takes ~17 ms, the
  // write ~0.5 ms). A later AutoCache or save() of this process, and the
  // process's exit, wait for it.
  void save_in_background() const;
  // Waits for this process's background save, if one is under way: before
  // the file is read or removed other than through AutoCache.
  static void wait_for_save();

  const std::string& path() const { return path_; }

private:
  std::string text() const; // the file's JSON

  std::string path_;
  std::map<std::string, CachedChoice> choices_;
  std::map<std::pair<std::string, std::string>, double> coefficients_;
};

// Identifies this machine for the cache: host name, processor model, cores.
std::string machine_fingerprint();

} // namespace skr
