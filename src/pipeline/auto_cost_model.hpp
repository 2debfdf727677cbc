#pragma once
// What each --solver auto candidate should cost per system, before any solve:
// a power law c * n^p in the unknowns n, per method and grid dimension. The
// exponents follow from the methods (nested-dissection factorization n^1.3 in
// 2-D and n^2 in 3-D; multigrid n; ILU / ICC Krylov n^1.5 in 2-D and n^4/3 in
// 3-D, iterations growing like 1/h); the default coefficients were measured
// on Darcy on the development machine (docs/PERFORMANCE.md, auto section), and
// every pilot replaces them by what it measured for its family on this
// machine (kept in the auto cache). A family whose operator does not change
// between samples keeps its factorization or hierarchy: only the solves count.
#include <cstddef>
#include <optional>
#include <string>

namespace skr {

struct CostLaw {
  double coefficient = 0; // seconds per system = coefficient * n^exponent
  double exponent = 1;
};

// The default law of candidate `method` (auto_candidates' names) on a grid of `dims`.
CostLaw default_cost_law(const std::string& method, int dims);
// The time steps of a trajectory, as the cost model sees them. A step's
// matrix I + c dt L (c = 1, 1/2, 2/3 for be, cn, bdf2) is the identity plus
// sigma = c dt max_i L_ii times an operator of unit diagonal: with the guess
// extrapolated from the last two steps, a Krylov method needs ~2 iterations
// per step when sigma << 1 and more as it grows, faster when L is not
// symmetric (convection). Not known: kReferenceStiffness.
inline constexpr double kReferenceStiffness = 10;
struct TimeSteps {
  double stiffness = kReferenceStiffness;
  bool symmetric = false;
};
// Krylov iterations per step, fitted at 128² with ILU / ICC over dt
// 0.001-0.1 (docs/PERFORMANCE.md, "stiffness"): heat (sigma 18-1800: 6.9,
// 21.8, 71.5), diffreact (0.08-0.8: 2.0, 3.0), advdiff-t (1-98: 2.4, 7.4, 41.7).
double step_iterations(const TimeSteps& steps);

// The law of one time step: a factorization or a multigrid cycle costs what
// it costs for a steady system (per step); a Krylov method with an incomplete
// factorization costs c n^p per iteration (step_iterations).
CostLaw step_cost_law(const std::string& method, int dims);

// Share of a system's cost left when its operator is the previous one's
// (the factorization, hierarchy or incomplete factors are kept).
double fixed_operator_share(const std::string& method);
// A later system's cost as a share of the first's (set-up included): the
// above when the operator is fixed, 1 when every system builds its own.
inline double first_system_share(const std::string& method, bool operator_fixed) {
  return operator_fixed ? fixed_operator_share(method) : 1.0;
}

// Predicted seconds per system; `measured` is a coefficient an earlier pilot
// measured for this family and method (see measured_coefficient). With
// `steps` the systems are the time steps of trajectories (step_cost_law).
double predict_seconds(const std::string& method, int dims, std::size_t unknowns,
                       bool operator_fixed, std::optional<double> measured = std::nullopt,
                       std::optional<TimeSteps> steps = std::nullopt);

// The coefficient that makes predict_seconds return `seconds` for this case:
// what a pilot's measurement teaches the model (per iteration for a Krylov
// method's steps, so that it carries over to another dt).
double measured_coefficient(const std::string& method, int dims, std::size_t unknowns,
                            bool operator_fixed, double seconds,
                            std::optional<TimeSteps> steps = std::nullopt);

} // namespace skr
