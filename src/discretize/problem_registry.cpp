#include "discretize/problem_registry.hpp"

#include "util/error.hpp"

namespace skr {

namespace {

std::vector<ProblemFamily>& families() {
  static std::vector<ProblemFamily> list;
  return list;
}

} // namespace

void add_problem_family(ProblemFamily family) {
  for (const auto& known : families())
    if (known.name == family.name) fail("problem family '{}' registered twice", family.name);
  families().push_back(std::move(family));
}

const std::vector<ProblemFamily>& problem_families() {
  return families();
}

const ProblemFamily& find_problem_family(const std::string& name) {
  std::string known;
  for (const auto& family : families()) {
    if (family.name == name) return family;
    known += (known.empty() ? "" : ", ") + family.name;
  }
  fail("unknown problem '{}' (known: {})", name, known);
}

} // namespace skr
