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

// Share of a system's cost left when its operator is the previous one's
// (the factorization, hierarchy or incomplete factors are kept).
double fixed_operator_share(const std::string& method);

// Predicted seconds per system; `measured` is a coefficient an earlier pilot
// measured for this family and method (see measured_coefficient).
double predict_seconds(const std::string& method, int dims, std::size_t unknowns,
                       bool operator_fixed, std::optional<double> measured = std::nullopt);

// The coefficient that makes predict_seconds return `seconds` for this case:
// what a pilot's measurement teaches the model.
double measured_coefficient(const std::string& method, int dims, std::size_t unknowns,
                            bool operator_fixed, double seconds);

} // namespace skr
