#include "problems/registry.hpp"

#include "util/error.hpp"

namespace skr {

// One line per PDE family: X(name) refers to `ProblemFamily name_family()`
// defined in problems/<name>.cpp.
#define SKR_PROBLEM_FAMILIES(X) X(darcy) X(darcy3d) X(helmholtz) X(poisson) X(advdiff) X(thermal)

#define SKR_DECLARE_FAMILY(name) ProblemFamily name##_family();
SKR_PROBLEM_FAMILIES(SKR_DECLARE_FAMILY)
#undef SKR_DECLARE_FAMILY

const std::vector<ProblemFamily>& problem_families() {
#define SKR_LIST_FAMILY(name) name##_family(),
  static const std::vector<ProblemFamily> families{SKR_PROBLEM_FAMILIES(SKR_LIST_FAMILY)};
#undef SKR_LIST_FAMILY
  return families;
}

const ProblemFamily& find_problem_family(const std::string& name) {
  std::string known;
  for (const auto& family : problem_families()) {
    if (family.name == name) return family;
    known += (known.empty() ? "" : ", ") + family.name;
  }
  fail("unknown problem '{}' (known: {})", name, known);
}

} // namespace skr
