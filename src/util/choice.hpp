#pragma once
// An option whose value is one of a few words, each standing for one value
// of T: the word's value, or a one-line error listing the words.
#include "util/error.hpp"
#include "util/options.hpp"

#include <string>
#include <utility>
#include <vector>

namespace skr {

template <class T>
T get_choice(const po::variables_map& vm, const char* name,
             const std::vector<std::pair<std::string, T>>& choices) {
  const std::string value = get_string(vm, name);
  std::string words;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (value == choices[i].first) return choices[i].second;
    words += i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ";
    words += choices[i].first;
  }
  fail("--{}: '{}' is not {}", name, value, words);
}

} // namespace skr
