#include "problems/registry.hpp"

namespace skr {

// One line per PDE family: X(name) refers to `ProblemFamily name_family()`
// defined in problems/<name>.cpp.
#define SKR_PROBLEM_FAMILIES(X) X(darcy) X(darcy3d) X(helmholtz) X(poisson) X(advdiff) X(thermal) X(heat) \
  X(advdiff_t) X(darcy_t) X(diffreact) X(ns2d) X(burgers2d)

#define SKR_DECLARE_FAMILY(name) ProblemFamily name##_family();
SKR_PROBLEM_FAMILIES(SKR_DECLARE_FAMILY)
#undef SKR_DECLARE_FAMILY

void register_problem_families() {
  if (!problem_families().empty()) return;
#define SKR_ADD_FAMILY(name) add_problem_family(name##_family());
  SKR_PROBLEM_FAMILIES(SKR_ADD_FAMILY)
#undef SKR_ADD_FAMILY
}

} // namespace skr
