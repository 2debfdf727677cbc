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
// The same for one time step of a trajectory (time_steps below): the matrix
// I + c dt L is better conditioned than L and the guess extrapolated from the
// last two steps is close, so a Krylov method needs a few iterations whatever
// the size (~15 with ILU on advdiff-t 128², Pe 200, dt 0.01: 2.4e-7 s per
// unknown), while a factorization costs what it costs for a steady system.
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
// time_steps the systems are the steps of trajectories (step_cost_law).
double predict_seconds(const std::string& method, int dims, std::size_t unknowns,
                       bool operator_fixed, std::optional<double> measured = std::nullopt,
                       bool time_steps = false);

// The coefficient that makes predict_seconds return `seconds` for this case:
// what a pilot's measurement teaches the model.
double measured_coefficient(const std::string& method, int dims, std::size_t unknowns,
                            bool operator_fixed, double seconds, bool time_steps = false);

} // namespace skr
