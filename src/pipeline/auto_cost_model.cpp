#include "pipeline/auto_cost_model.hpp"

#include <algorithm>
#include <cmath>

namespace skr {

namespace {

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }
bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }
bool multigrid(const std::string& m) {
  return contains(m, "hypre") || contains(m, "gamg") || contains(m, "+ mg");
}
bool krylov_step(const std::string& m) { return !starts_with(m, "direct") && !multigrid(m); }

CostLaw flat_or_cube(double coefficient, int dims) {
  return dims == 2 ? CostLaw{coefficient, 1.2} : CostLaw{coefficient * 1.6, 1.15};
}

} // namespace

CostLaw default_cost_law(const std::string& m, int dims) {
  const bool flat = dims == 2;
  // Factorizations: darcy 64² 0.0015-0.0022 s, 421² 0.294 s (PETSc's own,
  // nested dissection); darcy3d 32³ 0.63 s (MUMPS). LU ~1.4x Cholesky.
  if (starts_with(m, "direct")) {
    const double lu = contains(m, "(lu)") ? 1.4 : 1.0;
    return flat ? CostLaw{lu * 4.4e-8, 1.3} : CostLaw{lu * 6e-10, 2.0};
  }
  // Multigrid: CG + BoomerAMG 1.1e-6 s per unknown at 421², 1.2e-5 at 48³
  // (hypre's 3-D defaults coarsen slowly); GAMG 3.9e-6 at 48³.
  if (multigrid(m)) {
    const double recycled = starts_with(m, "rcg") ? 1.6 : 1.0;
    if (contains(m, "gamg")) return {recycled * (flat ? 1.5e-6 : 3.9e-6), 1.0};
    // Geometric multigrid (piecewise-constant transfers): 2.2x BoomerAMG's
    // time at 256², 0.54x GAMG's at 48³ (docs/PERFORMANCE.md).
    if (contains(m, "+ mg")) return {recycled * (flat ? 2.5e-6 : 2.0e-6), 1.0};
    return {recycled * (flat ? 1.15e-6 : 1.2e-5), 1.0};
  }
  // Incomplete factorizations with a Krylov method: CG + ICC 0.025 s at 32³,
  // 0.13 s at 48³; GCRO-DR + ILU ~3.6x direct at 64² (0.008 s).
  double c = 3.0e-8; // GCRO-DR + ILU in 2-D
  if (starts_with(m, "cg")) c = 1.5e-8;
  if (starts_with(m, "rcg")) c = 2.0e-8;
  if (starts_with(m, "gmres")) c = 4.0e-8;
  if (starts_with(m, "bicgstab")) c = 3.5e-8;
  return flat ? CostLaw{c, 1.5} : CostLaw{c * 1.6, 4.0 / 3.0};
}

double step_iterations(const TimeSteps& steps) {
  const double sigma = std::max(steps.stiffness, 0.0);
  return steps.symmetric ? 2 + 1.03 * std::pow(sigma, 0.57) : 2 + 0.78 * std::pow(sigma, 0.85);
}

CostLaw step_cost_law(const std::string& m, int dims) {
  if (starts_with(m, "direct")) return default_cost_law(m, dims);
  // A hierarchy is rebuilt with the operator; the warm start saves a few cycles.
  if (multigrid(m)) {
    CostLaw law = default_cost_law(m, dims);
    law.coefficient *= contains(m, "reusepc") ? 0.4 : 0.7; // reused: a set-up every 10 steps
    return law;
  }
  // Per iteration, the incomplete factorization's set-up spread over them:
  // GMRES + ILU 0.0024 s at 7.4 iterations (advdiff-t 128², dt 0.01), CG +
  // ICC 0.0045 s at 21.8 (heat, factors kept), BiCGStab + ILU 0.0026 s at
  // GMRES's 7.4 (its own iterations cost two products each). n^1.2: the
  // iterations at one stiffness still grow slowly with n.
  double c = 2.85e-9;                        // GMRES + ILU
  if (starts_with(m, "bicgstab")) c = 3.1e-9;
  if (starts_with(m, "gcrodr")) c = 3.7e-9; // projections on the recycled space
  if (starts_with(m, "cg")) c = 2.0e-9;
  if (starts_with(m, "rcg")) c = 2.4e-9;
  if (contains(m, "reusepc")) c *= 0.8; // no incomplete factorization most steps
  return flat_or_cube(c, dims);
}

double fixed_operator_share(const std::string& m) {
  if (starts_with(m, "direct")) return 0.1; // two triangular solves
  if (multigrid(m)) return 0.5;            // the hierarchy is kept
  return 0.9;                               // the incomplete factors are kept
}

double predict_seconds(const std::string& method, int dims, std::size_t unknowns,
                       bool operator_fixed, std::optional<double> measured,
                       std::optional<TimeSteps> steps) {
  const CostLaw law = steps ? step_cost_law(method, dims) : default_cost_law(method, dims);
  const double c = measured.value_or(law.coefficient);
  const double iterations = steps && krylov_step(method) ? step_iterations(*steps) : 1.0;
  return c * std::pow(double(unknowns), law.exponent) * iterations *
         (operator_fixed ? fixed_operator_share(method) : 1.0);
}

double measured_coefficient(const std::string& method, int dims, std::size_t unknowns,
                            bool operator_fixed, double seconds,
                            std::optional<TimeSteps> steps) {
  return seconds / predict_seconds(method, dims, unknowns, operator_fixed, 1.0, steps);
}

} // namespace skr
