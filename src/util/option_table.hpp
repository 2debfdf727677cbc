#pragma once
// A family's options as one table. Each row declares options (name, default,
// help) and reads them, checked, into one member of the family's parameters:
// an option is named, checked and stored in one place, and adding one is a
// row.
//
//   const OptionTable<AdvDiffParameters> table{"advdiff options", {
//       into(&AdvDiffParameters::grid, BoxGrid{2, 3}),   // reads --grid
//       into(&AdvDiffParameters::eps, Positive{"eps", "0.01", "diffusion coefficient"}),
//       into(&AdvDiffParameters::source, Number{"source", "1", "constant right-hand side f"}),
//   }};
//   table.options();  // the options for --help and parsing, in row order
//   table.read(vm);   // the parameters: the rows read in order
//
// A row's group of options is any value with declare(desc) and read(vm);
// those every family may use are below, the rest sit with what they read
// (GRFs in sampling/grf_options.hpp, --grid in discretize/, time steps in
// discretize/time_settings.hpp).
#include "util/choice.hpp"
#include "util/error.hpp"
#include "util/options.hpp"

#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace skr {

template <class P> struct OptionRow {
  std::function<void(po::options_description&)> declare; // empty: declares nothing
  std::function<void(const po::variables_map&, P&)> read;
};

template <class P> class OptionTable {
public:
  OptionTable(std::string title, std::vector<OptionRow<P>> rows)
      : title_(std::move(title)), rows_(std::move(rows)) {}

  po::options_description options() const {
    po::options_description desc(title_);
    for (const OptionRow<P>& row : rows_)
      if (row.declare) row.declare(desc);
    return desc;
  }

  P read(const po::variables_map& vm) const {
    P p;
    for (const OptionRow<P>& row : rows_) row.read(vm, p);
    return p;
  }

private:
  std::string title_;
  std::vector<OptionRow<P>> rows_;
};

// The row that declares `group`'s options and stores what it reads in `member`.
template <class P, class M, class Group> OptionRow<P> into(M P::*member, Group group) {
  return {[group](po::options_description& desc) { group.declare(desc); },
          [member, group](const po::variables_map& vm, P& p) { p.*member = group.read(vm); }};
}

// A check across the rows read before it, or a value derived from them.
template <class P> OptionRow<P> then(std::function<void(P&)> step) {
  return {{}, [step = std::move(step)](const po::variables_map&, P& p) { step(p); }};
}

// --name, a real number in [lo, hi].
struct Number {
  const char* name;
  std::string default_value;
  const char* help;
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  void declare(po::options_description& desc) const { add_option(desc, name, default_value, help); }
  double read(const po::variables_map& vm) const { return get_double_in(vm, name, lo, hi); }
};

// --name, a real number > 0.
struct Positive {
  const char* name;
  std::string default_value;
  const char* help;
  void declare(po::options_description& desc) const { add_option(desc, name, default_value, help); }
  double read(const po::variables_map& vm) const {
    const double value = get_double(vm, name);
    if (!(value > 0)) fail("--{}: {} must be positive", name, value);
    return value;
  }
};

// --name, an integer in [lo, hi] read as T.
template <class T> struct Integer {
  const char* name;
  std::string default_value;
  const char* help;
  long long lo, hi;
  void declare(po::options_description& desc) const { add_option(desc, name, default_value, help); }
  T read(const po::variables_map& vm) const { return get_int_as<T>(vm, name, lo, hi); }
};

// --name, one of a few words, each standing for a value of T.
template <class T> struct Choice {
  const char* name;
  std::string default_value;
  const char* help;
  std::vector<std::pair<std::string, T>> words;
  void declare(po::options_description& desc) const { add_option(desc, name, default_value, help); }
  T read(const po::variables_map& vm) const { return get_choice<T>(vm, name, words); }
};

} // namespace skr
