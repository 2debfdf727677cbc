#pragma once
// Typed access to string-valued options with one-line errors that name the
// option. Every option is declared as a string (with its default) so that the
// resolved configuration can be printed back exactly and so that a bad value
// gives our message, not Boost's.
#include <boost/program_options.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace skr {

namespace po = boost::program_options;

// Declares --name with a string default and a help text.
void add_option(po::options_description& desc, const char* name, const std::string& default_value,
                const char* help);

std::string get_string(const po::variables_map& vm, const std::string& name);
double get_double(const po::variables_map& vm, const std::string& name);
std::uint64_t get_uint64(const po::variables_map& vm, const std::string& name);
// true/1/yes/on or false/0/no/off; nullopt for anything else.
std::optional<bool> to_bool(const std::string& text);
bool get_bool(const po::variables_map& vm, const std::string& name);

// Range checks with the option's name in the message.
double get_double_in(const po::variables_map& vm, const std::string& name, double lo, double hi);
// --name as an integer in [lo, hi], checked before any narrowing: anything
// else is one line naming the option and its limits. The one way to read an
// integer option.
long long get_int_in(const po::variables_map& vm, const std::string& name, long long lo,
                     long long hi);
// The same narrowed to T, whose range caps hi (a 64-bit value read into an
// int would otherwise wrap: --max-it 4294967297 would run with 1).
template <class T>
T get_int_as(const po::variables_map& vm, const std::string& name, long long lo,
             long long hi = std::numeric_limits<long long>::max()) {
  constexpr auto t_max = std::numeric_limits<T>::max();
  constexpr long long cap =
      static_cast<unsigned long long>(t_max) >
              static_cast<unsigned long long>(std::numeric_limits<long long>::max())
          ? std::numeric_limits<long long>::max()
          : static_cast<long long>(t_max);
  return static_cast<T>(get_int_in(vm, name, lo, std::min(hi, cap)));
}

// --samples N, 1 <= N <= 1e8 (beyond, even the seeds outgrow a node).
inline constexpr long long kMaxSamples = 100'000'000;
std::size_t get_sample_count(const po::variables_map& vm);

// --precision float | double: true for double.
bool get_double_precision(const po::variables_map& vm);
// The same for a stored value: "float" -> false, "double" -> true, else none.
std::optional<bool> parse_double_precision(const std::string& text);

// "64" -> {64, 64} (dims = 2) or {64, 64, 64} (dims = 3); "64x32" -> {64, 32}.
std::vector<int> parse_grid(const std::string& text, int dims, int min_cells);

// "key = value" lines of every option in vm but `excluded`, sorted by key:
// the resolved config.
std::string resolved_config(const po::variables_map& vm,
                            const std::vector<std::string>& excluded = {});

} // namespace skr
